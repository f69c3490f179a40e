package ecr

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// scanSeverities are the scan severities, most severe first, with the
// finding severity each maps to.
var scanSeverities = []struct {
	name string
	sev  finding.Severity
}{
	{"CRITICAL", finding.Critical}, {"HIGH", finding.High}, {"MEDIUM", finding.Medium}, {"LOW", finding.Low},
}

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecr/critical-findings",
		Title:    "Image in use has critical or high vulnerabilities",
		Phase:    finding.PhaseVuln,
		Severity: finding.Critical,
		Rationale: "Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\", asks for regular scans of the images in " +
			"ECR with an alert when a CRITICAL vulnerability is found (its boto3 script starts image scans). An image that a " +
			"running task or a service's task definition uses, whose basic or Amazon Inspector scan reports " +
			"findings at or above the threshold (parameter threshold, default HIGH), runs known " +
			"vulnerabilities. A scan that is not COMPLETE or ACTIVE, or an image never scanned, is reported " +
			"as unknown (info), never as passed. AWS documentation: Amazon ECR User Guide, \"Scan images for software vulnerabilities in Amazon ECR\".",
		Remediation: map[model.Format]string{
			model.LiveAWS: "Rebuild the image on a patched base image, push it and redeploy the service;\n" +
				"scan it again with: shipshape aws ecr-scan --running --fail-on HIGH",
		},
		Inputs: []model.Format{model.LiveAWS},
		Params: map[string]string{"threshold": "HIGH"},
		Check: func(p *rule.Pass) {
			threshold := strings.ToUpper(p.Param("threshold", "HIGH"))
			min := finding.High
			for _, s := range scanSeverities {
				if s.name == threshold {
					min = s.sev
				}
			}
			for _, img := range model.Of[*model.ECRImage](p.State) {
				what := describeImage(img)
				switch img.ScanStatus {
				case "COMPLETE", "ACTIVE":
				case "":
					p.ReportSeverity(finding.Info, img, img.Pos, "%s has never been scanned, so its vulnerabilities are unknown; run shipshape aws ecr-scan or turn on scan on push", what)
					continue
				default:
					desc := ""
					if img.ScanStatusDescription != "" {
						desc = " (" + img.ScanStatusDescription + ")"
					}
					p.ReportSeverity(finding.Info, img, img.Pos, "%s has scan status %s%s, so its vulnerabilities are unknown, not passed; scan it again with shipshape aws ecr-scan", what, img.ScanStatus, desc)
					continue
				}
				var worst finding.Severity
				var counts []string
				for _, s := range scanSeverities {
					if n := img.SeverityCounts[s.name]; n > 0 && s.sev >= min {
						if worst == 0 {
							worst = s.sev
						}
						counts = append(counts, fmt.Sprintf("%d %s", n, s.name))
					}
				}
				if worst == 0 {
					continue
				}
				var top []string
				for _, f := range img.TopFindings {
					if rank(f.Severity) >= rank(threshold) && f.Name != "" {
						top = append(top, f.Name)
					}
				}
				sort.Strings(top)
				cves := ""
				if len(top) > 0 {
					cves = " (" + strings.Join(top, ", ") + ")"
				}
				p.ReportSeverity(worst, img, img.Pos, "%s has %s vulnerabilities%s; rebuild it on a patched base image and redeploy", what, strings.Join(counts, ", "), cves)
			}
		},
	})
}

// rank orders scan severity names; unknown names rank 0.
func rank(s string) int {
	for i, x := range scanSeverities {
		if x.name == s {
			return len(scanSeverities) - i
		}
	}
	return 0
}

// describeImage names an image and what uses it.
func describeImage(img *model.ECRImage) string {
	name := img.Repository + "@" + shortDigest(img.Digest)
	if len(img.Tags) > 0 {
		name = img.Repository + ":" + img.Tags[0] + " (" + shortDigest(img.Digest) + ")"
	}
	if len(img.UsedBy) > 0 {
		users := img.UsedBy
		more := ""
		if len(users) > 3 {
			users, more = users[:3], fmt.Sprintf(" and %d more", len(img.UsedBy)-3)
		}
		return fmt.Sprintf("image %s, used by %s%s,", name, strings.Join(users, ", "), more)
	}
	return "image " + name
}

// shortDigest keeps the algorithm and 12 hex digits of a digest.
func shortDigest(d string) string {
	if alg, hex, ok := strings.Cut(d, ":"); ok && len(hex) > 12 {
		return alg + ":" + hex[:12]
	}
	return d
}
