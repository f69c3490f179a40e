//go:build !unix

package safefs

// openFlags: no FIFOs to guard against here.
const openFlags = 0
