package report

import (
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
)

// SARIF constants.
const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// InformationURI is the project's home page, written into SARIF.
	InformationURI = "https://github.com/shipshape/shipshape"
	// srcRoot is the base of relative artifact URIs: the directory the scan
	// ran in, which is what reports show paths relative to.
	srcRoot = "%SRCROOT%"
	// fingerprintKey names shipshape's fingerprint in partialFingerprints.
	fingerprintKey = "shipshape/v1"
)

// RulesDocURL, when set, is the base of each rule's helpUri in SARIF
// (RulesDocURL + rule ID). Empty: no helpUri is written.
var RulesDocURL = ""

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      *sarifText         `json:"fullDescription,omitempty"`
	Help                 *sarifHelp         `json:"help,omitempty"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Phase            string   `json:"phase"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	RelatedLocations    []sarifRelated     `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultProps   `json:"properties"`
}

type sarifResultProps struct {
	Severity     string `json:"severity"`
	ResourceType string `json:"resourceType,omitempty"`
	Format       string `json:"format,omitempty"`
	Condition    string `json:"condition,omitempty"`
	ARN          string `json:"arn,omitempty"`
	Account      string `json:"account,omitempty"`
	Region       string `json:"region,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical       `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalTarget `json:"logicalLocations,omitempty"`
}

// sarifRelated is a related location: the module's line that uses a value
// its caller wrote.
type sarifRelated struct {
	ID               int            `json:"id"`
	PhysicalLocation *sarifPhysical `json:"physicalLocation"`
	Message          sarifText      `json:"message"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogicalTarget struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string         `json:"kind"`
	Status        string         `json:"status"`
	Justification string         `json:"justification,omitempty"`
	Location      *sarifLocation `json:"location,omitempty"`
	Properties    map[string]any `json:"properties,omitempty"`
}

func writeSARIF(w io.Writer, res *scan.Result, o Options) error {
	rules, index := sarifRules(res)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "shipshape", Version: o.Version, SemanticVersion: semanticVersion(o.Version),
			InformationURI: InformationURI, Rules: rules,
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: !res.HasErrors()}},
		Results:     []sarifResult{},
	}
	for _, d := range res.Diagnostics {
		n := sarifNotification{Level: sarifDiagLevel(d.Level), Message: sarifText{Text: d.Message}}
		if loc := sarifPhysicalAt(d.Pos); loc != nil {
			n.Locations = []sarifLocation{{PhysicalLocation: loc}}
		}
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, n)
	}
	// The results are written one at a time, not built into run.
	return writeStreamedJSON(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}},
		streamedArray{"results", len(res.Findings) + len(res.Suppressed), func(i int) any {
			if i < len(res.Findings) {
				return sarifResultOf(&res.Findings[i], index)
			}
			return sarifResultOf(&res.Suppressed[i-len(res.Findings)], index)
		}})
}

// sarifResult is one finding as a SARIF result.
func sarifResultOf(f *finding.Finding, index map[string]int) sarifResult {
	r := sarifResult{
		RuleID: f.RuleID, RuleIndex: index[f.RuleID], Level: sarifLevel(f.Severity),
		Message: sarifText{Text: message(f)},
		Properties: sarifResultProps{
			Severity: f.Severity.String(), ResourceType: f.ResourceType, Format: string(f.Format), Condition: f.Condition,
			ARN: f.LiveInfo().ARN, Account: f.LiveInfo().Account, Region: f.LiveInfo().Region,
		},
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysicalAt(f.Pos)}
	if f.Live != nil && f.Live.ARN != "" && loc.PhysicalLocation != nil && loc.PhysicalLocation.Region == nil {
		// A live resource's pseudo-path has no lines; code scanning wants one.
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: 1}
	}
	if f.Resource != "" {
		loc.LogicalLocations = []sarifLogicalTarget{{Name: f.Resource, FullyQualifiedName: logicalName(*f), Kind: "resource"}}
	}
	if loc.PhysicalLocation != nil || loc.LogicalLocations != nil {
		r.Locations = []sarifLocation{loc}
	}
	for i, rel := range f.Related {
		if p := sarifPhysicalAt(rel); p != nil {
			r.RelatedLocations = append(r.RelatedLocations, sarifRelated{ID: i + 1, PhysicalLocation: p, Message: sarifText{Text: relatedMessage}})
		}
	}
	if f.Fingerprint != "" {
		r.PartialFingerprints = map[string]string{fingerprintKey: f.Fingerprint}
	}
	if s := f.Suppression; s != nil {
		sup := sarifSuppression{Kind: suppressionKind(s.Kind), Status: "accepted", Justification: s.Reason,
			Properties: map[string]any{"source": s.Kind}}
		// Only a comment in the scanned file is located: the config
		// file's path may be absolute and the baseline has none.
		if p := sarifPhysicalAt(s.Pos); p != nil && sup.Kind == "inSource" {
			sup.Location = &sarifLocation{PhysicalLocation: p}
		}
		r.Suppressions = []sarifSuppression{sup}
	}
	return r
}

// sarifRules describes every rule that has a result, sorted by ID, and
// returns each rule's index. GitHub code scanning reads the security
// severity from the rule, not the result, so it is the highest severity the
// rule's counted findings have in this run (a config override or a
// rule-chosen severity moves it), or the rule's default.
func sarifRules(res *scan.Result) ([]sarifRule, map[string]int) {
	sev := map[string]finding.Severity{}
	first := map[string]*finding.Finding{}
	for _, fs := range [][]finding.Finding{res.Findings, res.Suppressed} {
		for i := range fs {
			if _, ok := first[fs[i].RuleID]; !ok {
				first[fs[i].RuleID] = &fs[i]
			}
		}
	}
	for _, f := range res.Findings {
		if f.Severity > sev[f.RuleID] {
			sev[f.RuleID] = f.Severity
		}
	}
	ids := make([]string, 0, len(first))
	for id := range first {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rules := make([]sarifRule, 0, len(ids))
	index := map[string]int{}
	for i, id := range ids {
		index[id] = i
		f := first[id]
		r := rule.Lookup(id)
		if r == nil {
			// A finding of a rule that is not registered (a test, or a
			// stage-reported ID): describe it from the finding.
			r = &rule.Rule{ID: id, Title: f.Title, Phase: f.Phase, Severity: f.Severity}
		}
		s := sev[id]
		if s == 0 {
			s = r.Severity
		}
		title := r.Title
		if title == "" {
			title = id
		}
		sr := sarifRule{
			ID: id, Name: ruleName(id), ShortDescription: sarifText{Text: title},
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(s)},
			Properties: sarifRuleProps{
				Tags: []string{"security", string(r.Phase)}, SecuritySeverity: securitySeverity(s), Phase: string(r.Phase),
			},
		}
		if r.Rationale != "" {
			sr.FullDescription = &sarifText{Text: r.Rationale}
			sr.Help = &sarifHelp{Text: helpText(r), Markdown: helpMarkdown(r)}
		}
		if RulesDocURL != "" {
			sr.HelpURI = RulesDocURL + id
		}
		rules = append(rules, sr)
	}
	return rules, index
}

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub code scanning's numeric severity: above 9.0
// is critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "9.5"
	case finding.High:
		return "8.0"
	case finding.Medium:
		return "5.5"
	case finding.Low:
		return "3.0"
	}
	return "1.0"
}

func sarifDiagLevel(level string) string {
	switch level {
	case finding.LevelError:
		return "error"
	case finding.LevelWarning:
		return "warning"
	}
	return "note"
}

// suppressionKind is "inSource" for suppressions written in the scanned
// files, "external" for the config file and the baseline.
func suppressionKind(kind string) string {
	switch kind {
	case "config", "baseline":
		return "external"
	}
	return "inSource"
}

// sarifPhysicalAt locates pos relative to %SRCROOT%, or by an absolute file
// URI when it lies outside the working directory; nil for stdin or no file.
func sarifPhysicalAt(pos model.Pos) *sarifPhysical {
	if pos.File == "" || pos.File == "<stdin>" {
		return nil
	}
	p := &sarifPhysical{ArtifactLocation: artifactLocation(pos.File)}
	if pos.Line > 0 {
		p.Region = &sarifRegion{StartLine: pos.Line, StartColumn: max(pos.Col, 0)}
	}
	return p
}

// artifactLocation turns a report path (relative to the working directory
// when below it, with forward slashes) into a SARIF artifact location.
func artifactLocation(file string) sarifArtifact {
	slashed := filepath.ToSlash(file)
	if !filepath.IsAbs(file) && !path.IsAbs(slashed) && slashed != ".." && !strings.HasPrefix(slashed, "../") {
		uri := (&url.URL{Path: path.Clean(slashed)}).EscapedPath()
		if first, _, _ := strings.Cut(uri, "/"); strings.Contains(first, ":") {
			uri = "./" + uri // not a scheme
		}
		return sarifArtifact{URI: uri, URIBaseID: srcRoot}
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs // Windows: file:///C:/...
	}
	return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: abs}).String()}
}

// logicalName qualifies a resource by its type: "AWS::ECS::TaskDefinition/ApiTask".
func logicalName(f finding.Finding) string {
	if f.ResourceType == "" {
		return f.Resource
	}
	return f.ResourceType + "/" + f.Resource
}

// ruleName is the rule ID in PascalCase: ecs-task/secrets-in-env is
// EcsTaskSecretsInEnv.
func ruleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// semanticVersion is the version without a leading "v" when it is
// semantic-version shaped (MAJOR.MINOR.PATCH[-pre][+build]), else "".
func semanticVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	core, _, _ := strings.Cut(v, "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return ""
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return ""
		}
	}
	return v
}

// helpText is the rationale and the remediation per input format, as plain text.
func helpText(r *rule.Rule) string {
	var b strings.Builder
	b.WriteString(r.Rationale)
	for _, f := range remediationFormats(r) {
		fmt.Fprintf(&b, "\n\n%s:\n%s", FormatName(f), r.Remediation[f])
	}
	return b.String()
}

// helpMarkdown is the rationale and the remediation per input format, each
// snippet in a fenced code block.
func helpMarkdown(r *rule.Rule) string {
	var b strings.Builder
	b.WriteString(r.Rationale)
	for _, f := range remediationFormats(r) {
		fmt.Fprintf(&b, "\n\n**%s**\n\n%s", FormatName(f), fenced(r.Remediation[f], fenceLanguage(f)))
	}
	return b.String()
}

// remediationFormats lists the formats a rule has a remediation for, sorted.
func remediationFormats(r *rule.Rule) []model.Format {
	var out []model.Format
	for f := range r.Remediation {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// FormatName is the display name of an input format.
func FormatName(f model.Format) string {
	switch f {
	case model.CloudFormation:
		return "CloudFormation"
	case model.Terraform:
		return "Terraform"
	case model.TaskDefJSON:
		return "Task definition JSON"
	case model.Kubernetes:
		return "Kubernetes"
	case model.Compose:
		return "Docker Compose"
	case model.Dockerfile:
		return "Dockerfile"
	case model.Image:
		return "Image"
	case model.LiveAWS:
		return "Live AWS"
	}
	return string(f)
}

// fenceLanguage is the code-fence info string for a format's snippets.
func fenceLanguage(f model.Format) string {
	switch f {
	case model.CloudFormation, model.Kubernetes, model.Compose:
		return "yaml"
	case model.Terraform:
		return "hcl"
	case model.TaskDefJSON:
		return "json"
	case model.Dockerfile:
		return "dockerfile"
	}
	return ""
}

// fenced puts code in a fenced block longer than any backtick run inside it.
func fenced(code, lang string) string {
	longest, run := 0, 0
	for _, r := range code {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + lang + "\n" + strings.TrimRight(code, "\n") + "\n" + fence
}
