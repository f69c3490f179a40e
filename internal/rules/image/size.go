package image

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "image/size",
		Title:    "Image size and its largest layers",
		Phase:    finding.PhaseImage,
		Severity: finding.Info,
		Rationale: "Every megabyte of an image is pulled at each task start and every package in it is one more to scan " +
			"and patch (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": keep images small; multi-stage builds, slim or distroless bases). The largest layers " +
			"are where to look first. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "# build in one stage, ship only the result\nFROM golang:1.26 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app",
		},
		Inputs: inputs,
		Params: map[string]string{"min_mb": "0", "largest": "3"},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				var total, compressed int64
				compressedKnown := true
				for _, l := range img.Layers {
					total += l.Uncompressed
					if l.Size < 0 {
						compressedKnown = false
					}
					compressed += l.Size
				}
				if total < int64(p.IntParam("min_mb", 0))<<20 || len(img.Layers) == 0 {
					continue
				}
				layers := append([]model.Layer{}, img.Layers...)
				sort.SliceStable(layers, func(i, j int) bool { return layers[i].Uncompressed > layers[j].Uncompressed })
				n := min(p.IntParam("largest", 3), len(layers))
				var largest []string
				for _, l := range layers[:n] {
					largest = append(largest, fmt.Sprintf("%s %s", layerName(img, l.Index), size(l.Uncompressed)))
				}
				how := ""
				if compressedKnown && compressed != total {
					how = fmt.Sprintf(" (%s compressed)", size(compressed))
				}
				count := "1 layer"
				if len(img.Layers) != 1 {
					count = fmt.Sprintf("%d layers", len(img.Layers))
				}
				p.Reportf(img, img.Pos, "the image is %s%s in %s; the largest: %s", size(total), how, count, strings.Join(largest, ", "))
			}
		},
	})
}
