package model

import (
	"iter"
	"strings"
)

// State is everything known about one scope: one template, one Terraform
// module, one task-definition file, the Kubernetes manifests of a scan, one
// Dockerfile. Rules read a whole State, so cross-resource rules can follow
// references inside it.
type State struct {
	// Scope names what the state covers (a file or a module directory).
	Scope string
	// Format is the input kind the state came from.
	Format Format
	// Variant describes the assumption the state was built under, for
	// templates whose conditions could not be evaluated ("IsProd=false").
	Variant string
	// Resources in declaration order.
	Resources []Resource
	byID      map[string]Resource
}

// NewState returns an empty state for a scope.
func NewState(scope string, format Format) *State {
	return &State{Scope: scope, Format: format, byID: map[string]Resource{}}
}

// Add appends resources to the state.
func (s *State) Add(rs ...Resource) {
	for _, r := range rs {
		s.Resources = append(s.Resources, r)
		if id := r.Info().ID; id != "" {
			if s.byID == nil {
				s.byID = map[string]Resource{}
			}
			s.byID[id] = r
		}
	}
}

// Lookup returns the resource with the given ID, or nil.
func (s *State) Lookup(id string) Resource { return s.byID[id] }

// Of returns the resources of type T in declaration order.
func Of[T Resource](s *State) []T {
	var out []T
	for _, r := range s.Resources {
		if t, ok := r.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

// Each yields the resources of type T in declaration order, like Of
// without making a slice (for rules that run on every state).
func Each[T Resource](s *State) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, r := range s.Resources {
			if t, ok := r.(T); ok && !yield(t) {
				return
			}
		}
	}
}

// Target returns the resource of type T that v refers to: the target of a
// reference, or for a known literal value a resource whose name function
// returns that value (nil name skips matching by name).
func Target[T Resource](s *State, v Str, name func(T) Str) (T, bool) {
	var zero T
	if ref, ok := v.Ref(); ok {
		t, ok := s.byID[ref.Target].(T)
		return t, ok
	}
	if v.P == Unknown && len(v.Refs) > 0 {
		for _, ref := range v.Refs {
			if t, ok := s.byID[ref.Target].(T); ok {
				return t, true
			}
		}
	}
	if v.P == Known && (s.Format == LiveAWS || strings.HasPrefix(v.V, "arn:")) {
		// Live resources are identified by their ARNs (security groups by
		// their IDs), which other resources name.
		if t, ok := s.byID[v.V].(T); ok {
			return t, true
		}
	}
	if v.P != Known || name == nil || v.V == "" {
		return zero, false
	}
	for _, r := range s.Resources {
		t, ok := r.(T)
		if !ok {
			continue
		}
		if n := name(t); n.Known() && (n.V == v.V || arnEndsWith(v.V, n.V)) {
			return t, true
		}
	}
	return zero, false
}

// arnEndsWith reports whether an ARN or path ends with the resource name.
func arnEndsWith(arn, name string) bool {
	if len(arn) <= len(name) || arn[len(arn)-len(name):] != name {
		return false
	}
	c := arn[len(arn)-len(name)-1]
	return c == '/' || c == ':'
}

// Link attaches ingress rules declared as separate resources to the
// security groups they name. Adapters call it once the state is complete.
func (s *State) Link() {
	for _, r := range s.Resources {
		in, ok := r.(*SecurityGroupIngress)
		if !ok {
			continue
		}
		if g, ok := Target[*SecurityGroup](s, in.Group, nil); ok {
			g.Ingress = append(g.Ingress, in.Rule)
		}
	}
}
