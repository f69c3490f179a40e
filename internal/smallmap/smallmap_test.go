package smallmap

import "testing"

// TestMap: values set in the list and past it are found and replaced.
func TestMap(t *testing.T) {
	m := Map[int, string]{Listed: 2}
	for i := 0; i < 5; i++ {
		m.Set(i, "a")
	}
	m.Set(1, "b") // in the list
	m.Set(4, "c") // in the map
	for k, want := range map[int]string{0: "a", 1: "b", 2: "a", 3: "a", 4: "c"} {
		if got, ok := m.Get(k); !ok || got != want {
			t.Errorf("Get(%d) = %q, %t; want %q", k, got, ok, want)
		}
	}
	if _, ok := m.Get(9); ok {
		t.Error("Get(9) found a value never set")
	}
	if len(m.list) != 2 || len(m.more) != 3 {
		t.Errorf("list %d, map %d; want 2 and 3", len(m.list), len(m.more))
	}
	var z Map[string, int]
	z.Set("x", 1)
	if v, ok := z.Get("x"); !ok || v != 1 || cap(z.list) != 8 {
		t.Errorf("zero Map: %d %t, list cap %d", v, ok, cap(z.list))
	}
}
