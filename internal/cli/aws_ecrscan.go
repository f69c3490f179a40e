package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/adapt/awslive"
	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/ecrscan"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/notify"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/scan"
	"github.com/shipshape/shipshape/internal/termsafe"
)

// scanSeverityNames are the ECR scan severities, most severe first.
var scanSeverityNames = []string{"CRITICAL", "HIGH", "MEDIUM", "LOW"}

type ecrScanFlags struct {
	awsFlags
	reportFlags
	repositories []string
	tags         []string
	allTags      bool
	running      bool
	timeout      time.Duration
	notify       notifyFlag
}

func newAWSECRScan(s Streams) *cobra.Command {
	var f ecrScanFlags
	cmd := &cobra.Command{
		Use:   "ecr-scan",
		Short: "Scan ECR images (starts basic scans) and fail on findings at or above a severity",
		Long: `Bring the vulnerability scans of ECR images up to date and gate on them.

This command WRITES: it calls ecr:StartImageScan on images whose last basic
scan is more than 24 hours old, or that were never scanned (ECR allows one
scan of an image a day, so a scan from the last 24 hours is used as it is).
Everything else it only reads. The IAM policy is in the README.

Images: --repository with --tag (repeatable) or --all-tags (every tagged
image), or --running: the images the Region's running ECS tasks use (with
--repository, only those repositories). It waits with backoff for started
scans to complete, up to --timeout, and reads the findings of basic scanning
and of enhanced scanning (Amazon Inspector, status ACTIVE) alike.

The text output is a table per image with its findings by severity and its
most severe CVEs. A scan whose status is not COMPLETE or ACTIVE (never
scanned, IN_PROGRESS after --timeout, FAILED, UNSUPPORTED_IMAGE, ...) is shown
as UNKNOWN, never as passed. JSON, SARIF, JUnit and Markdown report the rule
ecr/critical-findings for each image, as shipshape aws audit does.

--notify sns:TOPIC_ARN or webhook:URL (Slack-compatible JSON; https, or
http to loopback) sends one summary of the run; repeatable. Webhook URLs
are credentials: they are never printed.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage error, a call that failed, a notification that could not be sent,
or an image whose scan result is unknown.`,
		Example: `  # the images running tasks use, failing on CRITICAL findings
  shipshape aws ecr-scan --running

  # two tags of one repository, failing on HIGH and above
  shipshape aws ecr-scan --repository app --tag 1.4 --tag latest --fail-on high

  # every tagged image of two repositories, as SARIF
  shipshape aws ecr-scan --repository app --repository worker --all-tags -f sarif -o ecr.sarif

  # a scheduled gate that alerts a topic and a Slack channel
  shipshape aws ecr-scan --running --notify sns:arn:aws:sns:eu-west-1:123456789012:scan-alerts \
    --notify "webhook:$SLACK_WEBHOOK_URL"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runAWSECRScan(cmd.Context(), s, &f) },
	}
	f.awsFlags.register(cmd)
	f.reportFlags.register(cmd, "the working directory")
	fl := cmd.Flags()
	fl.Lookup("fail-on").Usage = "lowest scan `SEVERITY` that makes the exit code 1: critical, high, medium, low, or none (default critical)"
	fl.StringArrayVar(&f.repositories, "repository", nil, "ECR repository `NAME` (repeatable)")
	fl.StringArrayVar(&f.tags, "tag", nil, "image `TAG` of each --repository (repeatable)")
	fl.BoolVar(&f.allTags, "all-tags", false, "every tagged image of each --repository")
	fl.BoolVar(&f.running, "running", false, "the images running ECS tasks use")
	fl.DurationVar(&f.timeout, "timeout", 10*time.Minute, "how long to wait for started scans to complete (`DURATION`)")
	f.notify.register(cmd)
	return cmd
}

// ecrFailOn reads --fail-on for ecr-scan: a scan severity or none.
func ecrFailOn(v string) (name string, sev finding.Severity, never bool, err error) {
	switch strings.ToUpper(v) {
	case "":
		return "CRITICAL", finding.Critical, false, nil
	case "NONE":
		return "HIGH", 0, true, nil
	case "CRITICAL", "HIGH", "MEDIUM", "LOW":
		sev, _ := finding.ParseSeverity(v)
		return strings.ToUpper(v), sev, false, nil
	}
	return "", 0, false, usageError("--fail-on: unknown value %q (want critical, high, medium, low or none)", v)
}

func (f *ecrScanFlags) validate() error {
	if err := f.checkFormat(); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	switch {
	case (len(f.tags) > 0 || f.allTags) && len(f.repositories) == 0:
		return usageError("--tag and --all-tags need --repository")
	case !f.running && len(f.repositories) == 0:
		return usageError("name the images: --running, or --repository NAME with --tag TAG or --all-tags")
	case len(f.tags) > 0 && f.allTags:
		return usageError("--tag and --all-tags exclude each other")
	case len(f.repositories) > 0 && !f.running && len(f.tags) == 0 && !f.allTags:
		return usageError("--repository needs --tag TAG, --all-tags or --running")
	case f.running && (len(f.tags) > 0 || f.allTags):
		return usageError("--running and --tag/--all-tags exclude each other")
	case f.timeout <= 0 || f.timeout > 2*time.Hour:
		return usageError("--timeout %s: want a duration from 1s to 2h", f.timeout)
	}
	for _, r := range f.regions {
		if strings.EqualFold(r, "all") {
			return usageError("--region all: ecr-scan takes named Regions (repeat --region)")
		}
	}
	return nil
}

func runAWSECRScan(ctx context.Context, s Streams, f *ecrScanFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := f.validate(); err != nil {
		return err
	}
	threshold, failOn, failNever, err := ecrFailOn(f.failOn)
	if err != nil {
		return err
	}
	if err := f.notify.parse(); err != nil {
		return err
	}
	cfg, baseline, detector, err := f.liveSetup()
	if err != nil {
		return err
	}
	awsCfg, err := f.load(ctx)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	scrub := newScrubber(ctx, awsCfg, f.notify.secrets()...)
	id, err := sts.NewFromConfig(awsCfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("the AWS credentials do not work (sts:GetCallerIdentity): %s; set AWS_PROFILE or --profile, or run aws sso login",
			scrub.text(awsconf.Describe(err)))}
	}
	account := aws.ToString(id.Account)
	regions := f.regions
	if len(regions) == 0 {
		regions = []string{awsCfg.Region}
	}
	var images []ecrscan.Image
	var states []*model.State
	var diags []finding.Diagnostic
	for _, region := range regions {
		rc := awsCfg.Copy()
		rc.Region = region
		r := ecrscan.Run(ctx, rc, ecrscan.Options{
			Account: account, Timeout: f.timeout,
			Select: awslive.Selection{Repositories: f.repositories, Tags: f.tags, AllTags: f.allTags, Running: f.running},
		})
		st := model.NewState(awslive.Scope(account, region), model.LiveAWS)
		for _, img := range r.Images {
			st.Add(img.ECRImage)
		}
		st.Link()
		states = append(states, st)
		diags = append(diags, r.Diagnostics...)
		images = append(images, r.Images...)
		if len(r.Images) == 0 && !r.HasErrors() {
			diags = append(diags, finding.Diagnostic{Pos: model.Pos{File: st.Scope}, Level: finding.LevelNotice,
				Message: "no image selected in " + region + noneWhy(f)})
		}
	}
	params := map[string]map[string]string{}
	for k, v := range cfg.Rules {
		params[k] = v
	}
	params["ecr/critical-findings"] = map[string]string{"threshold": threshold}
	res := scan.Check(states, diags, scan.Options{
		Config: cfg, Baseline: baseline, Rules: []*rule.Rule{rule.Lookup("ecr/critical-findings")},
		Settings: &rule.Settings{Params: params, Now: time.Now(), Secrets: detector},
	})
	liveRead(res, len(images), scan.Noun{One: "image", Many: "images"}, len(states))
	scrub.result(res)
	if err := f.saveBaseline(res); err != nil {
		return err
	}
	failing := map[string]bool{} // image IDs with findings at or above --fail-on
	for _, fd := range res.Findings {
		if !failNever && fd.Severity >= failOn {
			failing[fd.Resource] = true
		}
	}
	table := ecrTable(images, failing, threshold, failNever)
	if f.format == "text" {
		if err := writeText(s, f.output, table); err != nil {
			return err
		}
		for _, d := range res.Diagnostics {
			fmt.Fprintln(s.Err, termsafe.String(d.String()))
		}
	} else if err := writeReport(s, f.format, f.output, res, f.noColor, f.showSuppressed, f.verbose); err != nil {
		return err
	}
	unknown := 0
	for _, img := range images {
		if !img.Known() {
			unknown++
		}
	}
	sent := f.notify.send(ctx, s, awsCfg, scrub, notify.Summary{Subject: ecrSubject(len(images), len(failing), unknown, threshold, failNever), Text: table})
	switch {
	case res.HasErrors() || !sent:
		return &exitError{code: ExitError}
	case len(failing) > 0:
		return &exitError{code: ExitFindings}
	case unknown > 0:
		fmt.Fprintf(s.Err, "shipshape: %d %s without a usable scan result (UNKNOWN is not a pass)\n", unknown, plural(unknown, "image", "images"))
		return &exitError{code: ExitError}
	}
	return nil
}

// noneWhy says why a selection found nothing.
func noneWhy(f *ecrScanFlags) string {
	if f.running {
		return ": no running ECS task uses an image of this account's registry there"
	}
	return ""
}

// writeText writes the text output to --output or standard output.
func writeText(s Streams, output, text string) error {
	if output == "" || output == "-" {
		_, err := io.WriteString(s.Out, text)
		return err
	}
	if err := safefs.WriteFile(output, func(w io.Writer) error { _, err := io.WriteString(w, text); return err }); err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("--output: %v", err)}
	}
	return nil
}

// ecrSubject is the one-line summary of a run.
func ecrSubject(total, failing, unknown int, threshold string, never bool) string {
	s := fmt.Sprintf("shipshape aws ecr-scan: %d of %d %s with findings at or above %s", failing, total, plural(total, "image", "images"), threshold)
	if never {
		s = fmt.Sprintf("shipshape aws ecr-scan: %d %s scanned", total, plural(total, "image", "images"))
	}
	if unknown > 0 {
		s += fmt.Sprintf(", %d unknown", unknown)
	}
	return s
}

// ecrTable renders the images with their findings by severity, the most
// severe CVEs under each, and a summary line.
func ecrTable(images []ecrscan.Image, failing map[string]bool, threshold string, never bool) string {
	sort.SliceStable(images, func(i, j int) bool {
		a, b := images[i], images[j]
		if a.Live.Region != b.Live.Region {
			return a.Live.Region < b.Live.Region
		}
		return imageName(a.ECRImage) < imageName(b.ECRImage)
	})
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "REGION\tIMAGE\tDIGEST\tSTATUS\tCRITICAL\tHIGH\tMEDIUM\tLOW\tOTHER\tSCAN")
	passed, unknown := 0, 0
	for _, img := range images {
		status := img.ScanStatus
		counts := []string{"-", "-", "-", "-", "-"}
		if img.Known() {
			other := 0
			for sev, n := range img.SeverityCounts {
				if awslive.SeverityRank(sev) < awslive.SeverityRank("LOW") {
					other += n
				}
			}
			for i, sev := range scanSeverityNames {
				counts[i] = fmt.Sprint(img.SeverityCounts[sev])
			}
			counts[4] = fmt.Sprint(other)
			if !failing[img.ID] {
				passed++
			}
		} else {
			unknown++
			if status == "" {
				status = "never scanned"
			}
			status = "UNKNOWN (" + status + ")"
		}
		scanned := img.Action
		if img.Action == ecrscan.Reused && !img.ScanCompletedAt.IsZero() {
			scanned += " " + img.ScanCompletedAt.UTC().Format("2006-01-02T15:04Z")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", img.Live.Region, termsafe.String(imageName(img.ECRImage)), shortDigest(img.Digest),
			termsafe.String(status), counts[0], counts[1], counts[2], counts[3], counts[4], scanned)
	}
	tw.Flush()
	for _, img := range images {
		var lines []string
		for _, sf := range img.TopFindings {
			pkg := ""
			if sf.Package != "" {
				pkg = " in " + sf.Package
			}
			lines = append(lines, termsafe.String(fmt.Sprintf("  %-8s %s%s %s", sf.Severity, sf.Name, pkg, sf.URI)))
		}
		var why []string
		if img.ScanStatusDescription != "" && !img.Known() {
			why = append(why, img.ScanStatusDescription)
		}
		if img.Note != "" {
			why = append(why, img.Note)
		}
		if len(lines) == 0 && len(why) == 0 {
			continue
		}
		fmt.Fprintf(&buf, "\n%s (%s):\n", termsafe.String(imageName(img.ECRImage)), img.Live.Region)
		for _, w := range why {
			fmt.Fprintf(&buf, "  note: %s\n", termsafe.String(w))
		}
		for _, l := range lines {
			buf.WriteString(l + "\n")
		}
	}
	fmt.Fprintf(&buf, "\n%d %s: ", len(images), plural(len(images), "image", "images"))
	var parts []string
	if !never {
		parts = append(parts, fmt.Sprintf("%d with findings at or above %s", len(failing), threshold))
	}
	parts = append(parts, fmt.Sprintf("%d unknown (scan not COMPLETE or ACTIVE: not a pass)", unknown))
	if !never {
		parts = append(parts, fmt.Sprintf("%d passed", passed))
	}
	buf.WriteString(strings.Join(parts, ", ") + "\n")
	return buf.String()
}

// imageName is repository:tag, or repository@digest for an untagged image.
func imageName(img *model.ECRImage) string {
	if len(img.Tags) > 0 {
		tags := append([]string(nil), img.Tags...)
		sort.Strings(tags)
		return img.Repository + ":" + tags[0]
	}
	return img.Repository + "@" + shortDigest(img.Digest)
}

// shortDigest keeps the algorithm and 12 hex digits of a digest.
func shortDigest(d string) string {
	if len(d) > len("sha256:")+12 {
		return d[:len("sha256:")+12]
	}
	return d
}
