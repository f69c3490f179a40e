package awslive

import (
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/shipshape/shipshape/internal/model"
)

// IAMCache keeps the roles and policies read for one account, so that each
// is read once however many Regions use it (IAM is global).
type IAMCache struct {
	mu    sync.Mutex
	roles map[string]*iamEntry
}

// iamEntry is a role read (or being read) with the policies attached to it.
type iamEntry struct {
	once      sync.Once
	resources []model.Resource
}

func (c *IAMCache) entry(arn string) *iamEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.roles == nil {
		c.roles = map[string]*iamEntry{}
	}
	e := c.roles[arn]
	if e == nil {
		e = &iamEntry{}
		c.roles[arn] = e
	}
	return e
}

// iam reads the task and execution roles of the task definitions read,
// with their inline policies and customer managed policies.
func (c *collector) iam() {
	seen := map[string]bool{}
	var arns []string
	for _, d := range c.taskDefs {
		for _, r := range []model.Str{d.TaskRole, d.ExecutionRole} {
			if r.Known() && strings.HasPrefix(r.V, "arn:") && !seen[r.V] {
				seen[r.V] = true
				arns = append(arns, r.V)
			}
		}
	}
	sort.Strings(arns)
	cache := c.o.IAM
	if cache == nil {
		cache = &IAMCache{}
	}
	cl := iam.NewFromConfig(c.cfg)
	found := make([][]model.Resource, len(arns))
	idx := make([]int, len(arns))
	for i := range idx {
		idx[i] = i
	}
	each(c, idx, func(i int) {
		e := cache.entry(arns[i])
		e.once.Do(func() { e.resources = c.role(cl, arns[i]) })
		found[i] = e.resources
	})
	for _, rs := range found {
		c.add("iam", rs...)
	}
}

// role reads one role; resources are placed under the account, not a Region.
func (c *collector) role(cl *iam.Client, arn string) []model.Resource {
	name := arnName(arn)
	out, err := cl.GetRole(c.ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		c.fail(err, "role "+name)
		return nil
	}
	props := map[string]any{"RoleName": name, "AssumeRolePolicyDocument": unescape(aws.ToString(out.Role.AssumeRolePolicyDocument))}
	var inline []map[string]any
	var managed []string
	var res []model.Resource
	pg := iam.NewListRolePoliciesPaginator(cl, &iam.ListRolePoliciesInput{RoleName: aws.String(name)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(c.ctx)
		if err != nil {
			c.fail(err, "the inline policies of role "+name)
			inline = append(inline, map[string]any{"PolicyDocument": unknownMarker})
			break
		}
		for _, pn := range page.PolicyNames {
			p, err := cl.GetRolePolicy(c.ctx, &iam.GetRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(pn)})
			if err != nil {
				c.fail(err, "inline policy "+pn+" of role "+name)
				inline = append(inline, map[string]any{"PolicyDocument": unknownMarker})
				continue
			}
			inline = append(inline, map[string]any{"PolicyName": pn, "PolicyDocument": unescape(aws.ToString(p.PolicyDocument))})
		}
	}
	props["Policies"] = inline
	ap := iam.NewListAttachedRolePoliciesPaginator(cl, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(name)})
	for ap.HasMorePages() {
		page, err := ap.NextPage(c.ctx)
		if err != nil {
			c.fail(err, "the managed policies of role "+name)
			break
		}
		for _, p := range page.AttachedPolicies {
			parn := aws.ToString(p.PolicyArn)
			managed = append(managed, parn)
			if strings.HasPrefix(parn, "arn:aws:iam::aws:") {
				continue // AWS managed: judged by name
			}
			if pol := c.managedPolicy(cl, parn); pol != nil {
				res = append(res, pol)
			}
		}
	}
	props["ManagedPolicyArns"] = managed
	m := c.iamMeta("AWS::IAM::Role", "role", name, arn)
	role := decoder(m).Role(m, node(props))
	return append([]model.Resource{role}, res...)
}

// managedPolicy reads the default version of a customer managed policy.
func (c *collector) managedPolicy(cl *iam.Client, arn string) *model.IAMPolicy {
	p, err := cl.GetPolicy(c.ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil {
		c.fail(err, "managed policy "+arnName(arn))
		return nil
	}
	v, err := cl.GetPolicyVersion(c.ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: p.Policy.DefaultVersionId})
	if err != nil {
		c.fail(err, "managed policy "+arnName(arn))
		return nil
	}
	m := c.iamMeta("AWS::IAM::ManagedPolicy", "policy", aws.ToString(p.Policy.PolicyName), arn)
	return decoder(m).IAMPolicy(m, node(map[string]any{"PolicyName": p.Policy.PolicyName, "PolicyDocument": unescape(aws.ToString(v.PolicyVersion.Document))}))
}

// iamMeta places an IAM resource under the account (IAM is global).
func (c *collector) iamMeta(typ, kind, name, arn string) model.Meta {
	m := c.meta(typ, "iam", kind, name, arn)
	m.Pos.File = "aws/" + c.account + "/global/iam/" + kind + "/" + pathSafe(name)
	m.Live.Region = "global"
	return m
}

// unescape decodes the URL-encoded policy documents IAM returns.
func unescape(doc string) string {
	if strings.HasPrefix(strings.TrimSpace(doc), "{") {
		return doc
	}
	if s, err := url.QueryUnescape(doc); err == nil {
		return s
	}
	return doc
}
