// Package inputs registers every kind of input with the scan pipeline: one
// file per kind, each naming the files it claims and the adapter that reads
// them. Importing this package is what makes a scan read anything.
package inputs

import "sync"

// memoized returns the value a scan keeps in memo under key, made by
// fresh the first time it is asked for (a kind's store that lives for one
// scan); nil when the scan keeps none. Most calls find it: fresh runs once.
func memoized[T any](memo *sync.Map, key string, fresh func() *T) *T {
	if memo == nil {
		return nil
	}
	if v, ok := memo.Load(key); ok {
		return v.(*T)
	}
	v, _ := memo.LoadOrStore(key, fresh())
	return v.(*T)
}
