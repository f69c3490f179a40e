package image

import (
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
)

// historyDockerfile recovers, from the image history, the instructions that
// Dockerfile rules can judge on a built image: RUN (with the build
// arguments BuildKit records), ADD and COPY. The result is a
// model.DockerfileImage marked FromHistory, with one stage; each
// instruction is placed on "line" N, the N-th step of the history.
func historyDockerfile(id, file string, history []model.HistoryStep) *model.DockerfileImage {
	img := &model.DockerfileImage{Meta: model.Meta{ID: id, Type: "image history", Format: model.Image, Pos: model.Pos{File: file}}, FromHistory: true, Escape: '\\'}
	st := &model.Stage{Index: 0, History: true}
	img.Stages = []*model.Stage{st}
	img.Target = st
	for i, h := range history {
		line := i + 1
		meta := func(typ string) model.Meta {
			return model.Meta{ID: id, Type: typ, Format: model.Image, Pos: model.Pos{File: file, Line: line}}
		}
		cmd, rest, ok := recoverInstruction(h.CreatedBy)
		if !ok {
			continue
		}
		switch cmd {
		case "run":
			args, script := buildArgs(rest)
			if len(args) > 0 {
				st.Instructions = append(st.Instructions, &model.Instruction{Meta: meta("ARG"), Cmd: "arg", Stage: st, EndLine: line, Pairs: args})
			}
			in := &model.Instruction{Meta: meta("RUN"), Cmd: "run", Stage: st, EndLine: line, Args: []string{script}}
			if s, err := shell.Parse(script); err == nil {
				for _, c := range s.Calls {
					c.Line = line
					for j := range c.ArgLines {
						c.ArgLines[j] = line
					}
				}
				in.Script = s
			}
			st.Instructions = append(st.Instructions, in)
		case "add", "copy":
			words := strings.Fields(rest)
			var flags []string
			for len(words) > 0 && strings.HasPrefix(words[0], "--") {
				flags = append(flags, words[0])
				words = words[1:]
			}
			// The classic builder writes "ADD file:<digest> in /dest".
			if n := len(words); n >= 3 && words[n-2] == "in" {
				words = append(words[:n-2], words[n-1])
			}
			if len(words) < 2 {
				continue
			}
			in := &model.Instruction{Meta: meta(strings.ToUpper(cmd)), Cmd: cmd, Stage: st, EndLine: line, Flags: flags,
				Args: words}
			for _, f := range flags {
				if v, ok := strings.CutPrefix(f, "--from="); ok {
					in.CopyFrom = v
				}
			}
			st.Instructions = append(st.Instructions, in)
		}
	}
	return img
}

// dockerfileKeywords are the instructions a history step can record.
var dockerfileKeywords = map[string]bool{
	"run": true, "add": true, "copy": true, "env": true, "arg": true, "user": true, "workdir": true, "expose": true,
	"cmd": true, "entrypoint": true, "label": true, "healthcheck": true, "volume": true, "stopsignal": true,
	"shell": true, "onbuild": true, "maintainer": true,
}

// recoverInstruction reads a history step's created_by: BuildKit's
// "RUN /bin/sh -c … # buildkit", the classic builder's "/bin/sh -c #(nop)
// ADD …" and "/bin/sh -c apt-get …". It returns the keyword in lower case
// and the rest: for RUN, the command as recorded after the keyword.
func recoverInstruction(createdBy string) (cmd, rest string, ok bool) {
	s := strings.TrimSpace(createdBy)
	s = strings.TrimSpace(strings.TrimSuffix(s, "# buildkit"))
	if r, ok := strings.CutPrefix(s, "/bin/sh -c #(nop)"); ok {
		return keywordOf(strings.TrimSpace(r))
	}
	if r, ok := strings.CutPrefix(s, "/bin/sh -c "); ok {
		return "run", "/bin/sh -c " + r, true
	}
	return keywordOf(s)
}

func keywordOf(s string) (string, string, bool) {
	word, rest, _ := strings.Cut(s, " ")
	kw := strings.ToLower(word)
	if !dockerfileKeywords[kw] || word != strings.ToUpper(word) {
		return "", "", false
	}
	return kw, strings.TrimSpace(rest), true
}

// buildArgs splits BuildKit's "|2 A=1 B=2 /bin/sh -c script" into the build
// arguments it records and the script; a RUN without them is returned as
// its script ("/bin/sh -c " removed; an exec-form command as its words).
func buildArgs(s string) ([]model.KeyValue, string) {
	var args []model.KeyValue
	if strings.HasPrefix(s, "|") {
		countText, rest, _ := strings.Cut(s[1:], " ")
		if n, err := strconv.Atoi(countText); err == nil && n > 0 && n < 1024 {
			for i := 0; i < n && rest != ""; i++ {
				var word string
				word, rest, _ = strings.Cut(rest, " ")
				k, v, _ := strings.Cut(word, "=")
				args = append(args, model.KeyValue{Key: k, Raw: v, HasValue: true, Value: model.Str{V: v, P: model.Known}})
			}
			s = rest
		}
	}
	for _, sh := range []string{"/bin/sh -c ", "/bin/bash -c ", "sh -c ", "bash -c "} {
		if r, ok := strings.CutPrefix(s, sh); ok {
			return args, r
		}
	}
	return args, s
}
