// Package suppress decides which findings do not count: inline comments
// (shipshape's own, and hadolint's, Checkov's and Trivy's where their IDs map
// to ours), resource metadata, the config file and a baseline of known
// findings.
package suppress

import (
	"regexp"
	"strings"
	"time"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// Kinds of directive.
const (
	KindInline   = "inline"
	KindHadolint = "hadolint"
	KindCheckov  = "checkov"
	KindTrivy    = "trivy"
)

// Directive is one suppression comment.
type Directive struct {
	Pos    model.Pos
	Kind   string
	IDs    []string
	Reason string
	// Until is the last day a Trivy or tfsec comment with [exp:YYYY-MM-DD]
	// applies (zero: no end).
	Until time.Time
}

// Expired reports whether the directive's end date has passed at now.
func (d Directive) Expired(now time.Time) bool {
	return !d.Until.IsZero() && !now.Before(d.Until.AddDate(0, 0, 1))
}

var (
	ownRe      = regexp.MustCompile(`shipshape:ignore\s+([A-Za-z0-9_./*,\s-]*?)\s*(?:--\s*(.*))?$`)
	hadolintRe = regexp.MustCompile(`hadolint\s+ignore=\s*([A-Za-z0-9][A-Za-z0-9,\s]*)`)
	checkovRe  = regexp.MustCompile(`checkov:skip=([A-Za-z0-9_]+)(?::(.*))?`)
	trivyRe    = regexp.MustCompile(`(?:trivy|tfsec):ignore:([A-Za-z0-9_-]+)(?:\[exp:(\d{4}-\d{2}-\d{2})\])?`)
)

// Parse reads the directive in a comment, if there is one.
func Parse(pos model.Pos, comment string) (Directive, bool) {
	if !adapt.MayBeDirective(comment) {
		return Directive{}, false
	}
	if m := ownRe.FindStringSubmatch(comment); m != nil {
		return Directive{Pos: pos, Kind: KindInline, IDs: splitIDs(m[1]), Reason: strings.TrimSpace(m[2])}, true
	}
	if m := hadolintRe.FindStringSubmatch(comment); m != nil {
		return Directive{Pos: pos, Kind: KindHadolint, IDs: splitIDs(m[1])}, true
	}
	if m := checkovRe.FindStringSubmatch(comment); m != nil {
		return Directive{Pos: pos, Kind: KindCheckov, IDs: []string{m[1]}, Reason: strings.TrimSpace(m[2])}, true
	}
	if m := trivyRe.FindStringSubmatch(comment); m != nil {
		d := Directive{Pos: pos, Kind: KindTrivy, IDs: []string{m[1]}}
		if m[2] != "" {
			if t, err := time.Parse(time.DateOnly, m[2]); err == nil {
				d.Until = t
			}
		}
		return d, true
	}
	return Directive{}, false
}

func splitIDs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

// CoversFinding is Covers for one finding whose peers narrow the rule's:
// when some of the finding's peers are the directive's tool's IDs, the
// directive must name one of those; otherwise the rule's apply.
func (d Directive) CoversFinding(r *rule.Rule, peers []string) bool {
	if d.Kind == KindInline {
		return d.Covers(r)
	}
	narrowed := narrow(toolPeers(d.Kind, r), peers)
	if narrowed == nil {
		return d.Covers(r)
	}
	for _, id := range d.IDs {
		if d.Kind == KindTrivy {
			id = trivyID(id)
		}
		if contains(narrowed, id) {
			return true
		}
	}
	return false
}

// toolPeers are the rule's peer IDs of the tool a directive or ignore
// comes from.
func toolPeers(kind string, r *rule.Rule) []string {
	switch kind {
	case KindHadolint:
		return r.Peers.Hadolint
	case KindCheckov:
		return r.Peers.Checkov
	case KindTrivy:
		return append(append([]string{}, r.Peers.Trivy...), r.Peers.KICS...)
	case "cfn-nag":
		return r.Peers.CfnNag
	}
	return nil
}

// narrow returns the IDs of list that are among peers, or nil when none is.
func narrow(list, peers []string) []string {
	var out []string
	for _, id := range list {
		if contains(peers, id) {
			out = append(out, id)
		}
	}
	return out
}

// Covers reports whether the directive names rule r, by its own ID or,
// for another tool's directive, by that tool's ID for the same check.
func (d Directive) Covers(r *rule.Rule) bool {
	var peers []string
	switch d.Kind {
	case KindInline:
		for _, id := range d.IDs {
			if id == r.ID || contains(r.Former, id) {
				return true
			}
		}
		return false
	case KindHadolint:
		peers = r.Peers.Hadolint
	case KindCheckov:
		peers = r.Peers.Checkov
	case KindTrivy:
		peers = append(append([]string{}, r.Peers.Trivy...), r.Peers.KICS...)
	}
	for _, id := range d.IDs {
		if d.Kind == KindTrivy {
			id = trivyID(id)
		}
		for _, p := range peers {
			if strings.EqualFold(id, p) {
				return true
			}
		}
	}
	return false
}

// FormerID returns the former ID of r the directive names when it names r
// only by a former ID ("" otherwise).
func (d Directive) FormerID(r *rule.Rule) string {
	if d.Kind != KindInline || contains(d.IDs, r.ID) {
		return ""
	}
	for _, id := range d.IDs {
		if contains(r.Former, id) {
			return id
		}
	}
	return ""
}

// NeedsReason reports whether the directive is shipshape's own and gives no
// reason, which makes it void.
func (d Directive) NeedsReason() bool { return d.Kind == KindInline && d.Reason == "" }

// IgnoreCoversFinding is IgnoreCovers for one finding whose peers narrow
// the rule's, as for CoversFinding.
func IgnoreCoversFinding(ig model.Ignore, r *rule.Rule, peers []string) bool {
	if narrowed := narrow(toolPeers(ig.Source, r), peers); narrowed != nil {
		return contains(narrowed, ig.RuleID)
	}
	return IgnoreCovers(ig, r)
}

// IgnoreCovers reports whether a resource-level ignore names rule r.
func IgnoreCovers(ig model.Ignore, r *rule.Rule) bool {
	switch ig.Source {
	case "checkov":
		return contains(r.Peers.Checkov, ig.RuleID)
	case "cfn-nag":
		return contains(r.Peers.CfnNag, ig.RuleID)
	case KindHadolint:
		return contains(r.Peers.Hadolint, ig.RuleID)
	}
	return ig.RuleID == r.ID
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
