// Package model is the one resource model every input is adapted into and
// every rule is written against. A CloudFormation AWS::ECR::Repository, a
// Terraform aws_ecr_repository and a live DescribeRepositories answer all
// become the same ECRRepository.
//
// Every value records where it came from and whether it is known: a value an
// adapter could not resolve is Unknown and rules never report it as insecure;
// a property that is not written is Absent and the AWS default applies.
package model

import (
	"strings"
)

// Format names an input kind. The names are the short ones the catalog uses.
type Format string

// The input formats.
const (
	CloudFormation Format = "cfn"
	Terraform      Format = "tf"
	TaskDefJSON    Format = "td"
	Kubernetes     Format = "k8s"
	Compose        Format = "compose"
	Dockerfile     Format = "df"
	Image          Format = "img"
	LiveAWS        Format = "aws"
)

// Pos is a place in a source file (1-based line and column), or for live
// resources the ARN in File.
type Pos struct {
	File string
	Line int
	Col  int
	// Related, when set, is a second place the value concerns: the line of
	// a Terraform module that uses a value its caller wrote at File:Line,
	// the Compose environment entry that takes a value a .env sets there.
	Related *Pos
}

// IsZero reports whether p is unset.
func (p Pos) IsZero() bool { return p.File == "" && p.Line == 0 }

// Or returns p, or q when p has no line.
func (p Pos) Or(q Pos) Pos {
	if p.Line == 0 {
		return q
	}
	return p
}

// Presence says whether a value was written and could be resolved.
type Presence uint8

// The three states of every value.
const (
	Absent Presence = iota
	Known
	Unknown
)

// Str is a string property.
type Str struct {
	V string
	P Presence
	// Pos is where the property is written.
	Pos Pos
	// Partial holds, for an Unknown value known in parts, its text with each
	// unknown part replaced by "\x00" (for example an image reference built
	// with Fn::Sub from the account ID and a literal tag).
	Partial string
	// Refs names resources the value refers to (a Ref, GetAtt or reference
	// inside a Sub).
	Refs []Ref
}

// Known reports whether s has a resolved value.
func (s Str) Known() bool { return s.P == Known }

// Absent reports whether s was not written.
func (s Str) Absent() bool { return s.P == Absent }

// Is reports whether s is known and equal to one of vals, ignoring case.
func (s Str) Is(vals ...string) bool {
	if s.P != Known {
		return false
	}
	for _, v := range vals {
		if strings.EqualFold(s.V, v) {
			return true
		}
	}
	return false
}

// KnownEmpty reports whether s is absent or known to be the empty string.
func (s Str) KnownEmpty() bool { return s.P == Absent || (s.P == Known && s.V == "") }

// Ref returns the single resource s refers to, if it is exactly a reference.
func (s Str) Ref() (Ref, bool) {
	if s.P == Unknown && len(s.Refs) == 1 && s.Partial == "" {
		return s.Refs[0], true
	}
	return Ref{}, false
}

// Bool is a boolean property.
type Bool struct {
	V   bool
	P   Presence
	Pos Pos
}

// Known reports whether b has a resolved value.
func (b Bool) Known() bool { return b.P == Known }

// True reports whether b is known to be true.
func (b Bool) True() bool { return b.P == Known && b.V }

// NotTrue reports whether b is known false or absent (AWS default false).
func (b Bool) NotTrue() bool { return b.P == Absent || (b.P == Known && !b.V) }

// NotFalse reports whether b is known true or absent (for properties whose
// AWS default is true).
func (b Bool) NotFalse() bool { return b.P == Absent || (b.P == Known && b.V) }

// Int is an integer property.
type Int struct {
	V   int64
	P   Presence
	Pos Pos
}

// Known reports whether i has a resolved value.
func (i Int) Known() bool { return i.P == Known }

// List is a list property whose items are strings.
type List struct {
	Items []Str
	P     Presence
	Pos   Pos
}

// Known reports whether the list itself was resolved (items may still be unknown).
func (l List) Known() bool { return l.P == Known }

// Has reports whether one of the known items equals one of vals, ignoring case.
func (l List) Has(vals ...string) bool {
	for _, it := range l.Items {
		if it.Is(vals...) {
			return true
		}
	}
	return false
}

// HasUnknown reports whether the list or one of its items is unknown.
func (l List) HasUnknown() bool {
	if l.P == Unknown {
		return true
	}
	for _, it := range l.Items {
		if it.P == Unknown {
			return true
		}
	}
	return false
}

// Ref points at another resource of the same scope by its ID (a
// CloudFormation logical ID, a Terraform address), with the attribute used.
type Ref struct {
	Target string
	Attr   string
}

// Block records whether a nested property group was written, and where.
type Block struct {
	P   Presence
	Pos Pos
}

// Present reports whether the block was written (known or unknown).
func (b Block) Present() bool { return b.P != Absent }
