package awsres

import (
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Policy decodes a policy document given as an object or a JSON string.
func (d Decoder) Policy(v *tree.Node) *model.PolicyDocument {
	doc := &model.PolicyDocument{Pos: d.Pos(v)}
	if isText(v) {
		if parsed := parseJSONString(v); parsed != nil {
			v = parsed
		}
	}
	if v.Kind != tree.Map {
		doc.Unknown = true
		return doc
	}
	k, stmts := field(v, "Statement")
	if k != nil && stmts.IsUnknown() {
		doc.Unknown = true
	}
	list := stmts.List()
	if len(list) > 1 {
		doc.Statements = make([]model.Statement, 0, len(list)) // a statement is large: no regrowth
	}
	for _, s := range list {
		if s.Kind != tree.Map {
			if s.IsUnknown() {
				doc.Unknown = true
			}
			continue
		}
		st := model.Statement{
			Pos:       d.Pos(s),
			Sid:       d.Str(s, "Sid"),
			Effect:    d.Str(s, "Effect"),
			Actions:   d.List(s, "Action"),
			NotAction: d.List(s, "NotAction"),
			Resources: d.List(s, "Resource"),
			Condition: d.Block(s, "Condition"),
		}
		st.Conditions = d.conditions(&st.Condition, s)
		pk, pv := field(s, "Principal")
		if pk == nil {
			pk, pv = field(s, "NotPrincipal")
			st.Principal.Not = pk != nil
		}
		if pk != nil {
			st.Principal.Pos = d.Pos(pk)
			d.principal(&st.Principal, pv)
		}
		doc.Statements = append(doc.Statements, st)
	}
	return doc
}

// conditions decodes the key tests of a statement's Condition block; a
// computed operator block makes the whole Condition Unknown.
func (d Decoder) conditions(b *model.Block, s *tree.Node) []model.Condition {
	_, v := field(s, "Condition")
	if v == nil || v.Kind != tree.Map {
		return nil
	}
	var out []model.Condition
	for _, op := range v.Pairs {
		if op.Value.Kind != tree.Map {
			if !op.Value.IsNull() {
				b.P = model.Unknown
			}
			continue
		}
		for _, kv := range op.Value.Pairs {
			c := model.Condition{Operator: op.Key.Value, Key: kv.Key.Value, Pos: d.Pos(kv.Key)}
			c.Values = d.List(op.Value, kv.Key.Value)
			out = append(out, c)
		}
	}
	return out
}

func (d Decoder) principal(p *model.Principal, v *tree.Node) {
	if s, ok := v.Text(); ok {
		p.Wildcard = s == "*"
		return
	}
	for _, pair := range v.Pairs {
		for _, it := range pair.Value.List() {
			s := d.StrOf(it, d.Pos(it))
			switch {
			case tree.KeyEqual(pair.Key.Value, "AWS"):
				p.AWS = append(p.AWS, s)
				if s.Is("*") {
					p.Wildcard = true
				}
			case tree.KeyEqual(pair.Key.Value, "Service"):
				p.Service = append(p.Service, s)
			}
		}
	}
}

// Role decodes an IAM role with its inline policies.
func (d Decoder) Role(meta model.Meta, p *tree.Node) *model.IAMRole {
	r := &model.IAMRole{Meta: meta, Name: d.Str(p, "RoleName", "name"), ManagedPolicies: d.List(p, "ManagedPolicyArns")}
	if _, v := field(p, "AssumeRolePolicyDocument", "assume_role_policy"); v != nil {
		r.AssumePolicy = d.Policy(v)
	}
	for _, pol := range Items(p, "Policies", "inline_policy") {
		if _, v := field(pol, "PolicyDocument", "policy"); v != nil {
			r.InlinePolicies = append(r.InlinePolicies, d.Policy(v))
		}
	}
	return r
}

// IAMPolicy decodes a standalone or managed policy and the roles it is attached to.
func (d Decoder) IAMPolicy(meta model.Meta, p *tree.Node) *model.IAMPolicy {
	pol := &model.IAMPolicy{Meta: meta, Name: d.Str(p, "PolicyName", "ManagedPolicyName", "name"), Roles: d.List(p, "Roles")}
	if rn := d.Str(p, "RoleName", "role"); rn.P != model.Absent {
		pol.Roles.Items = append(pol.Roles.Items, rn)
		pol.Roles.P = model.Known
	}
	if _, v := field(p, "PolicyDocument", "policy"); v != nil {
		pol.Document = d.Policy(v)
	}
	return pol
}
