// Package taskdef adapts ECS task-definition JSON files: the input of
// aws ecs register-task-definition (and of the GitHub deploy actions) and the
// output of describe-task-definition ({"taskDefinition": {...}}).
package taskdef

import (
	"bytes"
	"path"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/awsres"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// LooksLikeTaskDef is a cheap test on raw bytes, before parsing.
func LooksLikeTaskDef(data []byte) bool {
	return bytes.Contains(data, []byte("ontainerDefinitions"))
}

// Body returns the task definition inside a parsed document, or nil when the
// document is not one.
func Body(root *tree.Node) *tree.Node {
	if root == nil || root.Kind != tree.Map {
		return nil
	}
	if td := root.Get("taskDefinition"); td != nil && td.Kind == tree.Map && td.Get("containerDefinitions") != nil {
		return td
	}
	if cd := root.Get("containerDefinitions"); cd != nil && (cd.Kind == tree.Seq || cd.Kind == tree.Scalar) {
		return root
	}
	if cd := root.Get("containerDefinitions"); cd != nil && cd.Kind == tree.Map && root.Get("family") != nil {
		return root // a task definition written wrongly: adapted with a warning
	}
	return nil
}

// Adapt turns a parsed task-definition file into a model state.
func Adapt(file string, f *tree.File) adapt.Result {
	var res adapt.Result
	for _, w := range f.Warnings {
		res.Warn(w.Kind, model.Pos{File: file, Line: w.Line}, w.Msg)
	}
	for _, c := range f.Comments() {
		res.Comments = append(res.Comments, adapt.Comment{Pos: model.Pos{File: file, Line: c.Line}, Text: c.Text})
	}
	st := model.NewState(file, model.TaskDefJSON)
	d := awsres.Decoder{File: file}
	for _, doc := range f.Docs {
		body := Body(doc)
		if body == nil {
			continue
		}
		if body.Get("containerDefinitions").Kind != tree.Seq {
			res.Warnf(d.Pos(body.Get("containerDefinitions")), "containerDefinitions is not a list")
		}
		id := path.Base(file)
		if fam, ok := body.Get("family").Text(); ok && fam != "" {
			id = fam
		}
		meta := awsres.Meta(id, "ECS task definition", model.TaskDefJSON, d.Pos(body))
		st.Add(d.TaskDefinition(meta, body))
	}
	res.States = append(res.States, st)
	return res
}
