package awslive

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/codebuild"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	inspectortypes "github.com/aws/aws-sdk-go-v2/service/inspector2/types"

	"github.com/shipshape/shipshape/internal/model"
)

// cloudtrail reads the trails that log this Region (multi-Region trails of
// other home Regions included), with their status and event selectors.
func (c *collector) cloudtrail() {
	cl := cloudtrail.NewFromConfig(c.cfg)
	c.acquire()
	out, err := cl.DescribeTrails(c.ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	c.release()
	if err != nil {
		c.fail(err, "CloudTrail trails")
		return
	}
	trails := make([]*model.Trail, len(out.TrailList))
	idx := make([]int, len(out.TrailList))
	for i := range idx {
		idx[i] = i
	}
	each(c, idx, func(i int) {
		t := out.TrailList[i]
		arn := aws.ToString(t.TrailARN)
		props := map[string]any{"IsMultiRegionTrail": t.IsMultiRegionTrail}
		status, err := cl.GetTrailStatus(c.ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
		if err != nil {
			c.fail(err, "whether trail "+aws.ToString(t.Name)+" is logging")
		} else {
			props["IsLogging"] = status.IsLogging
		}
		sel, err := cl.GetEventSelectors(c.ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(arn)})
		if err != nil {
			c.fail(err, "the event selectors of trail "+aws.ToString(t.Name))
		} else {
			if len(sel.EventSelectors) > 0 {
				props["EventSelectors"] = sel.EventSelectors
			}
			if len(sel.AdvancedEventSelectors) > 0 {
				props["AdvancedEventSelectors"] = sel.AdvancedEventSelectors
			}
		}
		m := c.meta("AWS::CloudTrail::Trail", "cloudtrail", "trail", aws.ToString(t.Name), arn)
		tr := decoder(m).Trail(m, node(props))
		if err != nil {
			tr.ManagementEvents = model.Bool{P: model.Unknown, Pos: m.Pos}
		}
		trails[i] = tr
	})
	for _, t := range trails {
		c.add("cloudtrail", t)
	}
}

// events reads the EventBridge rules of the default event bus.
func (c *collector) events() {
	cl := eventbridge.NewFromConfig(c.cfg)
	in := &eventbridge.ListRulesInput{Limit: aws.Int32(100)}
	for {
		c.acquire()
		out, err := cl.ListRules(c.ctx, in)
		c.release()
		if err != nil {
			c.fail(err, "EventBridge rules")
			return
		}
		for _, r := range out.Rules {
			m := c.meta("AWS::Events::Rule", "events", "rule", aws.ToString(r.Name), aws.ToString(r.Arn))
			c.add("events", decoder(m).EventRule(m, node(r)))
		}
		if aws.ToString(out.NextToken) == "" {
			return
		}
		in.NextToken = out.NextToken
	}
}

// logs reads log groups (their KMS keys) and metric filters.
func (c *collector) logs() {
	cl := cloudwatchlogs.NewFromConfig(c.cfg)
	pg := cloudwatchlogs.NewDescribeLogGroupsPaginator(cl, &cloudwatchlogs.DescribeLogGroupsInput{})
	for pg.HasMorePages() {
		c.acquire()
		out, err := pg.NextPage(c.ctx)
		c.release()
		if err != nil {
			c.fail(err, "CloudWatch Logs log groups")
			break
		}
		for _, g := range out.LogGroups {
			m := c.meta("AWS::Logs::LogGroup", "logs", "log-group", aws.ToString(g.LogGroupName), trimStar(aws.ToString(g.Arn)))
			c.add("logs", decoder(m).LogGroup(m, node(g)))
		}
	}
	mf := cloudwatchlogs.NewDescribeMetricFiltersPaginator(cl, &cloudwatchlogs.DescribeMetricFiltersInput{})
	for mf.HasMorePages() {
		c.acquire()
		out, err := mf.NextPage(c.ctx)
		c.release()
		if err != nil {
			c.fail(err, "CloudWatch Logs metric filters")
			return
		}
		for _, f := range out.MetricFilters {
			m := c.meta("AWS::Logs::MetricFilter", "logs", "metric-filter", aws.ToString(f.LogGroupName)+"/"+aws.ToString(f.FilterName), "")
			c.add("logs", decoder(m).MetricFilter(m, node(f)))
		}
	}
}

// trimStar drops the ":*" log group ARNs end with.
func trimStar(arn string) string {
	if len(arn) > 2 && arn[len(arn)-2:] == ":*" {
		return arn[:len(arn)-2]
	}
	return arn
}

// guardduty reads the detectors and their features.
func (c *collector) guardduty() {
	cl := guardduty.NewFromConfig(c.cfg)
	var ids []string
	pg := guardduty.NewListDetectorsPaginator(cl, &guardduty.ListDetectorsInput{})
	for pg.HasMorePages() {
		c.acquire()
		out, err := pg.NextPage(c.ctx)
		c.release()
		if err != nil {
			c.fail(err, "GuardDuty detectors")
			return
		}
		ids = append(ids, out.DetectorIds...)
	}
	for _, id := range ids {
		c.acquire()
		d, err := cl.GetDetector(c.ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		c.release()
		if err != nil {
			c.fail(err, "GuardDuty detector "+id)
			continue
		}
		props := map[string]any{"Enable": d.Status == "ENABLED", "Features": d.Features}
		arn := "arn:aws:guardduty:" + c.region + ":" + c.account + ":detector/" + id
		m := c.meta("AWS::GuardDuty::Detector", "guardduty", "detector", id, arn)
		c.add("guardduty", decoder(m).GuardDutyDetector(m, node(props)))
	}
}

// inspector reads which resource types Amazon Inspector scans. An account
// that scans nothing has no enabler (the rule then reports the account).
func (c *collector) inspector() {
	cl := inspector2.NewFromConfig(c.cfg)
	c.acquire()
	out, err := cl.BatchGetAccountStatus(c.ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{c.account}})
	c.release()
	if err != nil {
		c.fail(err, "Amazon Inspector's status")
		return
	}
	for _, a := range out.Accounts {
		rs := a.ResourceState
		if rs == nil {
			continue
		}
		var types []string
		for _, t := range []struct {
			name  string
			state *inspectortypes.State
		}{{"EC2", rs.Ec2}, {"ECR", rs.Ecr}, {"LAMBDA", rs.Lambda}, {"LAMBDA_CODE", rs.LambdaCode}, {"CODE_REPOSITORY", rs.CodeRepository}} {
			if t.state != nil && t.state.Status == inspectortypes.StatusEnabled {
				types = append(types, t.name)
			}
		}
		if len(types) == 0 {
			continue
		}
		m := c.meta("AWS::Inspector2::Enabler", "inspector2", "account-status", aws.ToString(a.AccountId), "")
		c.add("inspector2", decoder(m).InspectorEnabler(m, node(map[string]any{"ResourceTypes": types})))
	}
	for _, f := range out.FailedAccounts {
		c.note("Amazon Inspector could not tell the status of account " + aws.ToString(f.AccountId) + ": " + aws.ToString(f.ErrorMessage))
	}
}

// efs reads the EFS file systems.
func (c *collector) efs() {
	cl := efs.NewFromConfig(c.cfg)
	pg := efs.NewDescribeFileSystemsPaginator(cl, &efs.DescribeFileSystemsInput{})
	for pg.HasMorePages() {
		c.acquire()
		out, err := pg.NextPage(c.ctx)
		c.release()
		if err != nil {
			c.fail(err, "EFS file systems")
			return
		}
		for _, f := range out.FileSystems {
			m := c.meta("AWS::EFS::FileSystem", "efs", "file-system", aws.ToString(f.FileSystemId), aws.ToString(f.FileSystemArn))
			c.add("efs", decoder(m).EFS(m, node(f)))
		}
	}
}

// ec2 reads the security groups with their ingress rules, and whether EBS
// encryption by default is on.
func (c *collector) ec2() {
	cl := ec2.NewFromConfig(c.cfg)
	c.acquire()
	def, err := cl.GetEbsEncryptionByDefault(c.ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	c.release()
	if err != nil {
		c.fail(err, "EBS encryption by default")
	} else {
		m := c.meta("AWS::EC2::EBSEncryptionByDefault", "ec2", "ebs-encryption-by-default", "", "")
		m.ID = "ebs-encryption-by-default/" + c.account + "/" + c.region
		c.add("ec2", decoder(m).EBSEncryptionByDefault(m, node(def)))
	}
	pg := ec2.NewDescribeSecurityGroupsPaginator(cl, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(1000)})
	for pg.HasMorePages() {
		c.acquire()
		out, err := pg.NextPage(c.ctx)
		c.release()
		if err != nil {
			c.fail(err, "EC2 security groups")
			return
		}
		for _, g := range out.SecurityGroups {
			id := aws.ToString(g.GroupId)
			arn := "arn:aws:ec2:" + c.region + ":" + aws.ToString(g.OwnerId) + ":security-group/" + id
			m := c.meta("AWS::EC2::SecurityGroup", "ec2", "security-group", id, arn)
			m.ID = id // services name their groups by ID
			d := decoder(m)
			sg := &model.SecurityGroup{Meta: m}
			for _, p := range g.IpPermissions {
				base := map[string]any{"IpProtocol": p.IpProtocol, "FromPort": p.FromPort, "ToPort": p.ToPort}
				var rules []map[string]any
				for _, r := range p.IpRanges {
					rules = append(rules, with(base, "CidrIp", aws.ToString(r.CidrIp)))
				}
				for _, r := range p.Ipv6Ranges {
					rules = append(rules, with(base, "CidrIpv6", aws.ToString(r.CidrIpv6)))
				}
				if len(rules) == 0 {
					rules = append(rules, base) // from other groups or prefix lists
				}
				for _, r := range rules {
					sg.Ingress = append(sg.Ingress, d.Ingress(node(r))...)
				}
			}
			c.add("ec2", sg)
		}
	}
}

func with(m map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

// codebuild reads the CodeBuild projects (described by 100).
func (c *collector) codebuild() {
	cl := codebuild.NewFromConfig(c.cfg)
	var names []string
	pg := codebuild.NewListProjectsPaginator(cl, &codebuild.ListProjectsInput{})
	for pg.HasMorePages() {
		c.acquire()
		out, err := pg.NextPage(c.ctx)
		c.release()
		if err != nil {
			c.fail(err, "CodeBuild projects")
			return
		}
		names = append(names, out.Projects...)
	}
	for _, b := range batches(names, 100) {
		c.acquire()
		out, err := cl.BatchGetProjects(c.ctx, &codebuild.BatchGetProjectsInput{Names: b})
		c.release()
		if err != nil {
			c.fail(err, "CodeBuild projects")
			return
		}
		for _, p := range out.Projects {
			m := c.meta("AWS::CodeBuild::Project", "codebuild", "project", aws.ToString(p.Name), aws.ToString(p.Arn))
			c.add("codebuild", decoder(m).CodeBuild(m, node(p)))
		}
	}
}
