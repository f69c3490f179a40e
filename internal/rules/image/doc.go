// Package image holds the rules on built container images (model.BuiltImage:
// its configuration and what its layers hold), the checks Dockle makes on
// an image, without a Docker daemon. The Dockerfile rules on how RUN, ADD
// and COPY build also read the instructions recovered from an image's
// history (internal/rules/dockerfile).
package image

import (
	"fmt"
	"strings"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/secrets"
)

// inputs are the formats the rules read.
var inputs = []model.Format{model.Image}

// images returns the built images of the state.
func images(p *rule.Pass) []*model.BuiltImage { return model.Of[*model.BuiltImage](p.State) }

// layerPos is where a layer's findings go: the "line" of the history step
// that created it, or the image itself.
func layerPos(img *model.BuiltImage, layer int) model.Pos {
	if layer >= 0 && layer < len(img.Layers) && img.Layers[layer].Step >= 0 {
		return model.Pos{File: img.Pos.File, Line: img.Layers[layer].Step + 1}
	}
	return img.Pos
}

// layerName names a layer in messages: "layer 3 (RUN apt-get update …)".
// The step's text is left out when it holds something secret-looking.
func layerName(img *model.BuiltImage, layer int) string {
	name := fmt.Sprintf("layer %d", layer+1)
	if layer < 0 || layer >= len(img.Layers) || img.Layers[layer].Step < 0 || img.Layers[layer].Step >= len(img.History) {
		return name
	}
	text := stepText(img.History[img.Layers[layer].Step].CreatedBy)
	if text == "" {
		return name
	}
	if _, secret := secrets.Default.Value(text); secret {
		return name
	}
	return name + " (" + text + ")"
}

// stepText shortens a history step's created_by for messages: the
// instruction and the start of its command, without BuildKit's build
// arguments and markers.
func stepText(createdBy string) string {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(createdBy), "# buildkit"))
	if r, ok := strings.CutPrefix(s, "/bin/sh -c #(nop)"); ok {
		s = strings.TrimSpace(r)
	} else if r, ok := strings.CutPrefix(s, "/bin/sh -c "); ok {
		s = "RUN " + r
	}
	if r, ok := strings.CutPrefix(s, "RUN |"); ok {
		// RUN |2 A=1 B=2 cmd: the build arguments are not shown.
		if n, rest, ok := strings.Cut(r, " "); ok {
			count := 0
			fmt.Sscanf(n, "%d", &count)
			for i := 0; i < count && rest != ""; i++ {
				_, rest, _ = strings.Cut(rest, " ")
			}
			s = "RUN " + rest
		}
	}
	s = strings.Replace(s, "RUN /bin/sh -c ", "RUN ", 1)
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = shortContentDigest(w)
	}
	s = strings.Join(words, " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

// shortContentDigest cuts the digest the classic builder records for the
// sources of ADD and COPY ("ADD file:<64 hex digits> in /") to 12 digits,
// as docker shows image IDs.
func shortContentDigest(w string) string {
	kind, hex, ok := strings.Cut(w, ":")
	if !ok || kind != "file" && kind != "dir" && kind != "multi" || len(hex) < 32 || strings.Trim(hex, "0123456789abcdef") != "" {
		return w
	}
	return kind + ":" + hex[:12] + "…"
}

// size writes a byte count for messages.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// names lists up to maxNames paths, then how many more.
func names(paths []string) string {
	if len(paths) <= maxNames {
		return strings.Join(paths, ", ")
	}
	return strings.Join(paths[:maxNames], ", ") + fmt.Sprintf(" and %d more", len(paths)-maxNames)
}

// maxNames is how many paths or accounts a message lists: all that a base
// image usually has (Debian's 12 setuid and setgid files), so that the
// reader can decide about each.
const maxNames = 16

// deletedNote says what became of a file in later layers.
func deletedNote(img *model.BuiltImage, f model.LayerFile) string {
	if f.DeletedIn < 0 {
		return "it is in the image"
	}
	return fmt.Sprintf("%s deletes or replaces it, but it stays readable in the layer that added it", layerName(img, f.DeletedIn))
}
