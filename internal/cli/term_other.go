//go:build !unix

package cli

import "os"

// terminalSize returns zeros: the size is not asked for on this system.
func terminalSize(*os.File) (width, height int) { return 0, 0 }
