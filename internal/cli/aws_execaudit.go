package cli

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/awsaudit"
	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/execaudit"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/notify"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/termsafe"
)

type execAuditFlags struct {
	awsFlags
	since, until string
	hours        int
	files        []string
	format       string
	output       string
	configPath   string
	verbose      bool
	notify       notifyFlag
}

func newAWSExecAudit(s Streams) *cobra.Command {
	var f execAuditFlags
	cmd := &cobra.Command{
		Use:   "exec-audit",
		Short: "List who used ECS Exec, from CloudTrail, and fail on principals not allowed to",
		Long: `List the ECS ExecuteCommand calls (ECS Exec sessions) recorded by CloudTrail: who
called (principal, ARN, source IP, user agent), when, on which cluster, task and
container, the command, whether AWS allowed or denied it, and whether the
principal is on exec_allowlist in .shipshape.yaml. Read-only.

Events come from CloudTrail's LookupEvents API (the last 90 days, per Region,
every page, at most 2 calls a second per Region as the API allows), or with
--from-files from CloudTrail log files as delivered to S3 (.json and .json.gz;
directories are walked and digest files skipped; download them first, e.g.
aws s3 sync s3://BUCKET/AWSLogs/ACCOUNT/CloudTrail/ trail/).

exec_allowlist entries are ARNs ("*" matches any characters), matched against
the caller's ARN and, for a session, its role's ARN, or IAM user and role
names:

  exec_allowlist:
    - arn:aws:iam::123456789012:role/PlatformOnCall
    - BreakGlass

Secret-looking words of commands are masked. Exit codes: 0 every event's
principal is on exec_allowlist (or there was no event); 1 events by principals
outside it (with no exec_allowlist, any event); 2 usage error, or events that
could not be read (a missing permission, a bad file).`,
		Example: `  # the last 24 hours in the profile's Region
  shipshape aws exec-audit

  # a week in two Regions, as JSON
  shipshape aws exec-audit --since 7d --region eu-west-1 --region us-east-1 --format json

  # a fixed window in every enabled Region
  shipshape aws exec-audit --since 2026-11-01T00:00:00Z --until 2026-11-08T00:00:00Z --region all

  # CloudTrail log files downloaded from S3
  shipshape aws exec-audit --from-files trail/ --since 30d`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExecAudit(cmd.Context(), s, &f, cmd.Flags().Changed("hours"))
		},
	}
	f.awsFlags.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.since, "since", "", "start of the window: a time (2026-11-01, 2026-11-01T08:00:00Z) or a duration before now (36h, 7d); default 24h")
	fl.StringVar(&f.until, "until", "", "end of the window: a time or a duration before now (default now)")
	fl.IntVar(&f.hours, "hours", 0, "the last `N` hours (instead of --since and --until)")
	fl.StringArrayVar(&f.files, "from-files", nil, "read CloudTrail log files (`PATH`: a .json or .json.gz file or a directory; repeatable) instead of LookupEvents")
	fl.StringVarP(&f.format, "format", "f", "text", "output `FORMAT`: "+strings.Join(execaudit.Formats, ", "))
	fl.StringVarP(&f.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	configFlag(cmd, &f.configPath, "the working directory; exec_allowlist is read there")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "list each event's ARNs, user agent and full command (text output)")
	f.notify.register(cmd)
	return cmd
}

var relativeRe = regexp.MustCompile(`^([0-9]+)(d|h|m)$`)

// parseWhen reads a --since or --until value: a duration before now or a time.
func parseWhen(flag, v string, now time.Time) (time.Time, error) {
	if m := relativeRe.FindStringSubmatch(v); m != nil {
		n, _ := strconv.Atoi(m[1])
		unit := map[string]time.Duration{"d": 24 * time.Hour, "h": time.Hour, "m": time.Minute}[m[2]]
		return now.Add(-time.Duration(n) * unit), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usageError("%s %q: want a time such as 2026-11-01 or 2026-11-01T08:00:00Z, or a duration before now such as 36h or 7d", flag, v)
}

// window reads --since, --until and --hours; explicit is false when none
// was given (files are then read whole).
func (f *execAuditFlags) window(hoursSet bool, now time.Time) (start, end time.Time, explicit bool, err error) {
	if hoursSet && (f.since != "" || f.until != "") {
		return start, end, false, usageError("--hours cannot be combined with --since or --until")
	}
	if hoursSet && (f.hours < 1 || f.hours > 24*90) {
		return start, end, false, usageError("--hours %d: want 1 to 2160 (90 days, what LookupEvents keeps)", f.hours)
	}
	explicit = hoursSet || f.since != "" || f.until != ""
	start, end = now.Add(-24*time.Hour), now
	if hoursSet {
		start = now.Add(-time.Duration(f.hours) * time.Hour)
	}
	if f.since != "" {
		if start, err = parseWhen("--since", f.since, now); err != nil {
			return
		}
	}
	if f.until != "" {
		if end, err = parseWhen("--until", f.until, now); err != nil {
			return
		}
	}
	if !start.Before(end) {
		return start, end, explicit, usageError("the window is empty: --since %s is not before --until %s", start.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	return start, end, explicit, nil
}

func runExecAudit(ctx context.Context, s Streams, f *execAuditFlags, hoursSet bool) error {
	if ctx == nil {
		ctx = context.Background()
	}
	valid := false
	for _, name := range execaudit.Formats {
		valid = valid || f.format == name
	}
	if !valid {
		return usageError("unknown --format %q (want one of %s)", f.format, strings.Join(execaudit.Formats, ", "))
	}
	if err := f.check(); err != nil {
		return err
	}
	if err := f.notify.parse(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	start, end, explicit, err := f.window(hoursSet, now)
	if err != nil {
		return err
	}
	if err := writableDir(f.output); err != nil {
		return usageError("--output: %v", err)
	}
	cfg, err := loadConfig(f.configPath, nil, safefs.NewBoundary([]string{"."}))
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	detector, err := newDetector(cfg)
	if err != nil {
		return err
	}
	rep := &execaudit.Report{Version: Version, Allowlist: len(cfg.ExecAllowlist)}
	scrub := &scrubber{secrets: f.notify.secrets()}
	var awsCfg aws.Config
	if len(f.files) == 0 || f.notify.needsAWS() {
		if awsCfg, err = f.load(ctx); err != nil {
			return &exitError{code: ExitError, err: err}
		}
		scrub = newScrubber(ctx, awsCfg, f.notify.secrets()...)
	}
	if len(f.files) > 0 {
		read := execaudit.ReadFiles(f.files, execaudit.FileOptions{Secrets: detector})
		rep.Read = *read
		rep.Sources = []string{fmt.Sprintf("%d CloudTrail log files", read.Files)}
		if read.Files == 1 {
			rep.Sources = []string{"1 CloudTrail log file"}
		}
		if explicit {
			rep.Start, rep.End = start, end
		}
		rep.Events = filterEvents(rep.Events, f.regions, rep.Start, rep.End)
	} else {
		if now.Sub(start) > execaudit.MaxLookback {
			return usageError("--since %s is more than 90 days ago, beyond what LookupEvents keeps; read the trail's log files with --from-files", start.Format("2006-01-02"))
		}
		regions, err := awsaudit.Regions(ctx, awsCfg, f.regions)
		if err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("listing the enabled Regions (ec2:DescribeRegions): %s", scrub.text(awsconf.Describe(err)))}
		}
		prog := newProgress(s.Err, f.showProgress(s.Err))
		read := execaudit.Lookup(ctx, awsCfg, regions, execaudit.LookupOptions{
			Start: start, End: end, Secrets: detector,
			Progress: func(region string, pages, events int) {
				prog.line(fmt.Sprintf("reading ExecuteCommand events: %s page %d (%d events)", region, pages, events))
			},
		})
		prog.done()
		rep.Read = *read
		rep.Start, rep.End = start, end
		rep.Sources = []string{strings.Join(regions, ", ")}
	}
	execaudit.NewAllowlist(cfg.ExecAllowlist).Apply(rep.Events)
	execaudit.Sort(rep.Events)
	for i := range rep.Diagnostics {
		rep.Diagnostics[i].Message = scrub.text(rep.Diagnostics[i].Message)
	}
	for i := range rep.Events {
		ev := &rep.Events[i]
		ev.ErrorMessage, ev.Command = scrub.text(ev.ErrorMessage), scrub.text(ev.Command)
	}
	if err := writeExecReport(s, f, rep); err != nil {
		return err
	}
	sent := f.notify.send(ctx, s, awsCfg, scrub, execSummary(rep))
	switch {
	case rep.HasErrors() || !sent:
		return &exitError{code: ExitError}
	case rep.Summary().OutsideAllowlist > 0:
		return &exitError{code: ExitFindings}
	}
	return nil
}

// execSummary is the --notify message: the counts, then one line per
// event outside the allowlist or denied, and what could not be read.
func execSummary(rep *execaudit.Report) notify.Summary {
	sum := rep.Summary()
	subject := fmt.Sprintf("shipshape aws exec-audit: %d of %d ECS Exec calls by principals not on exec_allowlist", sum.OutsideAllowlist, sum.Events)
	if rep.HasErrors() {
		subject += " (some events could not be read)"
	}
	var b strings.Builder
	b.WriteString(execaudit.SummaryLine(rep) + "\n")
	for _, ev := range rep.Events {
		if ev.Allowlisted {
			continue
		}
		result := "allowed"
		if !ev.Allowed {
			result = "denied (" + ev.ErrorCode + ")"
		}
		fmt.Fprintf(&b, "%s %s from %s on %s/%s/%s: %q %s\n", ev.Time.Format(time.RFC3339), ev.Principal, ev.SourceIP,
			execaudit.ShortName(ev.Cluster), execaudit.ShortName(ev.Task), ev.Container, ev.Command, result)
	}
	for _, d := range rep.Diagnostics {
		if d.Level == finding.LevelError {
			b.WriteString("error: " + d.Message + "\n")
		}
	}
	return notify.Summary{Subject: subject, Text: b.String()}
}

// filterEvents keeps the events of the named Regions ("all" or none: every
// one) within the window (zero bounds: no bound).
func filterEvents(events []execaudit.Event, regions []string, start, end time.Time) []execaudit.Event {
	want := map[string]bool{}
	for _, r := range regions {
		if strings.EqualFold(r, "all") {
			want = map[string]bool{}
			break
		}
		want[r] = true
	}
	out := events[:0]
	for _, ev := range events {
		if (len(want) > 0 && !want[ev.Region]) || (!start.IsZero() && ev.Time.Before(start)) || (!end.IsZero() && ev.Time.After(end)) {
			continue
		}
		out = append(out, ev)
	}
	return out
}

func writeExecReport(s Streams, f *execAuditFlags, rep *execaudit.Report) error {
	if f.output == "" || f.output == "-" {
		if err := execaudit.Write(s.Out, f.format, rep, f.verbose); err != nil {
			return &exitError{code: ExitError, err: err}
		}
		return nil
	}
	file, err := os.Create(f.output)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("--output: %v", err)}
	}
	werr := execaudit.Write(file, f.format, rep, f.verbose)
	if cerr := file.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return &exitError{code: ExitError, err: werr}
	}
	for _, d := range rep.Diagnostics {
		if d.Level == finding.LevelError {
			fmt.Fprintln(s.Err, "error:", termsafe.String(d.Message))
		}
	}
	return nil
}
