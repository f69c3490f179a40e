// Package awslive is the live AWS adapter: it reads one account and Region
// through the AWS APIs (read-only) and fills the same model.State that the
// CloudFormation and Terraform adapters fill, so every rule runs on it
// unchanged. API answers are decoded by the awsres decoders, as templates
// are. A call that is denied becomes a "missing permission" diagnostic and
// the rest of the account is still read.
package awslive

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/awsres"
	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Options tune a collection.
type Options struct {
	// Account is the account ID the configuration's credentials act in.
	Account string
	// IAM caches roles and policies across the Regions of one account (IAM
	// is global); nil reads them for each Region.
	IAM *IAMCache
	// Progress, when set, is told each service as it is read.
	Progress func(service string)
	// Workers bounds the calls in flight per Region (default 8).
	Workers int
}

// Scope is the scope name of an account and Region: "aws/123456789012/eu-west-1".
func Scope(account, region string) string { return "aws/" + account + "/" + region }

// collector reads one account and Region.
type collector struct {
	ctx     context.Context
	cfg     aws.Config
	o       Options
	account string
	region  string
	scope   string
	sem     chan struct{}

	mu    sync.Mutex
	res   adapt.Result
	parts map[string][]model.Resource // by service, added in a fixed order

	// What the ECS part found, for the parts that follow it.
	taskDefs []*model.TaskDefinition
	tasks    []*model.ECSTask
	services []*model.ECSService
	repos    map[string]*model.ECRRepository
}

// order is the order in which the parts' resources are added to the state.
var order = []string{"account", "ecs", "ecr", "images", "iam", "cloudtrail", "events", "logs", "guardduty", "inspector2", "efs", "ec2", "eks", "codebuild"}

// Collect reads the account and Region cfg points at.
func Collect(ctx context.Context, cfg aws.Config, o Options) adapt.Result {
	c := newCollector(ctx, cfg, o)
	acct := &model.AWSAccount{Meta: c.meta("AWS::Account", "account", "", c.account+"/"+c.region, ""), Account: c.account, Region: c.region}
	c.add("account", acct)

	// The ECS and ECR parts run first, beside the account-wide parts; the
	// images and roles ECS uses are read once both are known.
	var wg sync.WaitGroup
	run := func(name string, fn func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn()
			c.progress(name)
		}()
	}
	run("ECS", c.ecs)
	run("ECR", c.ecr)
	run("CloudTrail", c.cloudtrail)
	run("EventBridge", c.events)
	run("CloudWatch Logs", c.logs)
	run("GuardDuty", c.guardduty)
	run("Inspector", c.inspector)
	run("EFS", c.efs)
	run("EC2", c.ec2)
	run("EC2 launch templates", c.launchTemplates)
	run("EKS", c.eks)
	run("CodeBuild", c.codebuild)
	wg.Wait()
	run("ECR images", c.images)
	run("IAM", c.iam)
	wg.Wait()

	st := model.NewState(c.scope, model.LiveAWS)
	for _, part := range order {
		st.Add(c.parts[part]...)
	}
	st.Link()
	c.res.States = []*model.State{st}
	sort.SliceStable(c.res.Diagnostics, func(i, j int) bool { return c.res.Diagnostics[i].Message < c.res.Diagnostics[j].Message })
	return c.res
}

func newCollector(ctx context.Context, cfg aws.Config, o Options) *collector {
	if o.Workers <= 0 {
		o.Workers = 8
	}
	return &collector{
		ctx: ctx, cfg: cfg, o: o, account: o.Account, region: cfg.Region,
		scope: Scope(o.Account, cfg.Region), sem: make(chan struct{}, o.Workers),
		parts: map[string][]model.Resource{}, repos: map[string]*model.ECRRepository{},
	}
}

func (c *collector) progress(service string) {
	if c.o.Progress != nil {
		c.o.Progress(service)
	}
}

// add records resources of a part.
func (c *collector) add(part string, rs ...model.Resource) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parts[part] = append(c.parts[part], rs...)
}

// acquire takes a slot of the Region's call budget; release gives it back.
func (c *collector) acquire() { c.sem <- struct{}{} }
func (c *collector) release() { <-c.sem }

// fail records a call that did not succeed: a denied call names the
// permission that is missing, and what was therefore not checked.
func (c *collector) fail(err error, what string) {
	pos := model.Pos{File: c.scope}
	action := awsconf.ErrorAction(err)
	c.mu.Lock()
	defer c.mu.Unlock()
	if awsconf.IsAccessDenied(err) && action != "" {
		c.res.Warnf(pos, fmt.Sprintf("missing permission %s in %s (account %s): %s not checked", action, c.region, c.account, what))
		return
	}
	if action != "" {
		c.res.Errorf(pos, fmt.Sprintf("%s in %s (account %s) failed: %s; %s not checked", action, c.region, c.account, awsconf.Describe(err), what))
		return
	}
	c.res.Errorf(pos, fmt.Sprintf("reading %s in %s (account %s) failed: %s", what, c.region, c.account, awsconf.Describe(err)))
}

// note records something that was read but could not be judged.
func (c *collector) note(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Notef(model.Pos{File: c.scope}, msg)
}

// meta builds a live resource's metadata. Its position is a stable
// pseudo-path, aws/ACCOUNT/REGION/SERVICE/KIND/NAME, which reports and
// SARIF use as the resource's file.
func (c *collector) meta(typ, service, kind, name, arn string) model.Meta {
	path := c.scope + "/" + service
	if kind != "" {
		path += "/" + kind
	}
	if name != "" {
		path += "/" + pathSafe(name)
	}
	id := arn
	if id == "" {
		id = name
	}
	return model.Meta{
		ID: id, Type: typ, Format: model.LiveAWS, Pos: model.Pos{File: path},
		Live: &model.LiveInfo{ARN: arn, Account: c.account, Region: c.region, Name: name},
	}
}

// pathSafe keeps a name usable as one path segment.
func pathSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\' || r == ':' || r < ' ' || r == 0x7f:
			return '_'
		}
		return r
	}, s)
}

// decoder decodes API answers for a resource at its pseudo-path.
func decoder(m model.Meta) awsres.Decoder { return awsres.Decoder{File: m.Pos.File} }

// node turns an API answer (an SDK struct or a map) into the tree the
// decoders read: its JSON keys are the API's member names, which the
// decoders match ignoring case. Positions are cleared: a live resource has
// no lines.
func node(v any) *tree.Node {
	data, err := json.Marshal(v)
	if err != nil {
		return &tree.Node{Kind: tree.Null}
	}
	f, err := tree.Parse(data)
	if err != nil || len(f.Docs) != 1 {
		return &tree.Node{Kind: tree.Null}
	}
	root := f.Docs[0]
	root.Walk(func(n *tree.Node) bool {
		n.Line, n.Col = 0, 0
		return true
	})
	return root
}

// batches splits items into slices of at most n.
func batches[T any](items []T, n int) [][]T {
	var out [][]T
	for len(items) > n {
		out = append(out, items[:n])
		items = items[n:]
	}
	if len(items) > 0 {
		out = append(out, items)
	}
	return out
}

// each runs fn for every item with the Region's bounded parallelism.
func each[T any](c *collector, items []T, fn func(T)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		c.acquire()
		go func() {
			defer wg.Done()
			defer c.release()
			fn(it)
		}()
	}
	wg.Wait()
}

// arnName is the last part of an ARN: the name after the last "/" (or ":").
func arnName(arn string) string {
	if i := strings.LastIndexAny(arn, "/:"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}
