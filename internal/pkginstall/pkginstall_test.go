package pkginstall

import (
	"reflect"
	"testing"

	"github.com/shipshape/shipshape/internal/parse/shell"
)

func parse(t *testing.T, src string) *shell.Script {
	t.Helper()
	s, err := shell.Parse(src)
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	return s
}

func TestInstalls(t *testing.T) {
	type inst struct {
		manager  string
		packages []string
	}
	tests := []struct {
		src  string
		want []inst
	}{
		{"apt-get update && apt-get install -y --no-install-recommends curl ca-certificates", []inst{{"apt-get", []string{"curl", "ca-certificates"}}}},
		{"apt-get -y install curl", []inst{{"apt-get", []string{"curl"}}}},
		{"/usr/bin/apt install -y vim", []inst{{"apt", []string{"vim"}}}},
		{"apk add --no-cache --virtual .build-deps gcc musl-dev", []inst{{"apk", []string{"gcc", "musl-dev"}}}},
		{"yum install -y httpd; dnf install -y nginx", []inst{{"yum", []string{"httpd"}}, {"dnf", []string{"nginx"}}}},
		{"microdnf install shadow-utils", []inst{{"microdnf", []string{"shadow-utils"}}}},
		{"zypper in -y git", []inst{{"zypper", []string{"git"}}}},
		{"pacman -Syu --noconfirm base-devel", []inst{{"pacman", []string{"base-devel"}}}},
		{"pip install -r requirements.txt flask==3.0", []inst{{"pip", []string{"flask==3.0"}}}},
		{"pip3 install --index-url https://pypi.example.com/simple requests", []inst{{"pip3", []string{"requests"}}}},
		{"pip3.12 install boto3", []inst{{"pip", []string{"boto3"}}}},
		{"python3 -m pip install --user poetry", []inst{{"pip", []string{"poetry"}}}},
		{"npm install -g typescript", []inst{{"npm", []string{"typescript"}}}},
		{"npm i", []inst{{"npm", nil}}},
		{"yarn global add pm2", []inst{{"yarn", []string{"pm2"}}}},
		{"yarn add left-pad", []inst{{"yarn", []string{"left-pad"}}}},
		{"yarn global remove pm2", nil},
		{"gem install bundler -v 2.5", []inst{{"gem", []string{"bundler"}}}},
		{"pip install -U --pre jax -i https://pypi.example.com/simple/ -f https://example.com/releases.html", []inst{{"pip", []string{"jax"}}}},
		{"pip install -v flask", []inst{{"pip", []string{"flask"}}}},
		{"apt-get install -o Dpkg::Options::=--force-confold -y nginx", []inst{{"apt-get", []string{"nginx"}}}},
		{"go install golang.org/x/tools/gopls@latest", []inst{{"go", []string{"golang.org/x/tools/gopls@latest"}}}},
		{"cargo install ripgrep", []inst{{"cargo", []string{"ripgrep"}}}},
		{"sudo apt-get install -y git", []inst{{"apt-get", []string{"git"}}}},
		{"sudo -E env DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata", []inst{{"apt-get", []string{"tzdata"}}}},
		{"exec apk add curl", []inst{{"apk", []string{"curl"}}}},
		{"sh -c 'apk add curl && pip install x'", []inst{{"apk", []string{"curl"}}, {"pip", []string{"x"}}}},
		{"if [ -n \"$DEBUG\" ]; then apt-get install -y strace; fi", []inst{{"apt-get", []string{"strace"}}}},
		{"yarn install --frozen-lockfile", []inst{{"yarn", nil}}},
		{"dnf module install -y nodejs:20/common", []inst{{"dnf", []string{"nodejs:20/common"}}}},
		{"pip install --root-user-action ignore flask", []inst{{"pip", []string{"flask"}}}},
		{"npm install --loglevel warn express", []inst{{"npm", []string{"express"}}}},
		{"go install -ldflags '-s -w' ./cmd/x", []inst{{"go", []string{"./cmd/x"}}}},
		// Not installs.
		{"dnf module enable -y php:8.2", nil},
		{"apt-get install -s postgresql-18-jit", nil},
		{"apt-get -qqs install curl", nil},
		{"pip install --dry-run flask", nil},
		{"apt-get update", nil},
		{"apt-get -y upgrade", nil},
		{"npm ci", nil},
		{"npm run build", nil},
		{"pip freeze > requirements.txt", nil},
		{"go build ./...", nil},
		{"echo apt-get install curl", nil},
		{"sudo", nil},
		{"sudo -E", nil},
		{"python3 -m venv /opt/venv", nil},
		{"python app.py", nil},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			var got []inst
			for _, in := range Installs(parse(t, tc.src)) {
				if in.Call == nil {
					t.Error("install without its call")
				}
				got = append(got, inst{in.Manager, in.Packages})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestInstallLines(t *testing.T) {
	s := parse(t, "set -e\napt-get update\napt-get install -y curl\n")
	ins := Installs(s)
	if len(ins) != 1 || ins[0].Call.Line != 3 {
		t.Fatalf("installs %+v, want one at line 3", ins)
	}
}

func TestPipesToShell(t *testing.T) {
	type dl struct{ fetcher, shell string }
	tests := []struct {
		src  string
		want []dl
	}{
		{"curl -fsSL https://get.example.com | sh", []dl{{"curl", "sh"}}},
		{"curl -fsSL https://get.example.com | sh -s -- --version 1", []dl{{"curl", "sh"}}},
		{"wget -qO- https://x.example/install.sh | sudo bash", []dl{{"wget", "bash"}}},
		{"wget -qO- https://x.example/install.sh | sudo -E env FOO=1 bash", []dl{{"wget", "bash"}}},
		{"curl -sL https://x | sudo", nil},
		{"curl https://x.example/get-pip.py | python3", []dl{{"curl", "python3"}}},
		{"curl https://x.example/i.py | python3.12", []dl{{"curl", "python3.12"}}},
		{"/usr/bin/curl -L https://x | /bin/bash", []dl{{"curl", "bash"}}},
		{`bash -c "$(curl -fsSL https://x.example/install.sh)"`, []dl{{"curl", "bash"}}},
		{"sh <(curl -s https://x.example/i.sh)", []dl{{"curl", "sh"}}},
		{"apt-get update && curl -o /tmp/i.sh https://x && sh /tmp/i.sh", nil},
		{"curl https://x | tar xz", nil},
		{"curl https://x | sha256sum -c", nil},
		{"echo hi | sh", nil},
		{"curl https://x", nil},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			var got []dl
			for _, d := range PipesToShell(parse(t, tc.src)) {
				got = append(got, dl{d.Fetcher, d.Shell})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestCacheCovers(t *testing.T) {
	pip := Cache{Manager: "pip", Dir: "~/.cache/pip"}
	apt := Cache{Manager: "apt-get", Dir: "/var/lib/apt/lists"}
	for _, tc := range []struct {
		c    Cache
		dir  string
		want bool
	}{
		{pip, "/root/.cache/pip", true}, {pip, "/root/.cache", true}, {pip, "/home/app/.cache/pip/", true},
		{pip, "/root", true}, {pip, "/home", true}, {pip, "/root/.cache/pip/http", false}, {pip, "/tmp", false},
		{apt, "/var/lib/apt", true}, {apt, "/var/lib/apt/lists/", true}, {apt, "/var/cache/apt", false}, {apt, "/", false},
	} {
		if got := tc.c.Covers(tc.dir); got != tc.want {
			t.Errorf("%s covers %s = %v, want %v", tc.c.Dir, tc.dir, got, tc.want)
		}
	}
	if m, ok := CacheManager("microdnf"); !ok || m != "dnf" || len(CachesOf(m)) != 2 {
		t.Errorf("microdnf: %q %v %d caches", m, ok, len(CachesOf(m)))
	}
}
