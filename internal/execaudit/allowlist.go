package execaudit

import (
	"regexp"
	"strings"
)

// Allowlist is exec_allowlist of .shipshape.yaml: the principals allowed
// to use ECS Exec. An entry that starts with "arn:" is matched against
// the caller's ARN and, for an assumed-role session, the role's ARN; any
// other entry is matched against the IAM user's name or the assumed
// role's name (never the session name, which the caller chooses). "*"
// matches any run of characters.
type Allowlist struct {
	entries []allowEntry
}

type allowEntry struct {
	text string
	re   *regexp.Regexp
	arn  bool
}

// NewAllowlist compiles the entries.
func NewAllowlist(entries []string) *Allowlist {
	a := &Allowlist{}
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		parts := strings.Split(e, "*")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		a.entries = append(a.entries, allowEntry{text: e, re: regexp.MustCompile("^" + strings.Join(parts, ".*") + "$"), arn: strings.HasPrefix(e, "arn:")})
	}
	return a
}

// Len is the number of entries.
func (a *Allowlist) Len() int { return len(a.entries) }

// Match returns the entry that allows ev's principal, or "".
func (a *Allowlist) Match(ev *Event) string {
	names := []string{}
	switch ev.PrincipalType {
	case "IAMUser":
		names = append(names, lastPart(ev.ARN))
	case "AssumedRole":
		names = append(names, lastPart(ev.RoleARN))
	}
	for _, e := range a.entries {
		if e.arn {
			for _, arn := range []string{ev.ARN, ev.RoleARN} {
				if arn != "" && e.re.MatchString(arn) {
					return e.text
				}
			}
			continue
		}
		for _, n := range names {
			if n != "" && e.re.MatchString(n) {
				return e.text
			}
		}
	}
	return ""
}

// Apply marks every event allowlisted or not.
func (a *Allowlist) Apply(events []Event) {
	for i := range events {
		ev := &events[i]
		ev.AllowlistEntry = a.Match(ev)
		ev.Allowlisted = ev.AllowlistEntry != ""
	}
}

// lastPart is the name after the last "/" of an IAM ARN (a role's or
// user's path is left out).
func lastPart(arn string) string {
	if arn == "" {
		return ""
	}
	return arn[strings.LastIndex(arn, "/")+1:]
}
