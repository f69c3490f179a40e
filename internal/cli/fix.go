package cli

import (
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/autofix"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/scan"
	"github.com/shipshape/shipshape/internal/termsafe"
)

// kmsKeyARN matches a KMS key or alias ARN.
var kmsKeyARN = regexp.MustCompile(`^arn:[a-z0-9-]+:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+$`)

type fixFlags struct {
	dryRun     bool
	rules      []string
	configPath string
	inputFlags
	target          string
	kmsKey          string
	kmsKeyParameter string
	ssmPrefix       string
	user            string
	execLogGroup    string
	execLogBucket   string
	k8sSecret       string
	composeEnvFile  string
}

func newFix(s Streams) *cobra.Command {
	var f fixFlags
	cmd := &cobra.Command{
		Use:   "fix [PATH...]",
		Short: "Repair what can be repaired in place, leaving every other byte alone",
		Long: `Fix applies the safe, mechanical remediations of the findings a scan reports
(those marked "fixable" by scan and "yes" in the FIX column of shipshape rules)
and nothing else. Each fix edits only the lines it concerns: comments, key
order, quoting, indentation, short-form tags and line endings are kept. Every
changed file is parsed and scanned again before it is written; files are
replaced atomically (a temporary file renamed over the original, mode kept).

A value that comes from a CloudFormation parameter is changed in the
parameter's Default (or the fix is skipped, saying why). Fixes that need a
choice take it from a flag or the fix section of .shipshape.yaml, or are
skipped with the reason printed:

  --kms-key / fix.kms_key            the ARN of the customer managed KMS key
  --kms-key-parameter                a template parameter to take the key from
  --ssm-prefix / fix.ssm_prefix      where secrets written in environment
                                     variables move to (SSM parameter names)
  --user / fix.user                  the non-root user containers run as
  --exec-log-group / fix.exec_log_group
  --exec-log-bucket / fix.exec_log_bucket
                                     where ECS Exec logs go: with one, exec
                                     logging becomes OVERRIDE with encryption
                                     on; without, DEFAULT (the reason printed)
  --k8s-secret / fix.k8s_secret      the Kubernetes Secret env secrets move to
                                     (valueFrom.secretKeyRef, key = the name)
  --compose-env-file / fix.compose_env_file
                                     the env file Compose environment secrets
                                     move to (env_file; keep it out of git)

A value that comes from a Terraform variable is changed where the variable
gets it: the module call's argument, a terraform.tfvars or *.auto.tfvars of
the root module, or the variable's default; one from a local in the local.
Any other computed value is left alone, saying why. Changed Terraform lines
are written as terraform fmt writes them (a file that was formatted stays so).

Exit codes: 0 fixed (or nothing to fix); 2 usage error, or an input that could
not be read or parsed.`,
		Example: `  # show what would change, as a unified diff
  shipshape fix --dry-run infra/

  # fix in place
  shipshape fix infra/ Dockerfile

  # only make ECR tags immutable and turn on scan on push
  shipshape fix --rule ecr/tag-immutability --rule ecr/scan-on-push stack.yaml

  # encrypt with a key of your own, run containers as a non-root user
  shipshape fix --kms-key arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab --user 1000:1000 .

  # move secrets from environment variables to SSM parameters under /myapp/
  shipshape fix --ssm-prefix /myapp/ stack.yaml

  # exec logs to a CloudWatch log group and an S3 bucket, encrypted
  shipshape fix --exec-log-group /ecs/exec --exec-log-bucket my-exec-logs infra/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFix(s, &f, args)
		},
	}
	fl := cmd.Flags()
	fl.BoolVarP(&f.dryRun, "dry-run", "n", false, "print the changes as a unified diff and write nothing")
	fl.StringSliceVar(&f.rules, "rule", nil, "fix only findings of this rule `ID` (repeatable, or comma-separated)")
	configFlag(cmd, &f.configPath, "the first path")
	f.inputFlags.register(cmd)
	fl.StringVar(&f.target, "target", "", "Dockerfile `STAGE` that is built (default: the last)")
	fl.StringVar(&f.kmsKey, "kms-key", "", "`ARN` of the customer managed KMS key (or alias) for encryption fixes")
	fl.StringVar(&f.kmsKeyParameter, "kms-key-parameter", "", "CloudFormation parameter `NAME` to take the KMS key from (declared when missing)")
	fl.StringVar(&f.ssmPrefix, "ssm-prefix", "", "`PREFIX` of the SSM parameter names secrets move to: /myapp/ moves DB_PASSWORD to /myapp/DB_PASSWORD")
	fl.StringVar(&f.user, "user", "", "non-root `USER` (name or UID[:GID]) for USER instructions and container user settings (Kubernetes: a UID[:GID], set as runAsUser and runAsGroup)")
	fl.StringVar(&f.execLogGroup, "exec-log-group", "", "CloudWatch log group `NAME` ECS Exec logs go to (exec logging OVERRIDE, encrypted)")
	fl.StringVar(&f.execLogBucket, "exec-log-bucket", "", "S3 bucket `NAME` ECS Exec logs go to (exec logging OVERRIDE, encrypted)")
	fl.StringVar(&f.k8sSecret, "k8s-secret", "", "Kubernetes Secret `NAME` that secrets written in env values move to (key: the variable's name)")
	fl.StringVar(&f.composeEnvFile, "compose-env-file", "", "env `FILE` that secrets written in a Compose environment move to (listed in env_file)")
	return cmd
}

func runFix(s Streams, f *fixFlags, args []string) error {
	if len(args) == 0 {
		args = []string{"."}
	}
	for _, a := range args {
		if a == "-" {
			return usageError("fix changes files in place: it cannot read standard input (use shipshape scan -)")
		}
	}
	only := map[string]bool{}
	for _, id := range f.rules {
		r := rule.Lookup(id)
		switch {
		case r == nil:
			return usageError("--rule: unknown rule %q (see shipshape rules)", id)
		case len(r.Fixes) == 0:
			return usageError("--rule: %s has no automatic fix (shipshape rules lists those that do)", id)
		}
		only[id] = true
	}
	if err := f.checkType(); err != nil {
		return err
	}
	boundary := safefs.NewBoundary(args)
	cfg, err := loadConfig(f.configPath, args, boundary)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	limit := fileLimit(cfg)
	in, err := f.resolve(cfg, limit)
	if err != nil {
		return err
	}
	detector, err := newDetector(cfg)
	if err != nil {
		return err
	}
	choice := func(flag, conf string) string {
		if flag != "" {
			return flag
		}
		return conf
	}
	opts := autofix.Options{
		Scan: scan.Options{
			Paths: args, Config: cfg, CFNParams: in.params, ForceType: f.inputType, BuildArgs: in.buildArgs,
			Target: f.target, TFVars: in.vars, TFVarFiles: f.varFiles, Boundary: boundary, MaxFileSize: limit,
			Settings: &rule.Settings{TrustedRegistries: cfg.Registries(), Strict: cfg.Strict, Params: cfg.Rules,
				Now: time.Now(), Secrets: detector},
		},
		Only: only,
		Choices: fix.Choices{
			KMSKey: choice(f.kmsKey, cfg.Fix.KMSKey), KMSKeyParameter: choice(f.kmsKeyParameter, cfg.Fix.KMSKeyParameter),
			SSMPrefix: choice(f.ssmPrefix, cfg.Fix.SSMPrefix), User: choice(f.user, cfg.Fix.User),
			ExecLogGroup: choice(f.execLogGroup, cfg.Fix.ExecLogGroup), ExecLogBucket: choice(f.execLogBucket, cfg.Fix.ExecLogBucket),
			K8sSecret: choice(f.k8sSecret, cfg.Fix.K8sSecret), ComposeEnvFile: choice(f.composeEnvFile, cfg.Fix.ComposeEnvFile),
		},
	}
	if k := opts.Choices.KMSKey; k != "" && !kmsKeyARN.MatchString(k) {
		return usageError("--kms-key %q: give the key's ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or :alias/NAME); CloudWatch Logs accepts nothing else", k)
	}
	res, err := autofix.Run(opts)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	failed := false
	for _, d := range res.Diagnostics {
		fmt.Fprintf(s.Err, "%s: %s: %s\n", termsafe.String(d.Pos.File+lineSuffix(d.Pos.Line)), d.Level, termsafe.String(d.Message))
		failed = failed || d.Level == "error"
	}
	fixes := 0
	for _, file := range res.Files {
		if f.dryRun {
			fmt.Fprint(s.Out, file.Diff())
		} else if string(file.Before) == string(file.After) {
			// Its findings were fixed where their values are set.
		} else if err := autofix.Write(file.Path, file.After); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("%s: cannot write: %v", file.Path, err)}
		}
		fixes += len(file.Changes)
	}
	verb := "fixed"
	if f.dryRun {
		verb = "would fix"
	}
	out := s.Out
	if f.dryRun {
		out = s.Err // the diff alone goes to standard output, for patch
	}
	for _, file := range res.Files {
		sort.SliceStable(file.Changes, func(i, j int) bool { return file.Changes[i].Line < file.Changes[j].Line })
		for _, c := range file.Changes {
			fmt.Fprintf(out, "%s  %s:%d  %s  %s\n", verb, termsafe.String(file.Path), c.Line, c.RuleID, termsafe.String(c.Resource))
			for _, n := range c.Notes {
				fmt.Fprintf(out, "      note: %s\n", termsafe.String(n))
			}
		}
	}
	skips := append([]autofix.Skip(nil), res.Skipped...)
	sort.SliceStable(skips, func(i, j int) bool {
		if skips[i].Pos.File != skips[j].Pos.File {
			return skips[i].Pos.File < skips[j].Pos.File
		}
		return skips[i].Pos.Line < skips[j].Pos.Line
	})
	for _, sk := range skips {
		fmt.Fprintf(out, "skipped  %s:%d  %s  %s: %s\n", termsafe.String(sk.Pos.File), sk.Pos.Line, sk.RuleID, termsafe.String(sk.Resource), termsafe.String(sk.Reason))
	}
	changed := 0
	for _, file := range res.Files {
		if string(file.Before) != string(file.After) {
			changed++
		}
	}
	fmt.Fprintf(out, "%d %s in %d %s; %d skipped; %d fixable %s left\n", fixes, plural(fixes, "fix", "fixes"),
		changed, plural(changed, "file", "files"), len(skips), len(res.Remaining), plural(len(res.Remaining), "finding", "findings"))
	if failed {
		return &exitError{code: ExitError}
	}
	return nil
}

func lineSuffix(line int) string {
	if line > 0 {
		return fmt.Sprintf(":%d", line)
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
