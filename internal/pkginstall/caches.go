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
	// Fix says what to do in the RUN that installs.
	Fix string
}

// Caches are the package-manager caches that are worth removing.
var Caches = []Cache{
	{"apt-get", "/var/lib/apt/lists", "remove /var/lib/apt/lists/* in the same RUN"},
	{"apt-get", "/var/cache/apt/archives", "run apt-get clean in the same RUN"},
	{"apk", "/var/cache/apk", "add --no-cache to apk add"},
	{"yum", "/var/cache/yum", "run yum clean all in the same RUN"},
	{"dnf", "/var/cache/dnf", "run dnf clean all in the same RUN"},
	{"zypper", "/var/cache/zypp", "run zypper clean --all in the same RUN"},
	{"pip", "~/.cache/pip", "add --no-cache-dir to pip install"},
	{"npm", "~/.npm/_cacache", "run npm cache clean --force in the same RUN"},
	{"yarn", "/usr/local/share/.cache/yarn", "run yarn cache clean in the same RUN"},
	{"yarn", "~/.cache/yarn", "run yarn cache clean in the same RUN"},
	{"go", "~/.cache/go-build", "mount a build cache (RUN --mount=type=cache,target=/root/.cache/go-build)"},
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
