// Package cfn adapts CloudFormation templates (YAML or JSON, SAM and
// AWS::LanguageExtensions included) into the model. It evaluates intrinsic
// functions with parameter defaults and overrides, evaluates conditions when
// their inputs are known, and when they are not, builds one state per
// combination of the unknown conditions so that rules judge every branch.
package cfn

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/awsres"
	"github.com/shipshape/shipshape/internal/budget"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// MaxVariantConditions is how many unknown conditions are enumerated; Fn::If
// on any further unknown condition evaluates to an unknown value.
const MaxVariantConditions = 3

// Options tune the evaluation.
type Options struct {
	// Params override parameter defaults (--param, --params-file).
	Params map[string]string
}

// LooksLikeTemplate is a cheap test on raw bytes, before parsing.
func LooksLikeTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
		(bytes.Contains(data, []byte("Resources")) && bytes.Contains(data, []byte("AWS::")))
}

// IsTemplate reports whether a parsed document is a CloudFormation template:
// it has AWSTemplateFormatVersion, or Resources holding AWS:: types.
func IsTemplate(root *tree.Node) bool {
	if root == nil || root.Kind != tree.Map {
		return false
	}
	if root.Get("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := root.Get("Resources")
	if res == nil || res.Kind != tree.Map {
		return false
	}
	for _, p := range res.Pairs {
		if t, ok := p.Value.Get("Type").Text(); ok && (strings.HasPrefix(t, "AWS::") || strings.HasPrefix(t, "Custom::")) {
			return true
		}
	}
	return false
}

type decodeFunc func(d awsres.Decoder, meta model.Meta, props *tree.Node) model.Resource

// decoders maps the resource types shipshape reads to their decoders.
var decoders = map[string]decodeFunc{
	"AWS::ECS::Cluster":        func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.Cluster(m, p) },
	"AWS::ECS::TaskDefinition": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.TaskDefinition(m, p) },
	"AWS::ECS::Service":        func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.Service(m, p) },
	"AWS::ECR::Repository":     func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.Repository(m, p) },
	"AWS::ECR::PublicRepository": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource {
		return d.PublicRepository(m, p)
	},
	"AWS::ECR::RegistryScanningConfiguration": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource {
		return d.RegistryScanning(m, p)
	},
	"AWS::IAM::Role":          func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.Role(m, p) },
	"AWS::IAM::Policy":        func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.IAMPolicy(m, p) },
	"AWS::IAM::ManagedPolicy": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.IAMPolicy(m, p) },
	"AWS::IAM::RolePolicy":    func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.IAMPolicy(m, p) },
	"AWS::EC2::SecurityGroup": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.SecurityGroup(m, p) },
	"AWS::ElasticLoadBalancingV2::LoadBalancer": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource {
		return d.LoadBalancer(m, p)
	},
	"AWS::ElasticLoadBalancing::LoadBalancer": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource {
		return d.LoadBalancer(m, p)
	},
	"AWS::EC2::SecurityGroupIngress": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource {
		in := &model.SecurityGroupIngress{Meta: m, Group: d.Str(p, "GroupId")}
		if in.Group.Absent() {
			in.Group = d.Str(p, "GroupName")
		}
		in.Rule = d.Ingress(p)[0]
		return in
	},
	"AWS::Logs::LogGroup":      func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.LogGroup(m, p) },
	"AWS::Logs::MetricFilter":  func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.MetricFilter(m, p) },
	"AWS::S3::Bucket":          func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.Bucket(m, p) },
	"AWS::CloudTrail::Trail":   func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.Trail(m, p) },
	"AWS::Events::Rule":        func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.EventRule(m, p) },
	"AWS::GuardDuty::Detector": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.GuardDutyDetector(m, p) },
	"AWS::EFS::FileSystem":     func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.EFS(m, p) },
	"AWS::EC2::LaunchTemplate": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.BlockDevices(m, p) },
	"AWS::EC2::Instance":       func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.BlockDevices(m, p) },
	"AWS::EC2::Volume":         func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.Volume(m, p) },
	"AWS::CodeBuild::Project":  func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.CodeBuild(m, p) },
	"AWS::EKS::Cluster":        func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return d.EKSCluster(m, p) },
	"AWS::KMS::Key":            func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return &model.KMSKey{Meta: m} },
	"AWS::KMS::Alias":          func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource { return &model.KMSKey{Meta: m} },
	"AWS::AutoScaling::LaunchConfiguration": func(d awsres.Decoder, m model.Meta, p *tree.Node) model.Resource {
		return d.BlockDevices(m, p)
	},
}

// resource is one declared resource the adapter reads.
type resource struct {
	id    string
	typ   string
	key   *tree.Node
	decl  *tree.Node
	props *tree.Node
	cond  string
}

// Adapt turns a parsed template into model states.
func Adapt(path string, f *tree.File, opts Options) adapt.Result {
	var res adapt.Result
	pos := func(line int) model.Pos { return model.Pos{File: path, Line: line} }
	for _, w := range f.Warnings {
		res.Warn(w.Kind, pos(w.Line), w.Msg)
	}
	if cs := f.Comments(); len(cs) > 0 {
		res.Comments = make([]adapt.Comment, 0, len(cs))
		for _, c := range cs {
			res.Comments = append(res.Comments, adapt.Comment{Pos: pos(c.Line), Text: c.Text})
		}
	}
	if len(f.Docs) == 0 {
		res.Errorf(pos(1), "empty template")
		return res
	}
	if len(f.Docs) > 1 {
		res.Warnf(pos(f.Docs[1].Line), "a template holds one YAML document; later documents are ignored")
	}
	root := f.Docs[0]
	ev := newEvaluator(root, opts, &res, path)

	resources := root.Get("Resources")
	var decls []resource
	switch {
	case resources.IsNull():
		at, msg := root.Line, "template has no Resources"
		for _, p := range root.Pairs {
			if p.Key.Value == "Resources" {
				at, msg = p.Key.Line, "Resources is empty"
			}
		}
		res.Warnf(pos(at), msg)
	case resources.Kind != tree.Map:
		res.Errorf(pos(resources.Line), fmt.Sprintf("Resources is a %s, not a mapping", resources.Kind))
	default:
		ev.resources = make(map[string]bool, len(resources.Pairs))
		for _, p := range resources.Pairs {
			id := p.Key.Value
			ev.resources[id] = true
			if strings.HasPrefix(id, "Fn::ForEach") {
				res.Note("Fn::ForEach loops not expanded (the resources they generate are not checked)", pos(p.Key.Line), "Fn::ForEach loop "+strings.TrimPrefix(id, "Fn::ForEach::")+" is not expanded; the resources it generates are not checked")
				continue
			}
			if p.Value.Kind != tree.Map {
				res.Warnf(pos(p.Key.Line), fmt.Sprintf("resource %s is a %s, not a mapping; skipped", id, p.Value.Kind))
				continue
			}
			typ, _ := p.Value.Get("Type").Text()
			if _, ok := decoders[typ]; !ok {
				continue
			}
			r := resource{id: id, typ: typ, key: p.Key, decl: p.Value, props: p.Value.Get("Properties")}
			if r.props != nil && r.props.Kind != tree.Map && r.props.Kind != tree.Null && r.props.Tag == "" {
				res.Warnf(pos(r.props.Line), fmt.Sprintf("Properties of %s is a %s, not a mapping; skipped", id, r.props.Kind))
				continue
			}
			r.cond, _ = p.Value.Get("Condition").Text()
			decls = append(decls, r)
		}
	}

	// First pass: evaluate with nothing assumed and note the conditions that
	// matter but cannot be evaluated.
	ev.usedUnknown = map[string]bool{}
	ev.usedConds = map[string]bool{}
	fp := &firstPass{}
	first := ev.build(path, decls, "", fp, nil)
	used := sortedKeys(ev.usedConds)
	ev.usedConds = nil
	var unknownConds []string
	undeclared := map[string]bool{}
	for _, c := range sortedKeys(ev.usedUnknown) {
		if _, declared := ev.condDefs[c]; declared {
			unknownConds = append(unknownConds, c)
			continue
		}
		// Judging both branches would double the work for a template
		// that cannot deploy; false leaves out what depends on it.
		undeclared[c] = false
		res.Warnf(pos(root.Line), fmt.Sprintf("condition %s is used but not declared under Conditions, which CloudFormation rejects; it is taken as false", c))
	}
	if len(undeclared) > 0 {
		ev.reset(undeclared)
		ev.usedUnknown = map[string]bool{}
		fp = &firstPass{}
		first = ev.build(path, decls, "", fp, nil)
	}
	fp.conds, fp.vec = used, ev.condsNow(used)
	var soft map[string]paramDecl
	if len(used) > 0 { // parameters matter only through the conditions used
		soft = softParams(root, opts.Params)
	}
	pvs, skipped := ev.paramVariants(used, soft)
	if len(skipped) > 0 {
		res.Note(fmt.Sprintf("templates with more than %d parameter values off their defaults that change conditions (the others judged with the defaults; --param settles them)", MaxParamVariants),
			pos(root.Line), fmt.Sprintf("%d more parameter values off their defaults change conditions (%s); they are judged with the defaults only, pass --param to judge them",
				len(skipped), strings.Join(skipped, "; ")))
	}
	if len(unknownConds) == 0 && len(pvs) == 0 {
		ev.reset(undeclared)
		res.States = append(res.States, first)
		checkNulls(&res, path, decls)
		noteBudget(&res, ev, pos(root.Line))
		return res
	}
	if len(unknownConds) > MaxVariantConditions {
		res.Note(fmt.Sprintf("templates with more than %d conditions that cannot be evaluated (branches judged for the first %d only; --param settles the others)", MaxVariantConditions, MaxVariantConditions),
			pos(root.Line), fmt.Sprintf("%d conditions cannot be evaluated (%s); branches are judged for the first %d only, pass --param to settle the others",
				len(unknownConds), strings.Join(unknownConds, ", "), MaxVariantConditions))
		unknownConds = unknownConds[:MaxVariantConditions]
	}
	// One state per combination of the unknown conditions' values, each
	// with every parameter's default and with each other parameter value
	// that changes a condition (params.go).
	sides := []paramVariant{{label: defaultLabel(pvs, soft)}}
	if len(pvs) == 0 {
		sides[0].label = ""
	}
	sides = append(sides, pvs...)
	for mask := 0; mask < 1<<len(unknownConds); mask++ {
		for _, side := range sides {
			forced := map[string]bool{}
			for c, v := range undeclared {
				forced[c] = v
			}
			var label []string
			for i, c := range unknownConds {
				v := mask&(1<<i) != 0
				forced[c] = v
				label = append(label, fmt.Sprintf("%s=%t", c, v))
			}
			if side.label != "" {
				label = append(label, strings.ReplaceAll(side.label, ", ", ","))
			}
			var orig *tree.Node
			if side.param != "" {
				orig = ev.params[side.param]
				ev.params[side.param] = side.value
			}
			ev.reset(forced)
			changed := fp.changed(ev, side.param)
			res.States = append(res.States, ev.build(path, decls, strings.Join(label, ", "), fp, changed))
			if side.param != "" {
				ev.params[side.param] = orig
			}
		}
	}
	checkNulls(&res, path, decls)
	noteBudget(&res, ev, pos(root.Line))
	return res
}

// noteBudget says when strings built by Fn::Sub or Fn::Join went over the
// evaluation budget and were left unknown.
func noteBudget(res *adapt.Result, ev *evaluator, at model.Pos) {
	if ev.budget.Exceeded() {
		res.Note(budget.Kind, at, ev.budget.Notice())
	}
}

func newEvaluator(root *tree.Node, opts Options, res *adapt.Result, path string) *evaluator {
	e := &evaluator{
		params:    map[string]*tree.Node{},
		mappings:  root.Get("Mappings"),
		condDefs:  map[string]*tree.Node{},
		resources: map[string]bool{},
		condCache: map[string]tri{},
		budget:    budget.New(),
	}
	if params := root.Get("Parameters"); params != nil && params.Kind == tree.Map {
		for _, p := range params.Pairs {
			e.params[p.Key.Value] = paramValue(p.Key.Value, p.Value, opts.Params)
		}
	}
	if conds := root.Get("Conditions"); conds != nil && conds.Kind == tree.Map {
		for _, p := range conds.Pairs {
			e.condDefs[p.Key.Value] = p.Value
		}
	}
	return e
}

// paramValue is a parameter's value: the override, else the default, split
// into a list for list types; SSM parameter types are never known here.
func paramValue(name string, decl *tree.Node, overrides map[string]string) *tree.Node {
	typ, _ := decl.Get("Type").Text()
	at := decl
	if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value") {
		return unknown(at, "parameter "+name+" is read from SSM Parameter Store at deploy time")
	}
	var v *tree.Node
	if s, ok := overrides[name]; ok {
		v = &tree.Node{Kind: tree.Scalar, Value: s, Line: at.Line, Col: at.Col}
	} else if d := decl.Get("Default"); d != nil && !d.IsNull() {
		v = d
	} else {
		return unknown(at, "parameter "+name+" has no default")
	}
	isList := typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")
	if s, ok := v.Text(); ok && isList {
		out := &tree.Node{Kind: tree.Seq, Line: v.Line, Col: v.Col}
		for _, part := range strings.Split(s, ",") {
			out.Items = append(out.Items, &tree.Node{Kind: tree.Scalar, Value: strings.TrimSpace(part), Line: v.Line, Col: v.Col})
		}
		return out
	}
	if v.Kind != tree.Scalar && v.Kind != tree.Seq {
		return unknown(at, "parameter "+name+" has a default that is not a value")
	}
	return v
}

func (e *evaluator) reset(forced map[string]bool) {
	e.forced = forced
	e.condCache = map[string]tri{}
	e.usedUnknown = nil
}

// firstPass is what the build with nothing assumed made of each resource
// and read to make it, so that a variant (conditions assumed, a parameter
// off its default) rebuilds only the resources whose inputs it changes.
type firstPass struct {
	res   []model.Resource // by declaration; nil for one left out
	reads []map[input]bool // see evaluator.reads
	conds []string         // the conditions evaluated
	vec   []tri            // their values
}

// condsNow evaluates the named conditions with what is assumed now.
func (e *evaluator) condsNow(conds []string) []tri {
	out := make([]tri, len(conds))
	for i, c := range conds {
		out[i] = e.cond(c)
	}
	return out
}

// changed names the inputs (see evaluator.reads) that differ from the
// first pass under what is assumed now, with param off its default.
func (fp *firstPass) changed(e *evaluator, param string) map[input]bool {
	out := map[input]bool{}
	if param != "" {
		out[input{name: param}] = true
	}
	for i, v := range e.condsNow(fp.conds) {
		if v != fp.vec[i] {
			out[input{cond: true, name: fp.conds[i]}] = true
		}
	}
	return out
}

// linkedInto are the resource types State.Link adds to (a security group
// gets the rules of its standalone ingress resources): always rebuilt, so
// that no state sees the rules another state linked into it.
var linkedInto = map[string]bool{"AWS::EC2::SecurityGroup": true}

// build evaluates every resource and decodes it into a new state. With
// changed nil, it records into fp what it makes and reads; otherwise a
// resource that reads nothing changed is fp's, not built again.
func (e *evaluator) build(path string, decls []resource, variant string, fp *firstPass, changed map[input]bool) *model.State {
	st := model.NewState(path, model.CloudFormation)
	st.Variant = variant
	if len(decls) > 0 {
		st.Resources = make([]model.Resource, 0, len(decls))
	}
	d := awsres.Decoder{File: path}
	recording := fp != nil && changed == nil
	if recording {
		fp.res, fp.reads = make([]model.Resource, len(decls)), make([]map[input]bool, len(decls))
		e.recording = true
		defer func() { e.recording, e.reads = false, nil }()
	}
	for i, r := range decls {
		if changed != nil && !linkedInto[r.typ] && !readsAny(fp.reads[i], changed) {
			if fp.res[i] != nil {
				st.Add(fp.res[i])
			}
			continue
		}
		e.reads = nil
		made := e.resource(d, path, r)
		if recording {
			fp.res[i], fp.reads[i] = made, e.reads
		}
		if made != nil {
			st.Add(made)
		}
	}
	st.Link()
	return st
}

// resource evaluates and decodes one resource; nil when its condition is false.
func (e *evaluator) resource(d awsres.Decoder, path string, r resource) model.Resource {
	if r.cond != "" {
		switch e.cond(r.cond) {
		case triFalse:
			return nil
		case triUnknown:
			if e.usedUnknown != nil {
				e.usedUnknown[r.cond] = true
			}
		}
	}
	props := e.eval(r.props)
	if props == nil || props.Kind != tree.Map {
		props = &tree.Node{Kind: tree.Map, Line: r.key.Line}
	}
	meta := awsres.Meta(r.id, r.typ, model.CloudFormation, model.Pos{File: path, Line: r.key.Line, Col: r.key.Col})
	meta.Ignores = metadataIgnores(path, r.decl.Get("Metadata"))
	return decoders[r.typ](d, meta, props)
}

// readsAny reports whether a resource's reads include a changed input.
func readsAny(reads, changed map[input]bool) bool {
	if len(reads) > len(changed) {
		reads, changed = changed, reads
	}
	for k := range reads {
		if changed[k] {
			return true
		}
	}
	return false
}

// checkNulls warns about empty list items and values in the properties of
// the resources read (a "- # TODO" under SecurityGroupIngress), which are
// skipped rather than crashing the scan.
func checkNulls(res *adapt.Result, path string, decls []resource) {
	var lines []int
	for _, r := range decls {
		r.props.Walk(func(n *tree.Node) bool {
			for _, it := range n.Items {
				if it.Kind == tree.Null {
					lines = append(lines, it.Line)
				}
			}
			return true
		})
	}
	sort.Ints(lines)
	for _, l := range lines {
		res.Warn("empty list items (null, ignored)", model.Pos{File: path, Line: l}, "empty list item (null) ignored")
	}
}

// metadataIgnores reads suppressions from a resource's Metadata: shipshape's
// own, Checkov's skips and cfn-nag's rules_to_suppress.
func metadataIgnores(path string, md *tree.Node) []model.Ignore {
	if md == nil || md.Kind != tree.Map {
		return nil
	}
	var out []model.Ignore
	add := func(list *tree.Node, source, idKey, reasonKey string) {
		for _, it := range list.List() {
			id, ok := it.Get(idKey).Text()
			if !ok {
				if s, isText := it.Text(); isText && source == "metadata" {
					id = s // a bare rule ID
				} else {
					continue
				}
			}
			reason, _ := it.Get(reasonKey).Text()
			out = append(out, model.Ignore{RuleID: id, Reason: reason, Source: source, Pos: model.Pos{File: path, Line: it.Line}})
		}
	}
	add(md.Get("shipshape").Get("ignore"), "metadata", "id", "reason")
	add(md.Get("checkov").Get("skip"), "checkov", "id", "comment")
	add(md.Get("cfn_nag").Get("rules_to_suppress"), "cfn-nag", "id", "reason")
	return out
}
