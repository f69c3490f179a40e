package inputs

import (
	"bytes"
	"encoding/binary"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/cfn"
	"github.com/shipshape/shipshape/internal/adapt/k8s"
	"github.com/shipshape/shipshape/internal/adapt/taskdef"
	"github.com/shipshape/shipshape/internal/adapt/terraform"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
	"github.com/shipshape/shipshape/internal/scan"
)

func init() {
	scan.RegisterFileKind(scan.FileKind{Name: "yaml", ByName: yamlName, Sniff: yamlSniff, Adapt: adaptYAML, Noun: yamlNoun})
}

func yamlName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

// yamlDocKind is one kind of YAML/JSON document: a cheap test on the raw
// bytes, a test on the parsed first document, and the adapter.
type yamlDocKind struct {
	// name says what a document of this kind is, for notices ("a Kubernetes manifest").
	name      string
	looksLike func(data []byte) bool
	is        func(f *tree.File) bool
	adapt     func(path string, f *tree.File, o *scan.Options) adapt.Result
	// unparsed, when set, may explain a file of this kind that is not YAML
	// (a Helm template) with a message other than the parser's.
	unparsed func(data []byte, parseErr string) (msg string, ok bool)
	// unparsedKind names such files after a count (finding.Diagnostic.Kind).
	unparsedKind string
	// skipped names such files in the counts of reports.
	skipped *adapt.Noun
}

// yamlDocKinds are the document kinds, in the order they are tried.
var yamlDocKinds = []yamlDocKind{
	{
		// Terraform plan JSON first: it holds container definitions that
		// would otherwise look like a task definition.
		name:      "a Terraform plan",
		looksLike: terraform.LooksLikePlan,
		is:        func(f *tree.File) bool { return len(f.Docs) > 0 && terraform.IsPlan(f.Docs[0]) },
		adapt:     func(path string, f *tree.File, o *scan.Options) adapt.Result { return terraform.AdaptPlan(path, f) },
	},
	{
		name:      "a CloudFormation template",
		looksLike: cfn.LooksLikeTemplate,
		is:        func(f *tree.File) bool { return len(f.Docs) > 0 && cfn.IsTemplate(f.Docs[0]) },
		adapt: func(path string, f *tree.File, o *scan.Options) adapt.Result {
			return cfn.Adapt(path, f, cfn.Options{Params: o.CFNParams})
		},
	},
	{
		name:      "an ECS task definition",
		looksLike: taskdef.LooksLikeTaskDef,
		is:        func(f *tree.File) bool { return len(f.Docs) > 0 && taskdef.Body(f.Docs[0]) != nil },
		adapt:     func(path string, f *tree.File, o *scan.Options) adapt.Result { return taskdef.Adapt(path, f) },
	},
	{
		name:         "a Kubernetes manifest",
		looksLike:    k8s.LooksLikeManifest,
		is:           k8s.IsManifestFile,
		adapt:        func(path string, f *tree.File, o *scan.Options) adapt.Result { return k8s.Adapt(path, f) },
		unparsedKind: "Helm chart templates not scanned (run `helm template` and scan its output)",
		skipped:      &adapt.Noun{One: "Helm chart template", Many: "Helm chart templates"},
		unparsed: func(data []byte, parseErr string) (string, bool) {
			if !k8s.LooksLikeTemplate(data) {
				return "", false
			}
			return k8s.TemplateMessage(parseErr), true
		},
	},
}

func yamlSniff(data []byte) bool {
	data = decodeUTF16(data)
	for _, k := range yamlDocKinds {
		if k.looksLike(data) {
			return true
		}
	}
	return false
}

// decodeUTF16 returns UTF-16 text (with its byte-order mark) as UTF-8, for
// the cheap tests on raw bytes; other data is returned as is.
func decodeUTF16(data []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return data
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i+1 < len(data); i += 2 {
		units = append(units, order.Uint16(data[i:]))
	}
	return []byte(string(utf16.Decode(units)))
}

// mayHideKeys reports whether the raw bytes may spell the words the cheap
// tests look for in another way: JSON and YAML escapes (\u0041, \x41,
// apps\/v1) or UTF-16. Such a file is parsed, and its decoded documents
// tested.
func mayHideKeys(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return true
	}
	for i := bytes.IndexByte(data, '\\'); i >= 0 && i+1 < len(data); {
		switch data[i+1] {
		case 'u', 'U', 'x', '/':
			return true
		}
		j := bytes.IndexByte(data[i+2:], '\\')
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return false
}

// adaptYAML parses a YAML or JSON file once and hands it to the adapter its
// content calls for. Files that look like no input are not parsed at all.
func adaptYAML(src scan.Source, o *scan.Options) (adapt.Result, bool) {
	// The kinds the raw bytes look like are found in order, and the first
	// is tried on the parsed file before the cheap tests of the later
	// ones run (each searches the whole file): a CloudFormation template
	// is not searched for the words of a task definition or a manifest.
	first := slices.IndexFunc(yamlDocKinds, func(k yamlDocKind) bool { return k.looksLike(src.Data) })
	if first < 0 && !mayHideKeys(src.Data) && o.ForceType != "yaml" {
		return adapt.Result{}, false
	}
	f, err := tree.Parse(src.Data)
	if first >= 0 && err == nil && yamlDocKinds[first].is(f) {
		return yamlDocKinds[first].adapt(src.Path, f, o), true
	}
	candidates := yamlDocKinds // none looked like: decide on the decoded documents
	if first >= 0 {
		candidates = []yamlDocKind{yamlDocKinds[first]}
		for _, k := range yamlDocKinds[first+1:] {
			if k.looksLike(src.Data) {
				candidates = append(candidates, k)
			}
		}
	}
	if err != nil {
		var res adapt.Result
		line := 1
		msg := err.Error()
		if te, ok := err.(*tree.Error); ok {
			line, msg = te.Line, te.Msg
		}
		for _, k := range candidates {
			if k.unparsed == nil {
				continue
			}
			if note, ok := k.unparsed(src.Data, msg); ok {
				res.Note(k.unparsedKind, model.Pos{File: src.Path, Line: line}, note)
				res.Skipped = k.skipped
				return res, true
			}
		}
		res.Errorf(model.Pos{File: src.Path, Line: line}, "cannot parse: "+msg)
		return res, true
	}
	for _, k := range candidates {
		if k.is(f) {
			return k.adapt(src.Path, f, o), true
		}
	}
	if len(candidates) < len(yamlDocKinds) {
		// it looked like one of them, and is none
		return scan.NotRead(src.Path, "looks like "+candidateNames(candidates)+", but is none that shipshape reads"), false
	}
	return adapt.Result{}, false
}

// candidateNames names the document kinds a file looked like, for notices.
func candidateNames(ks []yamlDocKind) string {
	var names []string
	for _, k := range ks {
		names = append(names, k.name)
	}
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " or " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// yamlNoun names a YAML or JSON file by what it turned out to hold.
func yamlNoun(f model.Format) scan.Noun {
	switch f {
	case model.CloudFormation:
		return scan.Noun{One: "CloudFormation template", Many: "CloudFormation templates"}
	case model.TaskDefJSON:
		return scan.Noun{One: "task definition", Many: "task definitions"}
	case model.Kubernetes:
		return scan.Noun{One: "Kubernetes manifest", Many: "Kubernetes manifests"}
	case model.Terraform:
		return scan.Noun{One: "Terraform plan", Many: "Terraform plans"}
	}
	return scan.Noun{One: "YAML or JSON file", Many: "YAML or JSON files"}
}
