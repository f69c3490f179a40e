package rule

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
)

// FixFunc repairs one finding in the file it was found in, by giving edits
// to p or saying why it cannot.
type FixFunc func(p *FixPass)

// FixPass is one fix function looking at one finding.
type FixPass struct {
	Rule    *Rule
	Finding finding.Finding
	// File is the file the finding is in.
	File *fix.File
	// Choices are the user's answers to what a fix may need (a KMS key, an
	// SSM parameter name, a user).
	Choices *fix.Choices

	edits  []fix.Edit
	skip   string
	notes  []string
	redact []string
}

// Edit adds edits of the file.
func (p *FixPass) Edit(es ...fix.Edit) { p.edits = append(p.edits, es...) }

// Skipf says why the finding is not fixed (printed to the user); edits
// given before are dropped.
func (p *FixPass) Skipf(format string, args ...any) {
	p.skip = fmt.Sprintf(format, args...)
	p.edits = nil
}

// Try adds the edits, or skips with the error's text when err is set: the
// usual way to call an editor.
func (p *FixPass) Try(es []fix.Edit, err error) bool {
	if err != nil {
		msg := err.Error()
		if errors.Is(err, fix.ErrUnsupported) {
			msg = msg[len(fix.ErrUnsupported.Error())+2:]
		}
		p.Skipf("%s", msg)
		return false
	}
	p.Edit(es...)
	return true
}

// Notef adds a note for the user about a fix that was made (what to do
// before deploying it).
func (p *FixPass) Notef(format string, args ...any) {
	p.notes = append(p.notes, fmt.Sprintf(format, args...))
}

// Redact names text the fix removes that must never be printed (a secret
// moved out of the file); diffs mask it.
func (p *FixPass) Redact(s string) { p.redact = append(p.redact, s) }

// Result returns what the fix function decided.
func (p *FixPass) Result() (edits []fix.Edit, skip string, notes, redact []string) {
	return fix.MergeInserts(p.edits), p.skip, p.notes, p.redact
}

// Doc returns the finding's file opened as YAML or JSON for editing; when
// it cannot be, the finding is skipped and Doc returns nil.
func (p *FixPass) Doc() *fix.Doc {
	d, err := p.File.Doc()
	if err != nil {
		p.Skipf("the file cannot be edited: %v", err)
		return nil
	}
	return d
}

// SetProperty is the fix of a CloudFormation finding that a property of its
// resource must have a value: it sets the property path (adding what is
// missing) of the finding's resource.
func SetProperty(v any, path ...string) FixFunc {
	return func(p *FixPass) {
		if d := p.Doc(); d != nil {
			p.Try(d.SetProperty(p.Finding.Resource, path, v))
		}
	}
}

// SetContainer is the fix of a finding on an ECS container definition
// (CloudFormation, task-definition JSON or Terraform) that a property path
// of the container must have a value; names are given as CloudFormation
// spells them.
func SetContainer(v any, path ...string) FixFunc {
	return func(p *FixPass) {
		if c := p.Container(); c != nil && p.Try(nil, c.Set(path, v)) {
			p.Done(c)
		}
	}
}

// Container opens the container definition the finding is on, in the
// syntax of its format; when it cannot be, the finding is skipped and
// Container returns nil.
func (p *FixPass) Container() fix.Container {
	if p.Finding.Format == model.Terraform {
		t, blk := p.TF()
		if t == nil {
			return nil
		}
		name := ""
		if m := containerName.FindStringSubmatch(p.Finding.Message); m != nil {
			name = m[1]
		}
		c, err := t.Container(blk, p.Finding.Pos.Line, name)
		if err != nil && blk.Range().Filename != p.Finding.Pos.File {
			// The finding was placed where a module's caller wrote the
			// container: edit it there.
			if w, werr := t.ContainerWritten(p.Finding.Pos.Line); werr == nil {
				return w
			}
		}
		if !p.Try(nil, err) {
			return nil
		}
		return c
	}
	d := p.Doc()
	if d == nil {
		return nil
	}
	c, err := d.ContainerAt(p.Finding.Format, p.Finding.Resource, p.Finding.Pos.Line)
	if !p.Try(nil, err) {
		return nil
	}
	return fix.YAMLContainer(d, c, p.Finding.Format)
}

// containerName finds the container a finding's message names.
var containerName = regexp.MustCompile(`^container "([^"]+)"`)

// Done adds the edits an editor made (a Container, a TF), or skips with
// the reason they cannot be made.
func (p *FixPass) Done(e interface{ Edits() ([]fix.Edit, error) }) bool {
	return p.Try(e.Edits())
}

// TF opens the finding's Terraform file and returns the block of the
// finding's resource; when it cannot, the finding is skipped and TF
// returns nil.
func (p *FixPass) TF() (*fix.TF, *hclsyntax.Block) {
	t, err := p.File.TF()
	if !p.Try(nil, err) {
		return nil, nil
	}
	blk, err := t.Resource(p.Finding.Resource)
	if !p.Try(nil, err) {
		return nil, nil
	}
	return t, blk
}

// SetTF is the fix of a Terraform finding that an attribute of its
// resource must have a value: path names the nested blocks, then the
// attribute (added where missing; a value read from a variable is changed
// where the variable gets it).
func SetTF(v any, path ...string) FixFunc {
	return func(p *FixPass) {
		if t, blk := p.TF(); t != nil && p.Try(nil, t.Set(blk.Body, path, v)) {
			p.Done(t)
		}
	}
}

// TFKMSKey returns the KMS key the user chose for a Terraform fix; when
// none was, the finding is skipped.
func (p *FixPass) TFKMSKey() (string, bool) {
	if p.Choices == nil || p.Choices.KMSKey == "" {
		p.Skipf("needs a customer managed KMS key: give --kms-key ARN, or fix.kms_key in .shipshape.yaml")
		return "", false
	}
	return p.Choices.KMSKey, true
}

// KMSKey returns the value to write for the KMS key the user chose (a key,
// or a Ref to a template parameter, whose declaration is added to the
// edits). When none was chosen the finding is skipped and ok is false.
func (p *FixPass) KMSKey(d *fix.Doc) (key any, ok bool) {
	key, decl, ok := fix.KMSKey(d, p.Choices)
	if !ok {
		p.Skipf("needs a customer managed KMS key: give --kms-key ARN (or --kms-key-parameter NAME to take it as a template parameter), or fix.kms_key in .shipshape.yaml")
		return nil, false
	}
	p.Edit(decl...)
	return key, true
}
