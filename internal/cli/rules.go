package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func newRules(s Streams) *cobra.Command {
	var format, phase string
	cmd := &cobra.Command{
		Use:   "rules [RULE-ID]",
		Short: "List the rules, or explain one",
		Long: `Without an argument, list every rule with its severity, lifecycle phase and
the inputs it reads. With a rule ID, print its rationale, the remediation for
each input format, and the IDs of the corresponding checks in AWS Security Hub,
Checkov, Trivy, cfn-nag, hadolint and Dockle.`,
		Example: `  shipshape rules
  shipshape rules --phase supply-chain
  shipshape rules ecs-exec/kms-key
  shipshape rules --format json > rules.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError("one RULE-ID at most, got %d arguments (see shipshape rules --help)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "text", "json", "markdown":
			default:
				return usageError("unknown --format %q (want text, json or markdown)", format)
			}
			if len(args) == 1 {
				r := rule.Lookup(args[0])
				if r == nil {
					return usageError("no rule %q (see shipshape rules)", args[0])
				}
				switch format {
				case "json":
					return writeRulesJSON(s.Out, []*rule.Rule{r})
				case "markdown":
					return writeRulesMarkdown(s.Out, []*rule.Rule{r})
				}
				return explainRule(s.Out, r)
			}
			rules := rule.All()
			if phase != "" {
				var kept []*rule.Rule
				for _, r := range rules {
					if string(r.Phase) == phase {
						kept = append(kept, r)
					}
				}
				if len(kept) == 0 {
					return usageError("no rules in phase %q (phases: %s)", phase, phaseNames())
				}
				rules = kept
			}
			switch format {
			case "json":
				return writeRulesJSON(s.Out, rules)
			case "markdown":
				return writeRulesMarkdown(s.Out, rules)
			}
			return writeRulesTable(s.Out, rules)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output `FORMAT`: text, json or markdown (a table row for one rule)")
	cmd.Flags().StringVar(&phase, "phase", "", "only rules of this lifecycle `PHASE`: "+phaseNames())
	return cmd
}

func phaseNames() string {
	var out []string
	for _, p := range finding.Phases {
		out = append(out, string(p))
	}
	return strings.Join(out, ", ")
}

func inputs(r *rule.Rule) string {
	var out []string
	for _, f := range r.Inputs {
		out = append(out, string(f))
	}
	return strings.Join(out, " ")
}

// fixFormats lists the inputs whose findings of r shipshape fix repairs, in
// the order of r.Inputs.
func fixFormats(r *rule.Rule) []model.Format {
	var out []model.Format
	for _, f := range r.Inputs {
		if r.Fixable(f) {
			out = append(out, f)
		}
	}
	for f := range r.Fixes {
		if !r.Supports(f) {
			out = append(out, f)
		}
	}
	return out
}

// fixInputs is the FIX column: the fixable inputs, or "-".
func fixInputs(r *rule.Rule) string {
	fs := fixFormats(r)
	if len(fs) == 0 {
		return "-"
	}
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return strings.Join(out, " ")
}

func writeRulesTable(w io.Writer, rules []*rule.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tPHASE\tINPUTS\tFIX\tTITLE")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Phase, inputs(r), fixInputs(r), r.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d rules. Inputs: %s. FIX: the inputs shipshape fix repairs.\n", len(rules), legend(rules))
	return err
}

// inputLegend names the input formats in the order the legend lists them;
// aws is the live account, read by shipshape aws audit.
var inputLegend = []struct {
	f    model.Format
	text string
}{
	{model.CloudFormation, "cfn CloudFormation"}, {model.Terraform, "tf Terraform"},
	{model.TaskDefJSON, "td task-definition JSON"}, {model.Kubernetes, "k8s Kubernetes"},
	{model.Compose, "compose Docker Compose"},
	{model.Dockerfile, "df Dockerfile"}, {model.Image, "img built container image (shipshape image)"},
	{model.LiveAWS, "aws live AWS account (shipshape aws audit; the fix is given as AWS CLI commands)"},
}

// legendIndex orders formats as the legend does (unknown ones last).
func legendIndex(f model.Format) int {
	for i, l := range inputLegend {
		if l.f == f {
			return i
		}
	}
	return len(inputLegend)
}

// legend explains the input abbreviations the listed rules use.
func legend(rules []*rule.Rule) string {
	used := map[model.Format]bool{}
	for _, r := range rules {
		for _, f := range r.Inputs {
			used[f] = true
		}
	}
	var out []string
	for _, l := range inputLegend {
		if used[l.f] {
			out = append(out, l.text)
		}
	}
	return strings.Join(out, ", ")
}

func writeRulesMarkdown(w io.Writer, rules []*rule.Rule) error {
	fmt.Fprintln(w, "| ID | severity | phase | inputs | auto-fix | title |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, r := range rules {
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s |\n", r.ID, r.Severity, r.Phase, inputs(r), fixInputs(r), r.Title)
	}
	return nil
}

// ruleJSON is a rule as `shipshape rules --format json` prints it.
type ruleJSON struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Severity    string            `json:"severity"`
	Phase       string            `json:"phase"`
	Inputs      []model.Format    `json:"inputs"`
	Rationale   string            `json:"rationale"`
	Remediation map[string]string `json:"remediation"`
	Peers       rule.Peers        `json:"peers"`
	Params      map[string]string `json:"params,omitempty"`
	// Fixable lists the inputs whose findings shipshape fix repairs.
	Fixable []model.Format `json:"fixable,omitempty"`
}

func writeRulesJSON(w io.Writer, rules []*rule.Rule) error {
	var out []ruleJSON
	for _, r := range rules {
		rem := map[string]string{}
		for f, s := range r.Remediation {
			rem[string(f)] = s
		}
		out = append(out, ruleJSON{ID: r.ID, Title: r.Title, Severity: r.Severity.String(), Phase: string(r.Phase),
			Inputs: r.Inputs, Rationale: r.Rationale, Remediation: rem, Peers: r.Peers, Params: r.Params, Fixable: fixFormats(r)})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

var formatNames = map[model.Format]string{
	model.CloudFormation: "CloudFormation", model.Terraform: "Terraform", model.TaskDefJSON: "Task definition JSON",
	model.Kubernetes: "Kubernetes", model.Compose: "Docker Compose", model.Dockerfile: "Dockerfile", model.Image: "Image", model.LiveAWS: "AWS CLI (an existing account)",
}

func explainRule(w io.Writer, r *rule.Rule) error {
	fmt.Fprintf(w, "%s — %s\n\n", r.ID, r.Title)
	fmt.Fprintf(w, "Severity: %s    Phase: %s (%s)    Inputs: %s\n", r.Severity, r.Phase, r.Phase.Title(), inputs(r))
	if fs := fixInputs(r); fs != "-" {
		fmt.Fprintf(w, "Auto-fix: shipshape fix repairs findings in %s\n", fs)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Why it matters\n  %s\n", wrap(r.Rationale, 78, "  "))
	if len(r.Remediation) > 0 {
		fmt.Fprintln(w, "\nHow to fix")
		var formats []model.Format
		for f := range r.Remediation {
			formats = append(formats, f)
		}
		sort.Slice(formats, func(i, j int) bool { return legendIndex(formats[i]) < legendIndex(formats[j]) })
		for _, f := range formats {
			fmt.Fprintf(w, "  %s:\n", formatNames[f])
			for _, line := range strings.Split(r.Remediation[f], "\n") {
				fmt.Fprintf(w, "    %s\n", line)
			}
		}
	}
	peers := []struct {
		name string
		ids  []string
	}{
		{"AWS Security Hub", r.Peers.SecurityHub}, {"Checkov", r.Peers.Checkov}, {"Trivy", r.Peers.Trivy},
		{"KICS", r.Peers.KICS}, {"cfn-nag", r.Peers.CfnNag}, {"hadolint", r.Peers.Hadolint}, {"Dockle", r.Peers.Dockle},
	}
	var lines []string
	for _, p := range peers {
		if len(p.ids) > 0 {
			lines = append(lines, fmt.Sprintf("  %-17s %s", p.name+":", strings.Join(p.ids, ", ")))
		}
	}
	if len(lines) > 0 {
		fmt.Fprintln(w, "\nCorresponds to")
		fmt.Fprintln(w, strings.Join(lines, "\n"))
	}
	if len(r.Params) > 0 {
		fmt.Fprintln(w, "\nParameters (.shipshape.yaml: rules: {"+r.ID+": {NAME: VALUE}})")
		var names []string
		for n := range r.Params {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(w, "  %s: %s\n", n, r.Params[n])
		}
	}
	where := "on its line or the line above"
	if len(r.Inputs) == 1 && r.Inputs[0] == model.Dockerfile {
		where = "on the line above its instruction"
	}
	fmt.Fprintf(w, "\nSuppress one finding with a comment %s:\n  # shipshape:ignore %s -- why this is acceptable\n", where, r.ID)
	for _, f := range r.Inputs {
		if f == model.TaskDefJSON {
			fmt.Fprintln(w, "JSON files take no comments: use ignore: in .shipshape.yaml (or Metadata in a CloudFormation template).")
			break
		}
	}
	return nil
}

// wrap breaks text into lines of at most width characters.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(text) {
		if i > 0 {
			if col+1+len(word) > width {
				b.WriteString("\n" + indent)
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
