package awslive

import (
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eks"
)

// eks reads the EKS clusters: endpoint access, secrets encryption and
// control-plane logging, in the shape the CloudFormation decoder reads.
func (c *collector) eks() {
	cl := eks.NewFromConfig(c.cfg)
	pg := eks.NewListClustersPaginator(cl, &eks.ListClustersInput{})
	for pg.HasMorePages() {
		c.acquire()
		out, err := pg.NextPage(c.ctx)
		c.release()
		if err != nil {
			c.fail(err, "EKS clusters")
			return
		}
		for _, name := range out.Clusters {
			c.acquire()
			d, err := cl.DescribeCluster(c.ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
			c.release()
			if err != nil {
				c.fail(err, "EKS cluster "+name)
				continue
			}
			k := d.Cluster
			if k == nil {
				continue
			}
			// The API lists log types in groups with an Enabled flag;
			// CloudFormation lists only the enabled ones.
			var enabled []map[string]any
			if k.Logging != nil {
				for _, g := range k.Logging.ClusterLogging {
					if aws.ToBool(g.Enabled) {
						for _, t := range g.Types {
							enabled = append(enabled, map[string]any{"Type": string(t)})
						}
					}
				}
			}
			props := map[string]any{
				"Name":               aws.ToString(k.Name),
				"ResourcesVpcConfig": k.ResourcesVpcConfig,
				"EncryptionConfig":   k.EncryptionConfig,
				"Logging":            map[string]any{"ClusterLogging": map[string]any{"EnabledTypes": enabled}},
			}
			m := c.meta("AWS::EKS::Cluster", "eks", "cluster", aws.ToString(k.Name), aws.ToString(k.Arn))
			c.add("eks", decoder(m).EKSCluster(m, node(props)))
		}
	}
}

// launchTemplates reads the block-device mappings of each EC2 launch
// template's default and latest versions (what Auto Scaling groups and ECS
// capacity providers launch), not every old version.
func (c *collector) launchTemplates() {
	cl := ec2.NewFromConfig(c.cfg)
	pg := ec2.NewDescribeLaunchTemplatesPaginator(cl, &ec2.DescribeLaunchTemplatesInput{MaxResults: aws.Int32(200)})
	for pg.HasMorePages() {
		c.acquire()
		out, err := pg.NextPage(c.ctx)
		c.release()
		if err != nil {
			c.fail(err, "EC2 launch templates")
			return
		}
		for _, t := range out.LaunchTemplates {
			id := aws.ToString(t.LaunchTemplateId)
			c.acquire()
			v, err := cl.DescribeLaunchTemplateVersions(c.ctx, &ec2.DescribeLaunchTemplateVersionsInput{
				LaunchTemplateId: t.LaunchTemplateId,
				Versions:         []string{"$Default", "$Latest"},
			})
			c.release()
			if err != nil {
				c.fail(err, "EC2 launch template "+id)
				continue
			}
			seen := map[int64]bool{}
			for _, ver := range v.LaunchTemplateVersions {
				n := aws.ToInt64(ver.VersionNumber)
				if seen[n] {
					continue
				}
				seen[n] = true
				name := aws.ToString(t.LaunchTemplateName) + " version " + strconv.FormatInt(n, 10)
				arn := "arn:aws:ec2:" + c.region + ":" + c.account + ":launch-template/" + id
				m := c.meta("AWS::EC2::LaunchTemplate", "ec2", "launch-template", name, arn)
				m.ID = arn + ":" + strconv.FormatInt(n, 10) // one resource per version
				c.add("ec2", decoder(m).BlockDevices(m, node(ver)))
			}
		}
	}
}
