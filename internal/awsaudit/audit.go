// Package awsaudit runs the live AWS adapter over many accounts and
// Regions: it finds the accounts (the caller's, a list, or an
// organization's members through an assumed role), the Regions (named, or
// every Region enabled for the account), and reads each account-Region in a
// bounded worker pool, keeping one account's errors from stopping the rest.
package awsaudit

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/shipshape/shipshape/internal/adapt/awslive"
	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// Options say what to audit.
type Options struct {
	// Regions to read; "all" is every Region enabled for each account.
	// Empty: the configuration's Region.
	Regions []string
	// Accounts are member account IDs to audit through AssumeRoleName.
	Accounts []string
	// Organization adds the active member accounts of the organization.
	Organization bool
	// AssumeRoleName is the role assumed in each member account.
	AssumeRoleName string
	// ExternalID is passed when assuming AssumeRoleName.
	ExternalID string
	// Workers is how many account-Regions are read at once (default 4).
	Workers int
	// Progress, when set, is told what was read.
	Progress func(account, region, service string)
}

// Result is what the audit read.
type Result struct {
	States      []*model.State
	Diagnostics []finding.Diagnostic
}

// target is one account with the configuration that acts in it.
type target struct {
	account string
	cfg     aws.Config
}

var accountRe = regexp.MustCompile(`^[0-9]{12}$`)

// ReadAccounts reads an accounts list: one 12-digit account ID a line;
// blank lines and "#" comments are skipped.
func ReadAccounts(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if !accountRe.MatchString(line) {
			return nil, fmt.Errorf("line %d: %q is not a 12-digit AWS account ID", n, truncate(line, 40))
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// Run audits. An error is returned only when nothing could be read at all
// (the credentials do not work); other failures are diagnostics.
func Run(ctx context.Context, base aws.Config, o Options) (*Result, error) {
	if o.Workers <= 0 {
		o.Workers = 4
	}
	id, err := sts.NewFromConfig(base).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("the AWS credentials do not work (sts:GetCallerIdentity): %s; set AWS_PROFILE or --profile, or run aws sso login", awsconf.Describe(err))
	}
	res := &Result{}
	var mu sync.Mutex
	diag := func(level, account, msg string) {
		mu.Lock()
		defer mu.Unlock()
		res.Diagnostics = append(res.Diagnostics, finding.Diagnostic{Pos: model.Pos{File: "aws/" + account}, Level: level, Message: msg})
	}
	caller := aws.ToString(id.Account)
	targets := []target{{account: caller, cfg: base}}
	members := append([]string(nil), o.Accounts...)
	if o.Organization {
		ids, err := orgAccounts(ctx, base)
		if err != nil {
			if awsconf.IsAccessDenied(err) {
				diag(finding.LevelError, caller, "missing permission "+awsconf.ErrorAction(err)+": the organization's accounts were not listed")
			} else {
				diag(finding.LevelError, caller, "listing the organization's accounts failed: "+awsconf.Describe(err))
			}
		}
		members = append(members, ids...)
	}
	if len(members) > 0 {
		if o.AssumeRoleName == "" {
			return nil, fmt.Errorf("auditing other accounts needs --assume-role-name, the role to assume in each of them")
		}
		targets = targets[:0]
		seen := map[string]bool{}
		for _, acct := range members {
			if seen[acct] {
				continue
			}
			seen[acct] = true
			cfg := base
			if acct != caller {
				cfg = awsconf.AssumeRole(base, "arn:aws:iam::"+acct+":role/"+o.AssumeRoleName, o.ExternalID, "shipshape-audit")
			}
			targets = append(targets, target{account: acct, cfg: cfg})
		}
	}
	type job struct {
		t      target
		region string
		iam    *awslive.IAMCache
	}
	// Regions are found per account (in parallel: an account's role may fail).
	jobsPer := make([][]job, len(targets))
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			regions, err := regionsOf(ctx, t, o.Regions)
			if err != nil {
				diag(finding.LevelError, t.account, fmt.Sprintf("account %s was not audited: %s", t.account, accountError(err)))
				return
			}
			cache := &awslive.IAMCache{}
			for _, r := range regions {
				jobsPer[i] = append(jobsPer[i], job{t: t, region: r, iam: cache})
			}
		}()
	}
	wg.Wait()
	var jobs []job
	for _, js := range jobsPer {
		jobs = append(jobs, js...)
	}
	states := make([]*model.State, len(jobs))
	next := make(chan int)
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				var progress func(string)
				if o.Progress != nil {
					progress = func(service string) { o.Progress(j.t.account, j.region, service) }
				}
				r := awslive.Collect(ctx, awsconf.WithRegion(j.t.cfg, j.region), awslive.Options{Account: j.t.account, IAM: j.iam, Progress: progress})
				mu.Lock()
				res.Diagnostics = append(res.Diagnostics, r.Diagnostics...)
				mu.Unlock()
				if len(r.States) > 0 {
					states[i] = r.States[0]
				}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, st := range states {
		if st != nil {
			res.States = append(res.States, st)
		}
	}
	sort.SliceStable(res.Diagnostics, func(i, j int) bool { return res.Diagnostics[i].Pos.File < res.Diagnostics[j].Pos.File })
	return res, nil
}

// accountError explains why an account could not be reached.
func accountError(err error) string {
	if awsconf.IsAccessDenied(err) {
		if a := awsconf.ErrorAction(err); a != "" {
			return "missing permission " + a + " (is the role assumable with this external ID?)"
		}
	}
	return awsconf.Describe(err)
}

// regionsOf returns the Regions to read in an account: the named ones, or
// with "all" every Region enabled for it (opted-out Regions are not listed
// by DescribeRegions without AllRegions).
func regionsOf(ctx context.Context, t target, want []string) ([]string, error) {
	all := false
	var out []string
	seen := map[string]bool{}
	for _, r := range want {
		if strings.EqualFold(r, "all") {
			all = true
			continue
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if !all {
		if len(out) == 0 {
			// Check that the account can be reached before reading it.
			if _, err := sts.NewFromConfig(t.cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
				return nil, err
			}
			return []string{t.cfg.Region}, nil
		}
		if _, err := sts.NewFromConfig(t.cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
			return nil, err
		}
		return out, nil
	}
	dr, err := ec2.NewFromConfig(t.cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		return nil, err
	}
	for _, r := range dr.Regions {
		name := aws.ToString(r.RegionName)
		if aws.ToString(r.OptInStatus) == "not-opted-in" || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, name)
	}
	sort.Strings(out)
	return out, nil
}

// orgAccounts lists the organization's active member accounts.
func orgAccounts(ctx context.Context, cfg aws.Config) ([]string, error) {
	var out []string
	pg := organizations.NewListAccountsPaginator(organizations.NewFromConfig(cfg), &organizations.ListAccountsInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return out, err
		}
		for _, a := range page.Accounts {
			if string(a.Status) == "ACTIVE" || string(a.State) == "ACTIVE" {
				out = append(out, aws.ToString(a.Id))
			}
		}
	}
	return out, nil
}

// Regions resolves the Regions to read in the account cfg acts in: the
// named ones, or with "all" every Region enabled for it. Empty: cfg's Region.
func Regions(ctx context.Context, cfg aws.Config, want []string) ([]string, error) {
	all := false
	var out []string
	for _, r := range want {
		if strings.EqualFold(r, "all") {
			all = true
		}
	}
	if !all {
		seen := map[string]bool{}
		for _, r := range want {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
		if len(out) == 0 {
			out = []string{cfg.Region}
		}
		return out, nil
	}
	return regionsOf(ctx, target{cfg: cfg}, want)
}
