package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/awsaudit"
	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/report"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
	"github.com/shipshape/shipshape/internal/secrets"
	"github.com/shipshape/shipshape/internal/termsafe"
)

// awsFlags are the connection flags every aws command takes.
type awsFlags struct {
	profile     string
	regions     []string
	roleARN     string
	externalID  string
	endpointURL string
	quiet       bool
}

func (a *awsFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&a.profile, "profile", "", "named `PROFILE` of the AWS config files (default: the standard credential chain)")
	fl.StringSliceVar(&a.regions, "region", nil, "`REGION` to read (repeatable, or comma-separated; \"all\" = every Region enabled for the account; default: the profile's Region)")
	fl.StringVar(&a.roleARN, "role-arn", "", "assume role `ARN` with the loaded credentials first")
	fl.StringVar(&a.externalID, "external-id", "", "external `ID` to pass when assuming roles")
	fl.StringVar(&a.endpointURL, "endpoint-url", "", "send every call to `URL` (an emulator or private endpoint); plain http only on loopback")
	fl.BoolVarP(&a.quiet, "quiet", "q", false, "no progress display (there is none when standard error is not a terminal or CI is set)")
}

// regionName is what a Region's name looks like: eu-west-1, us-gov-east-1,
// cn-north-1.
var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// load builds the SDK configuration.
func (a *awsFlags) load(ctx context.Context) (aws.Config, error) {
	for _, r := range a.regions {
		if !strings.EqualFold(r, "all") && !regionName.MatchString(r) {
			return aws.Config{}, fmt.Errorf("--region %q is not a Region name: give one such as eu-west-1, or all (repeat --region, or separate names with commas)", r)
		}
	}
	region := ""
	for _, r := range a.regions {
		if !strings.EqualFold(r, "all") {
			region = r
			break
		}
	}
	maxAttempts := 0
	if v := os.Getenv("SHIPSHAPE_AWS_MAX_ATTEMPTS"); v != "" {
		fmt.Sscan(v, &maxAttempts)
	}
	return awsconf.Load(ctx, awsconf.Options{
		Profile: a.profile, Region: region, RoleARN: a.roleARN, ExternalID: a.externalID,
		EndpointURL: a.endpointURL, MaxAttempts: maxAttempts,
	})
}

// check validates the flags before anything is called.
func (a *awsFlags) check() error {
	if a.endpointURL != "" {
		if err := awsconf.CheckEndpoint(a.endpointURL); err != nil {
			return usageError("%v", err)
		}
	}
	if a.externalID != "" && a.roleARN == "" {
		return nil // used with --assume-role-name
	}
	return nil
}

// showProgress reports whether a progress display belongs on w.
func (a *awsFlags) showProgress(w io.Writer) bool {
	return !a.quiet && os.Getenv("CI") == "" && IsTerminal(w)
}

func newAWS(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "aws",
		Short: "Check a live AWS account: audit it, gate ECR scan results, audit ECS Exec use",
		Long: `Read a live AWS account through the AWS APIs with the standard credential chain
(environment, profiles, SSO, instance and task roles), --profile, --region and
--role-arn. "audit" and "exec-audit" only read; "ecr-scan" starts image scans.`,
		Example: `  shipshape aws audit --region eu-west-1
  shipshape aws ecr-scan --running --fail-on HIGH
  shipshape aws exec-audit --since 24h`,
	}
	cmd.AddCommand(newAWSAudit(s), newAWSECRScan(s), newAWSExecAudit(s))
	return cmd
}

type auditFlags struct {
	awsFlags
	reportFlags
	accountsFile   string
	organization   bool
	assumeRoleName string
	workers        int
}

func newAWSAudit(s Streams) *cobra.Command {
	var f auditFlags
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Audit an AWS account read-only with the same rules as scan",
		Long: `Read ECS clusters, services, task definitions and running tasks, ECR repositories,
images and scan results, CloudTrail, EventBridge, CloudWatch Logs, GuardDuty,
Inspector, EFS, security groups, EC2 launch templates, EKS clusters, IAM task
roles and CodeBuild projects, and run every rule that applies to a live account.
Only read calls are made (the IAM policy is in the README). A call that is denied is reported as a missing
permission and the rest of the account is still read.

Findings carry the resource's ARN, account and Region; their file is a stable
pseudo-path aws/ACCOUNT/REGION/SERVICE/KIND/NAME. Suppress them in .shipshape.yaml
by ARN or name (ignore: [{rule: ..., resources: [ARN or name], reason: ...}])
or by path pattern, and use --baseline as with scan.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage error, credentials that do not work, or a call that failed for another
reason than a missing permission.`,
		Example: `  # the profile's Region
  shipshape aws audit --profile prod

  # two Regions, SARIF for code scanning
  shipshape aws audit --region eu-west-1 --region us-east-1 --format sarif -o aws.sarif

  # every enabled Region of every account of the organization
  shipshape aws audit --region all --organization --assume-role-name ShipshapeAudit --external-id "$EXT_ID"

  # accounts listed in a file, one ID a line
  shipshape aws audit --accounts accounts.txt --assume-role-name ShipshapeAudit

  # an emulator on this machine
  shipshape aws audit --endpoint-url http://127.0.0.1:5000 --region us-east-1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runAWSAudit(cmd.Context(), s, &f) },
	}
	f.awsFlags.register(cmd)
	f.reportFlags.register(cmd, "the working directory")
	fl := cmd.Flags()
	fl.StringVar(&f.accountsFile, "accounts", "", "`FILE` of account IDs to audit, one a line, through --assume-role-name")
	fl.BoolVar(&f.organization, "organization", false, "audit every active account of the AWS Organization, through --assume-role-name")
	fl.StringVar(&f.assumeRoleName, "assume-role-name", "", "role `NAME` to assume in each account of --accounts or --organization")
	fl.IntVar(&f.workers, "workers", 4, "account-Regions read at once (`N`)")
	return cmd
}

func runAWSAudit(ctx context.Context, s Streams, f *auditFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := f.checkFormat(); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	if f.workers < 1 || f.workers > 64 {
		return usageError("--workers %d: want 1 to 64", f.workers)
	}
	if (f.accountsFile != "" || f.organization) && f.assumeRoleName == "" {
		return usageError("--accounts and --organization need --assume-role-name, the role to assume in each account")
	}
	var accounts []string
	if f.accountsFile != "" {
		file, err := os.Open(f.accountsFile)
		if err != nil {
			return usageError("--accounts: %v", err)
		}
		accounts, err = awsaudit.ReadAccounts(file)
		file.Close()
		if err != nil {
			return usageError("--accounts %s: %v", f.accountsFile, err)
		}
	}
	cfg, baseline, detector, err := f.liveSetup()
	if err != nil {
		return err
	}
	failOn, failNever, err := failThreshold(cfg, f.failOn)
	if err != nil {
		return err
	}
	awsCfg, err := f.load(ctx)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	scrub := newScrubber(ctx, awsCfg)
	prog := newProgress(s.Err, f.showProgress(s.Err))
	audit, err := awsaudit.Run(ctx, awsCfg, awsaudit.Options{
		Regions: f.regions, Accounts: accounts, Organization: f.organization,
		AssumeRoleName: f.assumeRoleName, ExternalID: f.externalID, Workers: f.workers, Progress: prog.update,
	})
	prog.done()
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("%s", scrub.text(err.Error()))}
	}
	res := scan.Check(audit.States, audit.Diagnostics, scan.Options{
		Config: cfg, Baseline: baseline,
		Settings: &rule.Settings{TrustedRegistries: cfg.Registries(), Strict: cfg.Strict, Params: cfg.Rules, Now: time.Now(), Secrets: detector},
	})
	resources := 0
	for _, st := range audit.States {
		resources += len(st.Resources)
	}
	liveRead(res, resources, scan.Noun{One: "resource", Many: "resources"}, len(audit.States))
	scrub.result(res)
	if err := f.saveBaseline(res); err != nil {
		return err
	}
	if err := writeReport(s, f.format, f.output, res, f.noColor, f.showSuppressed, f.verbose); err != nil {
		return err
	}
	switch {
	case res.HasErrors():
		return &exitError{code: ExitError}
	case !failNever && countAtLeast(res.Findings, failOn) > 0:
		return &exitError{code: ExitFindings}
	}
	return nil
}

// writeReport writes the result to --output or standard output.
func writeReport(s Streams, format, output string, res *scan.Result, noColor, showSuppressed, verbose bool) error {
	var out io.Writer = s.Out
	var file *os.File
	if output != "" && output != "-" {
		var err error
		if file, err = os.Create(output); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("--output: %v", err)}
		}
		out = file
	}
	color := format == "text" && file == nil && s.OutIsTerminal && !noColor && os.Getenv("NO_COLOR") == ""
	werr := report.Write(out, format, res, report.Options{Version: Version, Color: color, ShowSuppressed: showSuppressed, Verbose: verbose})
	if file != nil {
		if cerr := file.Close(); werr == nil {
			werr = cerr
		}
		for _, d := range res.Diagnostics {
			if d.Level == finding.LevelError {
				fmt.Fprintln(s.Err, d.String())
			}
		}
	}
	if werr != nil {
		return &exitError{code: ExitError, err: werr}
	}
	return nil
}

// scrubber removes the credentials in use from any text shown, should an
// error message ever carry one.
type scrubber struct{ secrets []string }

func newScrubber(ctx context.Context, cfg aws.Config, extra ...string) *scrubber {
	s := &scrubber{}
	if cfg.Credentials != nil {
		if c, err := cfg.Credentials.Retrieve(ctx); err == nil {
			s.secrets = append(s.secrets, c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
		}
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		s.secrets = append(s.secrets, os.Getenv(k))
	}
	s.secrets = append(s.secrets, extra...)
	return s
}

func (s *scrubber) text(t string) string {
	for _, sec := range s.secrets {
		if len(sec) >= 8 {
			t = strings.ReplaceAll(t, sec, secrets.Mask(sec))
		}
	}
	return t
}

func (s *scrubber) result(res *scan.Result) {
	for i := range res.Diagnostics {
		res.Diagnostics[i].Message = s.text(res.Diagnostics[i].Message)
	}
	for _, list := range [][]finding.Finding{res.Findings, res.Suppressed} {
		for i := range list {
			list[i].Message = s.text(list[i].Message)
		}
	}
}

// progress shows, on a terminal, how far the audit is: one line rewritten
// in place.
type progress struct {
	mu   sync.Mutex
	w    io.Writer
	on   bool
	seen int
}

func newProgress(w io.Writer, on bool) *progress { return &progress{w: w, on: on} }

func (p *progress) update(account, region, service string) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen++
	fmt.Fprintf(p.w, "\r\x1b[Kreading %s %s: %s done (%d)", account, region, service, p.seen)
}

// line replaces the progress line with text.
func (p *progress) line(text string) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\x1b[K"+termsafe.String(text))
}

func (p *progress) done() {
	if p == nil || !p.on {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
}

// liveRead makes a live command's result count what it read the way the
// user thinks of it, "25 resources in 2 account Regions", rather than
// files: n of what in regions account Regions.
func liveRead(res *scan.Result, n int, what scan.Noun, regions int) {
	res.Files = n
	res.Inputs = []scan.InputCount{{Noun: what, Files: n, DirNoun: scan.Noun{One: "account Region", Many: "account Regions"}, Dirs: regions}}
}
