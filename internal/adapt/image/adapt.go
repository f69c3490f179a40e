// Package image adapts built container images — docker save tarballs, OCI
// image layouts and registry images, read with go-containerregistry and no
// Docker daemon — into model.Image: the configuration, the history (with
// the RUN, ADD and COPY instructions it records recovered as a
// model.DockerfileImage) and facts about the layers' files. Layers are
// streamed once each and nothing of them is written to disk.
package image

import (
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// Adapt reads the images ref names (one, or one per platform with
// AllPlatforms, or one per image of a docker save tarball) and returns a
// state for each. display is how findings name the reference (a file's
// path as shown to users). Errors become diagnostics; it never panics.
func Adapt(ref, display string, o Options) (res adapt.Result) {
	pos := model.Pos{File: display}
	defer func() {
		if p := recover(); p != nil {
			res.Errorf(pos, fmt.Sprintf("internal error while reading the image (please report): %v\n%s", p, debug.Stack()))
		}
	}()
	imgs, err := resolve(ref, o)
	if err != nil {
		res.Errorf(pos, "cannot read image: "+err.Error())
		return res
	}
	read := map[string]map[int]bool{} // image ID -> history lines whose layer was read
	for _, r := range imgs {
		st := analyse(r, ref, display, len(imgs) > 1, &res, read)
		res.States = append(res.States, st)
	}
	res.Yields = func(f *finding.Finding) bool {
		return f.Format == model.Image && read[f.Resource][f.Pos.Line] && yieldsToLayer(f)
	}
	return res
}

// LayerTruth are the rules on recovered history instructions whose
// findings yield to what the layers hold: where the layer a RUN step wrote
// was read, image/package-manager-cache says whether package caches are
// left in it, which the command line alone can only guess (apt's
// docker-clean configuration, a cache mount or a cleanup script remove
// them without showing it). Each rule maps to the peer checks of its
// findings that are about something else, which the layers cannot tell
// (apt-get without --no-install-recommends): a finding that names one of
// them is kept.
var LayerTruth = map[string][]string{"dockerfile/package-cleanup": {"DL3015"}}

// yieldsToLayer reports whether a finding is one a layer rule judges
// better: a LayerTruth rule's, about nothing but what the layer holds.
func yieldsToLayer(f *finding.Finding) bool {
	other, ok := LayerTruth[f.RuleID]
	if !ok || len(f.Peers) == 0 {
		return false
	}
	for _, p := range f.Peers {
		if slices.Contains(other, p) {
			return false
		}
	}
	return true
}

// analyse streams one image's layers and builds its state.
func analyse(r *resolved, ref, display string, several bool, res *adapt.Result, read map[string]map[int]bool) *model.State {
	// Findings name the image by its digest, cut to 12 hex digits as
	// docker shows image IDs; suppressions match it.
	id := short(r.digest)
	if id == "" {
		id = display
	}
	scope := display
	if several {
		scope += " (" + firstNonEmpty(r.platform, r.name, short(r.digest)) + ")"
	}
	pos := model.Pos{File: display}
	img := &model.BuiltImage{
		Meta:   model.Meta{ID: id, Type: "image", Format: model.Image, Pos: pos},
		Ref:    ref,
		Source: r.source, Digest: r.digest, Platform: r.platform,
		Config: configOf(r.config),
	}
	layerOf := map[int]int{} // layer -> history step
	if r.config != nil {
		next := 0
		for i, h := range r.config.History {
			step := model.HistoryStep{CreatedBy: h.CreatedBy, EmptyLayer: h.EmptyLayer, Layer: -1}
			if !h.EmptyLayer && next < len(r.layers) {
				step.Layer = next
				layerOf[next] = i
				next++
			}
			img.History = append(img.History, step)
		}
	}
	w := newWalker()
	for i, ls := range r.layers {
		step, ok := layerOf[i]
		if !ok {
			step = -1
		}
		at := model.Pos{File: display, Line: step + 1}
		if ls.open == nil {
			res.Notef(at, fmt.Sprintf("layer %d (%s) is a foreign layer (%s), not distributed with the image: not read", i+1, short(ls.shownDigest), ls.mediaType))
			img.Layers = append(img.Layers, model.Layer{Index: i, Digest: ls.shownDigest, DiffID: ls.diffID, Size: ls.size, Step: step})
			continue
		}
		sum, err := readLayer(w, i, ls)
		sum.Step = step
		sum.Digest = ls.shownDigest
		if ls.size >= 0 && err == nil && ls.digest == "" {
			sum.Size = ls.size
		}
		img.Layers = append(img.Layers, sum)
		if err == nil && step >= 0 {
			if read[id] == nil {
				read[id] = map[int]bool{}
			}
			read[id][step+1] = true
		}
		if err != nil {
			res.Errorf(at, fmt.Sprintf("cannot read image %s: %v; the layers above it were not checked", firstNonEmpty(r.name, short(r.digest)), err))
			break
		}
		if w.unsafe > 0 {
			res.Warnf(at, fmt.Sprintf("layer %d has %d tar entries whose names leave the layer (absolute paths, .., or hard links out of it), such as %s; they were read as names only",
				i+1, w.unsafe, quote(w.unsafeName)))
		}
	}
	img.Files = w.files
	img.Truncated = w.truncated
	if w.truncated {
		res.Notef(pos, fmt.Sprintf("more than %d notable files of one kind: only the first are reported", maxFilesPerKind))
	}
	img.EmptyPasswords = w.emptyPasswords()
	img.Signature, img.SignatureNote = signature(r)
	if img.Signature.P == model.Unknown {
		res.Warnf(pos, "could not look for a signature of the image: "+img.SignatureNote)
	}
	st := model.NewState(scope, model.Image)
	st.Add(img)
	if len(img.History) > 0 {
		st.Add(historyDockerfile(id, display, img.History))
	}
	return st
}

// readLayer opens and streams one layer.
func readLayer(w *walker, i int, ls layerSource) (model.Layer, error) {
	rc, err := ls.open()
	if err != nil {
		return model.Layer{Index: i, Size: -1, Step: -1}, &LayerError{Layer: i, Digest: ls.shownDigest, Err: err}
	}
	defer rc.Close()
	return w.layer(layerStream{index: i, r: rc, digest: ls.digest, diffID: ls.diffID})
}

// configOf reads the parts of the image configuration rules check.
func configOf(cfg *v1.ConfigFile) model.ImageConfig {
	var out model.ImageConfig
	if cfg == nil {
		return out
	}
	c := cfg.Config
	out.User = c.User
	for _, e := range c.Env {
		k, v, _ := strings.Cut(e, "=")
		out.Env = append(out.Env, model.KeyValue{Key: k, Raw: v, HasValue: true, Value: model.Str{V: v, P: model.Known}})
	}
	for p := range c.ExposedPorts {
		out.ExposedPorts = append(out.ExposedPorts, p)
	}
	sort.Strings(out.ExposedPorts)
	// An empty test inherits the base image's, which the configuration
	// already holds: only a written test counts.
	if c.Healthcheck != nil && len(c.Healthcheck.Test) > 0 {
		out.Healthcheck = append([]string{}, c.Healthcheck.Test...)
	}
	out.Entrypoint, out.Cmd, out.Labels = c.Entrypoint, c.Cmd, c.Labels
	return out
}
