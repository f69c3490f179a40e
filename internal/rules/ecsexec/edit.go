package ecsexec

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// execNames spell the exec configuration in one format.
type execNames struct {
	exec                                                           []string
	logging, logConf, group, groupEnc, bucket, bucketEnc, kmsKeyID string
}

var cfnExec = execNames{[]string{"Configuration", "ExecuteCommandConfiguration"}, "Logging", "LogConfiguration",
	"CloudWatchLogGroupName", "CloudWatchEncryptionEnabled", "S3BucketName", "S3EncryptionEnabled", "KmsKeyId"}

var tfExec = execNames{[]string{"configuration", "execute_command_configuration"}, "logging", "log_configuration",
	"cloud_watch_log_group_name", "cloud_watch_encryption_enabled", "s3_bucket_name", "s3_bucket_encryption_enabled", "kms_key_id"}

// execEditor edits a cluster's exec configuration in CloudFormation
// (properties) or Terraform (blocks), by paths of names of its format.
type execEditor struct {
	p     *rule.FixPass
	n     execNames
	d     *fix.Doc
	t     *fix.TF
	body  *hclsyntax.Body
	edits []fix.Edit
}

// openExec opens the finding's cluster; nil when it cannot be (skipped).
func openExec(p *rule.FixPass) *execEditor {
	if p.Finding.Format == model.Terraform {
		t, blk := p.TF()
		if t == nil {
			return nil
		}
		return &execEditor{p: p, n: tfExec, t: t, body: blk.Body}
	}
	d := p.Doc()
	if d == nil {
		return nil
	}
	return &execEditor{p: p, n: cfnExec, d: d}
}

func (e *execEditor) exec(name string) []string {
	return append(append([]string(nil), e.n.exec...), name)
}

func (e *execEditor) logs(name string) []string { return e.exec(e.n.logConf + "\x00" + name) }

// split turns a logs() path into its names.
func split(path []string) []string {
	var out []string
	for _, p := range path {
		out = append(out, strings.Split(p, "\x00")...)
	}
	return out
}

// value returns the text of the value at path, and whether it is written.
func (e *execEditor) value(path []string) (string, bool) {
	path = split(path)
	if e.d != nil {
		n := e.d.Property(e.p.Finding.Resource, path...)
		if n == nil {
			return "", false
		}
		return n.Value, true
	}
	body := e.body
	for _, name := range path[:len(path)-1] {
		bs, err := e.t.Blocks(body, name)
		if err != nil || len(bs) == 0 {
			return "", false
		}
		body = bs[0].Body
	}
	last := path[len(path)-1]
	if _, ok := body.Attributes[last]; ok {
		return fix.Attr(body, last), true
	}
	for _, b := range body.Blocks {
		if b.Type == last {
			return "", true
		}
	}
	return "", false
}

func (e *execEditor) get(path []string) bool {
	_, ok := e.value(path)
	return ok
}

func (e *execEditor) is(path []string, v string) bool {
	s, _ := e.value(path)
	return strings.EqualFold(s, v)
}

// set sets the value at path; a Map sets a block (Terraform) or mapping.
func (e *execEditor) set(path []string, v any) error {
	path = split(path)
	if e.d != nil {
		es, err := e.d.SetProperty(e.p.Finding.Resource, path, v)
		e.edits = append(e.edits, es...)
		return err
	}
	if m, ok := v.(fix.Map); ok {
		// A block: add it under the blocks of path that exist.
		body := e.body
		for i, name := range path[:len(path)-1] {
			bs, err := e.t.Blocks(body, name)
			if err != nil {
				return err
			}
			if len(bs) == 0 {
				return e.t.AddBlock(body, path[i:], m)
			}
			body = bs[0].Body
		}
		return e.t.AddBlock(body, path[len(path)-1:], m)
	}
	return e.t.Set(e.body, path, v)
}

// Edits returns the edits made.
func (e *execEditor) Edits() ([]fix.Edit, error) {
	if e.t != nil {
		return e.t.Edits()
	}
	return e.edits, nil
}
