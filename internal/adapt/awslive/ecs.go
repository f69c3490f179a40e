package awslive

import (
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/shipshape/shipshape/internal/model"
)

// ecs reads clusters (with their exec configuration and settings, which
// are returned only when asked for), their services and running tasks, and
// the task definitions that services and tasks use plus each family's
// latest active revision.
func (c *collector) ecs() {
	cl := ecs.NewFromConfig(c.cfg)
	arns, ok := c.clusterARNs(cl, "ECS clusters, services and task definitions")
	if !ok {
		return
	}
	var clusters []ecstypes.Cluster
	for _, b := range batches(arns, 100) {
		c.acquire()
		out, err := cl.DescribeClusters(c.ctx, &ecs.DescribeClustersInput{
			Clusters: b, Include: []ecstypes.ClusterField{ecstypes.ClusterFieldConfigurations, ecstypes.ClusterFieldSettings},
		})
		c.release()
		if err != nil {
			c.fail(err, "ECS clusters")
			return
		}
		clusters = append(clusters, out.Clusters...)
		c.failures(out.Failures, "cluster")
	}
	wanted := map[string]bool{}
	type perCluster struct {
		services []*model.ECSService
		tasks    []*model.ECSTask
	}
	found := make([]perCluster, len(clusters))
	idx := make([]int, len(clusters))
	for i := range idx {
		idx[i] = i
	}
	for _, cluster := range clusters {
		m := c.meta("AWS::ECS::Cluster", "ecs", "cluster", aws.ToString(cluster.ClusterName), aws.ToString(cluster.ClusterArn))
		c.add("ecs", decoder(m).Cluster(m, node(cluster)))
	}
	each(c, idx, func(i int) {
		arn := aws.ToString(clusters[i].ClusterArn)
		svcs, tasks := c.clusterServices(cl, arn), c.clusterTasks(cl, arn)
		found[i] = perCluster{svcs, tasks}
	})
	for _, f := range found {
		for _, s := range f.services {
			c.add("ecs", s)
			c.services = append(c.services, s)
			if s.TaskDefinition.Known() {
				wanted[s.TaskDefinition.V] = true
			}
		}
		for _, t := range f.tasks {
			c.add("ecs", t)
			c.tasks = append(c.tasks, t)
			wanted[t.TaskDefinition] = true
		}
	}
	for _, arn := range c.latestTaskDefinitions(cl) {
		wanted[arn] = true
	}
	list := make([]string, 0, len(wanted))
	for arn := range wanted {
		if arn != "" {
			list = append(list, arn)
		}
	}
	sort.Strings(list)
	defs := make([]*model.TaskDefinition, len(list))
	pos := make([]int, len(list))
	for i := range pos {
		pos[i] = i
	}
	each(c, pos, func(i int) {
		out, err := cl.DescribeTaskDefinition(c.ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(list[i])})
		if err != nil {
			c.fail(err, "task definition "+arnName(list[i]))
			return
		}
		td := out.TaskDefinition
		name := aws.ToString(td.Family) + ":" + strconv.Itoa(int(td.Revision))
		m := c.meta("AWS::ECS::TaskDefinition", "ecs", "task-definition", name, aws.ToString(td.TaskDefinitionArn))
		defs[i] = decoder(m).TaskDefinition(m, node(td))
	})
	for _, d := range defs {
		if d != nil {
			c.add("ecs", d)
			c.taskDefs = append(c.taskDefs, d)
		}
	}
}

// clusterARNs lists the clusters; what names what is not checked when
// that fails.
func (c *collector) clusterARNs(cl *ecs.Client, what string) ([]string, bool) {
	var arns []string
	pg := ecs.NewListClustersPaginator(cl, &ecs.ListClustersInput{MaxResults: aws.Int32(100)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(c.ctx)
		if err != nil {
			c.fail(err, what)
			return nil, false
		}
		arns = append(arns, out.ClusterArns...)
	}
	return arns, true
}

// failures reports the resources a batched describe could not return.
func (c *collector) failures(fs []ecstypes.Failure, what string) {
	for _, f := range fs {
		if aws.ToString(f.Reason) == "MISSING" {
			continue // deleted between the list and the describe
		}
		c.note("ECS could not describe " + what + " " + aws.ToString(f.Arn) + ": " + aws.ToString(f.Reason) + " " + aws.ToString(f.Detail))
	}
}

// clusterServices lists and describes (by 10, the API's maximum) the
// services of a cluster.
func (c *collector) clusterServices(cl *ecs.Client, cluster string) []*model.ECSService {
	var arns []string
	pg := ecs.NewListServicesPaginator(cl, &ecs.ListServicesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(100)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(c.ctx)
		if err != nil {
			c.fail(err, "services of cluster "+arnName(cluster))
			return nil
		}
		arns = append(arns, out.ServiceArns...)
	}
	var out []*model.ECSService
	for _, b := range batches(arns, 10) {
		res, err := cl.DescribeServices(c.ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: b})
		if err != nil {
			c.fail(err, "services of cluster "+arnName(cluster))
			return out
		}
		c.failures(res.Failures, "service")
		for _, s := range res.Services {
			m := c.meta("AWS::ECS::Service", "ecs", "service", arnName(cluster)+"/"+aws.ToString(s.ServiceName), aws.ToString(s.ServiceArn))
			m.Live.Name = aws.ToString(s.ServiceName)
			svc := decoder(m).Service(m, node(s))
			svc.Cluster = model.Str{V: cluster, P: model.Known, Pos: m.Pos}
			out = append(out, svc)
		}
	}
	return out
}

// clusterTasks lists and describes (by 100) the running tasks of a cluster.
func (c *collector) clusterTasks(cl *ecs.Client, cluster string) []*model.ECSTask {
	var arns []string
	pg := ecs.NewListTasksPaginator(cl, &ecs.ListTasksInput{Cluster: aws.String(cluster), DesiredStatus: ecstypes.DesiredStatusRunning, MaxResults: aws.Int32(100)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(c.ctx)
		if err != nil {
			c.fail(err, "running tasks of cluster "+arnName(cluster))
			return nil
		}
		arns = append(arns, out.TaskArns...)
	}
	var out []*model.ECSTask
	for _, b := range batches(arns, 100) {
		res, err := cl.DescribeTasks(c.ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: b})
		if err != nil {
			c.fail(err, "running tasks of cluster "+arnName(cluster))
			return out
		}
		c.failures(res.Failures, "task")
		for _, t := range res.Tasks {
			arn := aws.ToString(t.TaskArn)
			m := c.meta("AWS::ECS::Task", "ecs", "task", arnName(cluster)+"/"+arnName(arn), arn)
			task := &model.ECSTask{Meta: m, Cluster: cluster, TaskDefinition: aws.ToString(t.TaskDefinitionArn), Group: aws.ToString(t.Group)}
			for _, ct := range t.Containers {
				task.Containers = append(task.Containers, model.TaskContainer{Name: aws.ToString(ct.Name), Image: aws.ToString(ct.Image), Digest: aws.ToString(ct.ImageDigest)})
			}
			out = append(out, task)
		}
	}
	return out
}

// latestTaskDefinitions returns the latest active revision of every
// family, from the ARN list (100 a page) rather than a call per family.
func (c *collector) latestTaskDefinitions(cl *ecs.Client) []string {
	latest := map[string]int{}
	arnOf := map[string]string{}
	pg := ecs.NewListTaskDefinitionsPaginator(cl, &ecs.ListTaskDefinitionsInput{Status: ecstypes.TaskDefinitionStatusActive, MaxResults: aws.Int32(100)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(c.ctx)
		if err != nil {
			c.fail(err, "the latest task definition of each family")
			return nil
		}
		for _, arn := range out.TaskDefinitionArns {
			// arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION
			i := strings.LastIndex(arn, "/")
			if i < 0 {
				continue
			}
			fam, rev, ok := strings.Cut(arn[i+1:], ":")
			n, err := strconv.Atoi(rev)
			if !ok || err != nil {
				continue
			}
			if n > latest[fam] {
				latest[fam], arnOf[fam] = n, arn
			}
		}
	}
	out := make([]string, 0, len(arnOf))
	for _, arn := range arnOf {
		out = append(out, arn)
	}
	sort.Strings(out)
	return out
}
