package pkginstall

import "strings"

// Cache is a directory where a package manager leaves package lists or
// downloads that the installed software does not need. Dockerfile rules
// judge the RUN that should clean it; image rules find what is left in the
// layers.
type Cache struct {
	// Manager is the package manager ("apt-get", "apk", "pip").
	Manager string
	// Dir is the directory, absolute, without a trailing slash. A "~"
	// first element stands for any home directory (/root, /home/NAME).
	Dir string
	// Fix says what to do in the RUN that installs (to the install
	// command, for an option).
	Fix string
	// Cleans are the commands, after the manager's name, that empty the
	// directory ("clean all" for yum clean all).
	Cleans [][]string
	// NoCache are the install options that leave nothing there.
	NoCache []string
}

// Caches are the package-manager caches that are worth removing.
var Caches = []Cache{
	{Manager: "apt-get", Dir: "/var/lib/apt/lists", Fix: "remove /var/lib/apt/lists/* in the same RUN",
		Cleans: [][]string{{"dist-clean"}}}, // apt 2.7 and later: dist-clean removes the lists too
	{Manager: "apt-get", Dir: "/var/cache/apt/archives", Fix: "run apt-get clean in the same RUN",
		Cleans: [][]string{{"clean"}, {"dist-clean"}}},
	{Manager: "apk", Dir: "/var/cache/apk", Fix: "add --no-cache",
		Cleans: [][]string{{"cache", "clean"}, {"cache", "purge"}}, NoCache: []string{"--no-cache"}},
	{Manager: "yum", Dir: "/var/cache/yum", Fix: "run yum clean all in the same RUN", Cleans: [][]string{{"clean", "all"}}},
	{Manager: "dnf", Dir: "/var/cache/dnf", Fix: "run dnf clean all in the same RUN", Cleans: [][]string{{"clean", "all"}}},
	{Manager: "zypper", Dir: "/var/cache/zypp", Fix: "run zypper clean --all in the same RUN", Cleans: [][]string{{"clean"}, {"cc"}}},
	{Manager: "pip", Dir: "~/.cache/pip", Fix: "add --no-cache-dir",
		Cleans: [][]string{{"cache", "purge"}}, NoCache: []string{"--no-cache-dir"}},
	{Manager: "npm", Dir: "~/.npm/_cacache", Fix: "run npm cache clean --force in the same RUN", Cleans: [][]string{{"cache", "clean"}}},
	{Manager: "yarn", Dir: "/usr/local/share/.cache/yarn", Fix: "run yarn cache clean in the same RUN", Cleans: [][]string{{"cache", "clean"}}},
	{Manager: "yarn", Dir: "~/.cache/yarn", Fix: "run yarn cache clean in the same RUN", Cleans: [][]string{{"cache", "clean"}}},
	{Manager: "go", Dir: "~/.cache/go-build", Fix: "mount a build cache (RUN --mount=type=cache,target=/root/.cache/go-build)",
		Cleans: [][]string{{"clean", "-cache"}}},
}

// CacheManager is the name Caches gives the package manager a command
// runs ("pip3.12" -> "pip", "apt" -> "apt-get"), and false for one
// without a cache listed. yum, dnf and microdnf share theirs: on RHEL 8
// and later yum is dnf, and each cleans what the other leaves.
func CacheManager(name string) (string, bool) {
	switch {
	case name == "apt" || name == "aptitude":
		return "apt-get", true
	case strings.HasPrefix(name, "pip"):
		return "pip", true
	case name == "microdnf" || name == "tdnf":
		return "dnf", true
	}
	for _, c := range Caches {
		if c.Manager == name {
			return name, true
		}
	}
	return "", false
}

// CachesOf returns the caches of a package manager (as CacheManager
// names it); yum and dnf each get the other's too.
func CachesOf(manager string) []Cache {
	var out []Cache
	for _, c := range Caches {
		if c.Manager == manager || rpmFamily(manager) && rpmFamily(c.Manager) {
			out = append(out, c)
		}
	}
	return out
}

func rpmFamily(m string) bool { return m == "yum" || m == "dnf" }

// Covers reports whether the directory dir (absolute, as written in a
// Dockerfile: a cache mount's target, an rm argument without its glob)
// is the cache directory or one above it, so that what is written there
// is covered by it. A "~" in the cache's Dir matches /root and /home/NAME.
func (c Cache) Covers(dir string) bool {
	dir = strings.TrimRight(dir, "/")
	if dir == "" {
		return false
	}
	full := c.Dir
	if rest, ok := strings.CutPrefix(c.Dir, "~/"); ok {
		home, ok := homeOf(dir + "/")
		if !ok {
			// a directory above every home: /home, /
			return strings.HasPrefix("/root/", dir+"/") || strings.HasPrefix("/home/", dir+"/")
		}
		full = home + "/" + rest
	}
	return full == dir || strings.HasPrefix(full, dir+"/")
}

// CacheOf returns the cache a slash-separated absolute path lies in, and
// the cache directory as found in the path ("/home/app/.cache/pip").
func CacheOf(p string) (Cache, string, bool) {
	for _, c := range Caches {
		if rest, ok := strings.CutPrefix(c.Dir, "~/"); ok {
			home, ok := homeOf(p)
			if !ok {
				continue
			}
			dir := home + "/" + rest
			if strings.HasPrefix(p, dir+"/") {
				return c, dir, true
			}
			continue
		}
		if strings.HasPrefix(p, c.Dir+"/") {
			return c, c.Dir, true
		}
	}
	return Cache{}, "", false
}

// homeOf returns the home directory a path is under: /root or /home/NAME.
func homeOf(p string) (string, bool) {
	if strings.HasPrefix(p, "/root/") {
		return "/root", true
	}
	if rest, ok := strings.CutPrefix(p, "/home/"); ok {
		if i := strings.IndexByte(rest, '/'); i > 0 {
			return "/home/" + rest[:i], true
		}
	}
	return "", false
}
