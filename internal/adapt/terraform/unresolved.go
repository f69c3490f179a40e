package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/shipshape/shipshape/internal/adapt/awsres"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// ruleInput is an argument whose value rules read as a whole: when it
// cannot be evaluated, what it holds is not checked, and a notice says so.
type ruleInput struct {
	arg  string
	what string // what is not checked
	// required arguments left null (a module variable nobody set) are
	// not checked either.
	required bool
}

// ruleInputs are the rule inputs of each resource type.
var ruleInputs = map[string][]ruleInput{
	"aws_ecs_task_definition":             {{"container_definitions", "its containers are not checked", true}},
	"aws_iam_policy":                      {{"policy", "the policy is not checked", true}},
	"aws_iam_role_policy":                 {{"policy", "the policy is not checked", true}},
	"aws_iam_role":                        {{"assume_role_policy", "its trust policy is not checked", true}},
	"aws_ecr_repository_policy":           {{"policy", "the repository policy is not checked", true}},
	"aws_ecrpublic_repository_policy":     {{"policy", "the repository policy is not checked", true}},
	"aws_security_group":                  {{"ingress", "its ingress rules are not checked", false}},
	"aws_security_group_rule":             {{"cidr_blocks", "the sources it admits are not checked", false}, {"ipv6_cidr_blocks", "the sources it admits are not checked", false}},
	"aws_vpc_security_group_ingress_rule": {{"cidr_ipv4", "the source it admits is not checked", false}, {"cidr_ipv6", "the source it admits is not checked", false}},
}

// noteUnresolved says which rule inputs of a resource instance could not be
// evaluated: never a silent pass.
func (e *modEval) noteUnresolved(r *resourceDecl, addr string, props *tree.Node) {
	for _, in := range ruleInputs[r.typ] {
		_, v := props.FieldPair(in.arg)
		null := in.required && v != nil && v.IsNull()
		if !null && !awsres.Unresolved(props, in.arg) {
			continue
		}
		rng, text, dynamic := e.argSource(r, in.arg)
		what := in.arg
		switch {
		case dynamic && text != "":
			what = "dynamic " + in.arg + " block over " + text
		case text != "":
			what = in.arg + " = " + text
		}
		why, verb := "", " cannot be evaluated"
		if null {
			verb = " is null (no value given)"
		} else if v != nil {
			why = dependsOn(v)
		}
		e.a.res.Note("arguments that cannot be evaluated (not checked)", posOf(r.file, rng),
			addr+": "+what+verb+why+"; "+in.what)
	}
}

// dependsOn names what made a value unknown, when it refers to a resource,
// data source or module output.
func dependsOn(v *tree.Node) string {
	var refs []string
	v.Walk(func(n *tree.Node) bool {
		for _, r := range n.Refs {
			t := r.Target
			if r.Attr != "" {
				t += "." + r.Attr
			}
			if len(refs) < 3 && !contains(refs, t) {
				refs = append(refs, t)
			}
		}
		return true
	})
	if len(refs) == 0 {
		return ""
	}
	return " (it depends on " + strings.Join(refs, ", ") + ", known only after apply)"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// maxExprText bounds the expression text a notice quotes.
const maxExprText = 80

// argSource is where an argument (or the dynamic block that makes it) is
// written, with its expression's text on one line.
func (e *modEval) argSource(r *resourceDecl, arg string) (rng hcl.Range, text string, dynamic bool) {
	rng = r.rng
	body, ok := r.body.(*hclsyntax.Body)
	if !ok {
		return rng, "", false
	}
	var expr hclsyntax.Expression
	if at := body.Attributes[arg]; at != nil {
		expr, rng = at.Expr, at.SrcRange
	} else {
		for _, blk := range body.Blocks {
			if blk.Type == "dynamic" && len(blk.Labels) == 1 && blk.Labels[0] == arg {
				rng, dynamic = blk.TypeRange, true
				if fe := blk.Body.Attributes["for_each"]; fe != nil {
					expr = fe.Expr
				}
			}
		}
	}
	if expr == nil {
		return rng, "", dynamic
	}
	er := expr.Range()
	src := e.a.src[er.Filename]
	if er.Start.Byte < 0 || er.End.Byte > len(src) || er.Start.Byte > er.End.Byte {
		return rng, "", dynamic
	}
	text = strings.Join(strings.Fields(string(src[er.Start.Byte:er.End.Byte])), " ")
	if len(text) > maxExprText {
		text = text[:maxExprText-1] + "…"
	}
	return rng, text, dynamic
}
