// Package inputs registers every kind of input with the scan pipeline: one
// file per kind, each naming the files it claims and the adapter that reads
// them. Importing this package is what makes a scan read anything.
package inputs
