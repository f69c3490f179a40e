// Package ecr holds the rules on ECR repositories and registry scanning
// ("【AWS ECS】ECS+Fargateのセキュリティまとめ" (Monex Tech Blog): keep repositories private, immutable tags, scan images, encrypt
// with a customer KMS key; "AWSのコンテナセキュリティを考えるoverview" (Fusic on Zenn): Amazon Inspector, access control on the
// registry): repository policies, tag mutability, scanning, encryption and
// lifecycle policies.
package ecr

import (
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/model"
)

var repoInputs = []model.Format{model.CloudFormation, model.Terraform, model.LiveAWS}

// privateRepos returns the private repositories of the state: ECR Public
// repositories have no tag mutability, scanning, encryption or lifecycle
// settings.
func privateRepos(st *model.State) []*model.ECRRepository {
	var out []*model.ECRRepository
	for _, r := range model.Of[*model.ECRRepository](st) {
		if !r.Public {
			out = append(out, r)
		}
	}
	return out
}

func repoName(r *model.ECRRepository) model.Str { return r.Name }

// attachedPolicy is a repository policy and the resource that declares it.
type attachedPolicy struct {
	res  model.Resource
	doc  *model.PolicyDocument
	repo *model.ECRRepository // nil when a separate policy names no repository of the state
}

// repoPolicies returns the repository policies of the state: those written
// on repositories and those declared as resources of their own.
func repoPolicies(st *model.State) []attachedPolicy {
	var out []attachedPolicy
	for _, r := range model.Of[*model.ECRRepository](st) {
		if r.Policy != nil && !r.Policy.Unknown {
			out = append(out, attachedPolicy{res: r, doc: r.Policy, repo: r})
		}
	}
	for _, p := range model.Of[*model.ECRRepositoryPolicy](st) {
		if p.Policy == nil || p.Policy.Unknown {
			continue
		}
		repo, _ := model.Target[*model.ECRRepository](st, p.Repository, repoName)
		out = append(out, attachedPolicy{res: p, doc: p.Policy, repo: repo})
	}
	return out
}

// grantee is who an Allow statement grants to.
type grantee struct {
	// everyone is a "*" principal, or an Allow with NotPrincipal.
	everyone bool
	// named are the known AWS principals other than "*": account IDs and ARNs.
	named []string
}

func granteeOf(s model.Statement) grantee {
	var g grantee
	p := s.Principal
	if p.Not {
		// Allow with NotPrincipal grants everyone not listed; NotPrincipal "*" grants nobody.
		g.everyone = !p.Wildcard
		return g
	}
	g.everyone = p.Wildcard
	for _, a := range p.AWS {
		if a.Known() && a.V != "*" && a.V != "" {
			g.named = append(g.named, a.V)
		}
	}
	return g
}

// narrowingKeys are condition keys that limit which callers a statement
// admits. broadKeys among them still admit many principals (a whole
// organization, everything behind a VPC endpoint or an address range).
var (
	narrowingKeys = map[string]bool{
		"aws:principalorgid": true, "aws:principalorgpaths": true, "aws:principalaccount": true,
		"aws:principalarn": true, "aws:sourceaccount": true, "aws:sourcearn": true, "aws:sourceorgid": true,
		"aws:sourceorgpaths": true, "aws:sourcevpce": true, "aws:sourcevpc": true, "aws:sourceip": true,
		"aws:principalservicename": true, "aws:userid": true,
	}
	broadKeys = map[string]bool{
		"aws:principalorgid": true, "aws:principalorgpaths": true, "aws:sourceorgid": true,
		"aws:sourceorgpaths": true, "aws:sourcevpce": true, "aws:sourcevpc": true, "aws:sourceip": true,
	}
)

// narrowing returns the condition keys of a statement that limit who it
// admits, and whether its Condition could not be resolved (which may hold
// such a key).
func narrowing(s model.Statement) (keys []string, unknown bool) {
	if s.Condition.P == model.Unknown {
		unknown = true
	}
	for _, c := range s.Conditions {
		op := strings.ToLower(c.Operator)
		op = strings.TrimPrefix(strings.TrimPrefix(op, "foranyvalue:"), "forallvalues:")
		key := strings.ToLower(c.Key)
		if key == "aws:principalisawsservice" && op == "bool" && c.Values.Has("true") {
			keys = append(keys, c.Key)
			continue
		}
		if !narrowingKeys[key] || strings.HasSuffix(op, "ifexists") {
			continue
		}
		switch op {
		case "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress":
		default:
			continue
		}
		if c.Values.HasUnknown() {
			unknown = true
			continue
		}
		if len(c.Values.Items) == 0 || c.Values.Has("*", "0.0.0.0/0", "::/0") {
			continue
		}
		keys = append(keys, c.Key)
	}
	return keys, unknown
}

// wildcardMatch matches s against a pattern where "*" stands for any run of
// characters and "?" for one, ignoring case.
func wildcardMatch(pattern, s string) bool {
	p, t := strings.ToLower(pattern), strings.ToLower(s)
	star, mark := -1, 0
	i, j := 0, 0
	for j < len(t) {
		switch {
		case i < len(p) && (p[i] == '?' || p[i] == t[j]):
			i++
			j++
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case star >= 0:
			i = star + 1
			mark++
			j = mark
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}

// summarize lists up to three values and counts the rest.
func summarize(vals []string) string {
	if len(vals) <= 3 {
		return strings.Join(vals, ", ")
	}
	return strings.Join(vals[:3], ", ") + " and " + strconv.Itoa(len(vals)-3) + " more"
}

// knownActions returns the known actions of a statement as written.
func knownActions(l model.List) []string {
	var out []string
	for _, a := range l.Items {
		if a.Known() {
			out = append(out, a.V)
		}
	}
	return out
}

// everyoneText names the callers of a statement granting to everyone.
func everyoneText(s model.Statement) string {
	if s.Principal.Not {
		return "every principal not listed under NotPrincipal"
	}
	return "every principal (\"*\")"
}

// describePrincipals names known AWS principals: account IDs or ARNs.
func describePrincipals(named []string) string {
	accounts := true
	for _, n := range named {
		if len(n) != 12 || strings.Trim(n, "0123456789") != "" {
			accounts = false
		}
	}
	switch {
	case accounts && len(named) == 1:
		return "account " + named[0]
	case accounts:
		return "accounts " + summarize(named)
	case len(named) == 1:
		return "principal " + named[0]
	}
	return "principals " + summarize(named)
}
