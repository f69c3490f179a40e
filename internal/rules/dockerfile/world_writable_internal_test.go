package dockerfile

import "testing"

func TestWorldWritableMode(t *testing.T) {
	cases := map[string]bool{
		"777": true, "0777": true, "666": true, "0666": true, "776": true, "774": false, "00777": true, "2777": true,
		"755": false, "0644": false, "1777": false, "01777": false, "775": false, "0o777": false, "8": false,
		"a+w": true, "o+w": true, "a+rwX": true, "ugo=rwx": true, "u+x,o+w": true, "o=rw": true, "go+w": true,
		"+w": false, "=rwx": false, "u+w,g+w": false, "o-w": false, "a-w": false, "a+rwxt": false, "o+w,o-w": false,
		"-R": false, "": false, "\x00": false, "$MODE": false, "a+r": false, "og+rX": false,
	}
	for m, want := range cases {
		if got := worldWritableMode(m); got != want {
			t.Errorf("worldWritableMode(%q) = %v, want %v", m, got, want)
		}
	}
}

func TestModeOf(t *testing.T) {
	cases := []struct {
		args      []string
		mode      string
		recursive bool
	}{
		{[]string{"chmod", "-R", "777", "/a"}, "777", true},
		{[]string{"chmod", "-Rf", "777", "/a"}, "777", true},
		{[]string{"chmod", "-w", "/a"}, "-w", false},
		{[]string{"chmod", "--reference=/x", "/a"}, "", false},
		{[]string{"chmod", "--", "777", "/a"}, "777", false},
		{[]string{"mkdir", "-p", "-m", "777", "/a"}, "777", false},
		{[]string{"mkdir", "-m777", "/a"}, "777", false},
		{[]string{"install", "--mode=0666", "f", "/a"}, "0666", false},
		{[]string{"install", "-o", "app", "f", "/a"}, "", false},
		{[]string{"chown", "777", "/a"}, "", false},
	}
	for _, c := range cases {
		name, args := unwrapCall(c.args)
		mode, _, rec := modeOf(name, args)
		if mode != c.mode || rec != c.recursive {
			t.Errorf("%v: mode %q recursive %v, want %q %v", c.args, mode, rec, c.mode, c.recursive)
		}
	}
}

func TestUnwrapCall(t *testing.T) {
	cases := map[string][]string{
		"chmod": {"sudo", "-u", "app", "-E", "chmod", "777", "/a"},
		"chown": {"env", "A=1", "B=2", "chown", "x"},
		"mkdir": {"xargs", "-I", "{}", "mkdir", "-m", "777", "{}"},
		"find":  {"find", "/a", "-type", "f"},
	}
	for want, args := range cases {
		if got, _ := unwrapCall(args); got != want {
			t.Errorf("%v: %q, want %q", args, got, want)
		}
	}
	if got, rest := unwrapCall([]string{"find", "/a", "-exec", "chmod", "777", "{}", ";", "-print"}); got != "chmod" || len(rest) != 3 {
		t.Errorf("find -exec: %q %v", got, rest)
	}
}
