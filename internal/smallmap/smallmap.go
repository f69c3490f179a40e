// Package smallmap holds Map, a map for the few keys a hot path usually
// has: searching a short list costs less than hashing into a Go map.
package smallmap

// Map keeps its first Listed entries in a list searched in order, and the
// rest in a Go map. The zero value is empty, with Listed 8.
type Map[K comparable, V any] struct {
	// Listed is how many entries the list holds (0: 8).
	Listed int
	list   []entry[K, V]
	more   map[K]V
}

type entry[K comparable, V any] struct {
	key K
	val V
}

// Get returns the value of key, and whether it is set.
func (m *Map[K, V]) Get(key K) (V, bool) {
	for i := range m.list {
		if m.list[i].key == key {
			return m.list[i].val, true
		}
	}
	v, ok := m.more[key]
	return v, ok
}

// Set sets the value of key.
func (m *Map[K, V]) Set(key K, v V) {
	for i := range m.list {
		if m.list[i].key == key {
			m.list[i].val = v
			return
		}
	}
	if _, ok := m.more[key]; ok {
		m.more[key] = v
		return
	}
	listed := m.Listed
	if listed <= 0 {
		listed = 8
	}
	if len(m.list) < listed {
		if m.list == nil {
			m.list = make([]entry[K, V], 0, listed)
		}
		m.list = append(m.list, entry[K, V]{key, v})
		return
	}
	if m.more == nil {
		m.more = map[K]V{}
	}
	m.more[key] = v
}
