package inputs

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/scan"
)

// utf16Text encodes s as UTF-16 with a byte-order mark.
func utf16Text(order binary.AppendByteOrder, s string) string {
	out := order.AppendUint16(nil, 0xfeff)
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return string(out)
}

// TestYAMLDispatch checks that YAML and JSON files reach the adapter their
// content calls for, and that files of no kind are left alone.
func TestYAMLDispatch(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		claimed    bool
		format     model.Format
		diag       string // level of the one diagnostic expected
		msg        string
	}{
		{name: "manifest", claimed: true, format: model.Kubernetes,
			text: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n"},
		{name: "json manifest", claimed: true, format: model.Kubernetes,
			text: `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}}`},
		{name: "manifest after another document", claimed: true, format: model.Kubernetes,
			text: "# comment only\n---\nfoo: bar\n---\napiVersion: v1\nkind: Pod\n"},
		{name: "template mentioning apiVersion and kind", claimed: true, format: model.CloudFormation,
			text: "AWSTemplateFormatVersion: '2010-09-09'\nDescription: apiVersion kind\nResources:\n  R: {Type: AWS::ECR::Repository}\n"},
		{name: "chart metadata", claimed: false,
			text: "apiVersion: v2\nname: app\nversion: 1.0.0\n"},
		{name: "helm template", claimed: true, diag: finding.LevelNotice, msg: "helm template",
			text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include \"labels\" . | nindent 4 }}\n"},
		{name: "UTF-16 LE manifest", claimed: true, format: model.Kubernetes,
			text: utf16Text(binary.LittleEndian, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n")},
		{name: "UTF-16 BE template", claimed: true, format: model.CloudFormation,
			text: utf16Text(binary.BigEndian, "Resources:\n  R: {Type: AWS::ECR::Repository}\n")},
		{name: "JSON escapes in keys and types", claimed: true, format: model.CloudFormation,
			text: `{"\u0041WSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS\u003a:ECR::Repository"}}}`},
		{name: "YAML escapes", claimed: true, format: model.Kubernetes,
			text: "\"\\x61piVersion\": v1\n\"kin\\x64\": Pod\nmetadata: {name: p}\n"},
		{name: "escaped slash in apiVersion", claimed: true, format: model.Kubernetes,
			text: `{"apiVersion": "apps\/v1", "\u006bind": "Deployment", "metadata": {"name": "d"}}`},
		{name: "escapes in a file of no kind", claimed: false,
			text: `{"name": "pkg", "description": "caf\u00e9"}`},
		{name: "broken manifest", claimed: true, diag: finding.LevelError, msg: "cannot parse",
			text: "apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n"},
		// The first kind the bytes look like is tried first; when the
		// parsed file is not one, the later kinds are.
		{name: "manifest that looks like a template first", claimed: true, format: model.Kubernetes,
			text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  Resources: AWS::ECR::Repository\n"},
		{name: "task definition that looks like a template first", claimed: true, format: model.TaskDefJSON,
			text: `{"family": "f", "containerDefinitions": [{"name": "c", "image": "x", "environment": [{"name": "Resources", "value": "AWS::X"}]}]}`},
		{name: "looks like two kinds and is neither", claimed: false, diag: finding.LevelNotice,
			msg:  "looks like a CloudFormation template or an ECS task definition, but is none",
			text: "Resources: AWS::X\ncontainerDefinitions: {a: b}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, ok := adaptYAML(scan.Source{Path: "f.yaml", Data: []byte(tc.text)}, &scan.Options{})
			if ok != tc.claimed {
				t.Fatalf("claimed = %v, want %v", ok, tc.claimed)
			}
			if tc.format != "" {
				if len(res.States) == 0 || res.States[0].Format != tc.format {
					t.Errorf("states %v, want format %s", res.States, tc.format)
				}
			}
			var diags []finding.Diagnostic
			for _, d := range res.Diagnostics {
				if d.Level != finding.LevelWarning {
					diags = append(diags, d)
				}
			}
			switch {
			case tc.diag == "" && len(diags) > 0:
				t.Errorf("unexpected diagnostics %v", diags)
			case tc.diag != "" && (len(diags) != 1 || diags[0].Level != tc.diag || !strings.Contains(diags[0].Message, tc.msg)):
				t.Errorf("diagnostics %v, want one %s containing %q", diags, tc.diag, tc.msg)
			}
		})
	}
}
