package ecsexec

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"strings"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-cluster/container-insights",
		Title:    "Container Insights is off",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Low,
		Rationale: "Container Insights collects per-task metrics and events; without them unusual behaviour of a " +
			"compromised task (CPU spikes from a miner, restarts) goes unseen. enhanced adds container-level detail. AWS documentation: Amazon CloudWatch User Guide, \"Container Insights\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "ClusterSettings:\n  - Name: containerInsights\n    Value: enhanced",
			model.Terraform:      "setting {\n  name  = \"containerInsights\"\n  value = \"enhanced\"\n}",
		},
		Inputs: clusterInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.12"}, Checkov: []string{"CKV_AWS_65"}, Trivy: []string{"AVD-AWS-0034"}},
		Fixes:  map[model.Format]rule.FixFunc{model.CloudFormation: fixContainerInsights, model.Terraform: fixContainerInsightsTF},
		Check: func(p *rule.Pass) {
			for _, c := range model.Of[*model.ECSCluster](p.State) {
				ci := c.ContainerInsights
				switch {
				case ci.P == model.Unknown || ci.Is("enabled", "enhanced"):
				case ci.Absent():
					p.Reportf(c, c.ContainerInsightsPos.Or(c.Pos), "Container Insights is not enabled on the cluster; add the containerInsights setting with value enhanced (or enabled)")
				default:
					p.Reportf(c, ci.Pos, "Container Insights is %q; set containerInsights to enhanced (or enabled)", ci.V)
				}
			}
		},
	})
}

// fixContainerInsights turns Container Insights on in ClusterSettings.
func fixContainerInsights(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	setting := fix.Map{{K: "Name", V: "containerInsights"}, {K: "Value", V: "enabled"}}
	list := d.Property(p.Finding.Resource, "ClusterSettings")
	if list == nil {
		p.Try(d.SetProperty(p.Finding.Resource, []string{"ClusterSettings"}, []any{setting}))
		return
	}
	for _, it := range list.Content {
		if _, name := fix.Get(it, "Name"); name != nil && strings.EqualFold(name.Value, "containerInsights") {
			p.Try(d.Set(it, "Value", "enabled"))
			return
		}
	}
	e, err := d.Append(list, setting)
	p.Try([]fix.Edit{e}, err)
}

// fixContainerInsightsTF turns Container Insights on with a setting block.
func fixContainerInsightsTF(p *rule.FixPass) {
	t, blk := p.TF()
	if t == nil {
		return
	}
	settings, err := t.Blocks(blk.Body, "setting")
	if !p.Try(nil, err) {
		return
	}
	for _, s := range settings {
		if strings.EqualFold(fix.Attr(s.Body, "name"), "containerInsights") {
			if p.Try(nil, t.Set(s.Body, []string{"value"}, "enabled")) {
				p.Done(t)
			}
			return
		}
	}
	if p.Try(nil, t.AddBlock(blk.Body, []string{"setting"}, fix.Map{{K: "name", V: "containerInsights"}, {K: "value", V: "enabled"}})) {
		p.Done(t)
	}
}
