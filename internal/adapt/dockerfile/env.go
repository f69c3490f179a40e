package dockerfile

import (
	"strings"
	"sync"

	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/shipshape/shipshape/internal/budget"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
)

// env holds the ARG and ENV values in effect, for expanding words the way
// the builder does. Values not known until build time expand to
// shell.Unknown.
type env struct {
	vars map[string]value
	// base holds the values in effect that vars does not set (the
	// platform ARGs BuildKit predefines); shared, never written.
	base map[string]value
	// unsetUndeclared makes undeclared names expand to nothing (FROM lines,
	// which see only global ARGs); otherwise they are unknown (they may come
	// from the base image's environment).
	unsetUndeclared bool
	// budget bounds the values expansion builds (ARG A1=${A0}${A0} ...
	// doubles at each line); shared by every env of one Dockerfile.
	budget *budget.Budget
}

// lexers keep BuildKit's word lexers, one pool per escape character: a
// lexer keeps state while it works, so each expansion borrows one, and most
// Dockerfiles never need one.
var lexers = [2]sync.Pool{
	{New: func() any { return bkshell.NewLex('\\') }},
	{New: func() any { return bkshell.NewLex('`') }},
}

// value is what an env keeps of a model.Str: the value, known or in part,
// without where it was written (a third of the size, and an env is copied
// for every stage built FROM another).
type value struct {
	v, partial string
	p          model.Presence
}

func (v value) str() model.Str { return model.Str{V: v.v, P: v.p, Partial: v.partial} }

// newEnv returns an env holding vars (nil: none yet, made on the first set).
func newEnv(vars map[string]value, unsetUndeclared bool) *env {
	return &env{vars: vars, unsetUndeclared: unsetUndeclared}
}

func (e *env) clone() *env {
	var vars map[string]value // nil while there is nothing to copy
	if len(e.vars) > 0 {
		vars = make(map[string]value, len(e.vars))
		for k, v := range e.vars {
			vars[k] = v
		}
	}
	c := newEnv(vars, e.unsetUndeclared)
	c.budget, c.base = e.budget, e.base
	return c
}

// set sets k to the value of v (not where v is written).
func (e *env) set(k string, v model.Str) {
	if e.vars == nil {
		e.vars = map[string]value{}
	}
	e.vars[k] = value{v: v.V, partial: v.Partial, p: v.P}
}

// lookup returns the value of k in effect (without a position).
func (e *env) lookup(k string) (model.Str, bool) {
	if v, ok := e.vars[k]; ok {
		return v.str(), true
	}
	v, ok := e.base[k]
	return v.str(), ok
}

// Get implements the lexer's EnvGetter.
func (e *env) Get(key string) (string, bool) {
	v, ok := e.lookup(key)
	switch {
	case !ok && e.unsetUndeclared:
		return "", false
	case !ok:
		return shell.Unknown, true
	case v.Known():
		return v.V, true
	case v.Partial != "":
		return v.Partial, true
	}
	return shell.Unknown, true
}

// Keys implements the lexer's EnvGetter.
func (e *env) Keys() []string {
	out := make([]string, 0, len(e.vars)+len(e.base))
	for k := range e.vars {
		out = append(out, k)
	}
	for k := range e.base {
		if _, ok := e.vars[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// expand expands a word; the result is Unknown (with Partial) when it
// depends on a value not known before the build.
func (e *env) expand(word string, escape rune) model.Str {
	if escape != '`' {
		escape = '\\'
	}
	if !strings.ContainsAny(word, "$\"'") && !strings.ContainsRune(word, escape) {
		return model.Str{V: word, P: model.Known} // nothing to expand or unquote
	}
	if text, ok := quoted(word, escape); ok {
		if !e.budget.Allow(len(text)) {
			return model.Str{P: model.Unknown, Partial: shell.Unknown}
		}
		return model.Str{V: text, P: model.Known} // as the lexer reads it
	}
	if text, ok := e.plainVars(word, escape); ok {
		// what the lexer would make of it, checked as its result is
		if !e.budget.Allow(len(text)) {
			return model.Str{P: model.Unknown, Partial: shell.Unknown}
		}
		if strings.Contains(text, shell.Unknown) {
			return model.Str{P: model.Unknown, Partial: text}
		}
		return model.Str{V: text, P: model.Known}
	}
	pool := &lexers[0]
	if escape == '`' {
		pool = &lexers[1]
	}
	lex := pool.Get().(*bkshell.Lex)
	r, err := lex.ProcessWordWithMatches(word, e)
	pool.Put(lex)
	if err != nil {
		return model.Str{P: model.Unknown, Partial: shell.Unknown}
	}
	if !e.budget.Allow(len(r.Result)) {
		return model.Str{P: model.Unknown, Partial: shell.Unknown}
	}
	if strings.Contains(r.Result, shell.Unknown) {
		return model.Str{P: model.Unknown, Partial: r.Result}
	}
	return model.Str{V: r.Result, P: model.Known}
}

// quoted returns the text of a word that is a single quoted string of
// printable ASCII without another of its quote, and, in double quotes,
// without $ or the escape character ("two words", '$HOME'): what BuildKit's
// lexer makes of it (many ENV and LABEL values), without running it. A
// fuzz test checks the two agree.
func quoted(word string, escape rune) (string, bool) {
	if len(word) < 2 {
		return "", false
	}
	q := word[0]
	if (q != '"' && q != '\'') || word[len(word)-1] != q {
		return "", false
	}
	text := word[1 : len(word)-1]
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < ' ' || c > '~' || c == q || q == '"' && (c == '$' || rune(c) == escape) {
			return "", false
		}
	}
	return text, true
}

// plainVars expands a word of printable ASCII without quotes, escapes or
// white space whose every $ starts a plain reference, $NAME or ${NAME}
// (a letter or _ first): what BuildKit's lexer makes of it (most words
// with a variable: ${BASE_IMAGE}, $PATH:/usr/local/bin), without running
// it. Anything else (${NAME:-default}, $1, a lone $, quotes) is left to
// the lexer (ok false). A fuzz test checks the two agree.
func (e *env) plainVars(word string, escape rune) (string, bool) {
	refs := 0
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case c == '$':
			refs++
		case c <= ' ' || c > '~' || c == '\'' || c == '"' || c == '<' || c == '\\' || c == '`' || rune(c) == escape:
			return "", false
		}
	}
	if refs == 0 {
		return "", false // the caller's own fast path, or quotes
	}
	var b strings.Builder
	for i := 0; i < len(word); {
		c := word[i]
		if c != '$' {
			j := strings.IndexByte(word[i:], '$')
			if j < 0 {
				j = len(word) - i
			}
			b.WriteString(word[i : i+j])
			i += j
			continue
		}
		j := i + 1
		braced := j < len(word) && word[j] == '{'
		if braced {
			j++
		}
		k := j
		if k == len(word) || !nameStart(word[k]) {
			return "", false
		}
		for k < len(word) && (nameStart(word[k]) || '0' <= word[k] && word[k] <= '9') {
			k++
		}
		name := word[j:k]
		if braced {
			if k == len(word) || word[k] != '}' {
				return "", false // a modifier, or no closing brace
			}
			k++
		}
		v, _ := e.Get(name) // "" when unset, as the lexer writes it
		b.WriteString(v)
		i = k
	}
	return b.String(), true
}

// nameStart reports whether c may start a variable name: an ASCII letter
// or _.
func nameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}
