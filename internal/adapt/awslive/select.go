package awslive

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
)

// Selection names images of the Region's registry: by tag, every tagged
// image of the repositories, or those running tasks use.
type Selection struct {
	// Repositories are the repositories to read; with Running alone, empty
	// means every repository a running task uses.
	Repositories []string
	// Tags are read in each of Repositories.
	Tags []string
	// AllTags reads every tagged image of Repositories.
	AllTags bool
	// Running reads the images the Region's running tasks use.
	Running bool
}

// Images reads the images sel names, with their push times and scan
// results, as ECR images of the account and Region of cfg. Calls that
// fail are diagnostics of the result, as in Collect; an image asked for by
// tag that is not there is an error.
func Images(ctx context.Context, cfg aws.Config, o Options, sel Selection) ([]*model.ECRImage, adapt.Result) {
	c := newCollector(ctx, cfg, o)
	registry := c.account + ".dkr.ecr." + c.region + ".amazonaws.com"
	named := map[string]bool{}
	for _, r := range sel.Repositories {
		named[r] = true
		c.repos[r] = c.placeholderRepo(r)
	}
	uses := map[string]*imageUse{}
	for _, r := range sel.Repositories {
		for _, t := range sel.Tags {
			c.useImage(uses, registry+"/"+r+":"+t, "", "", false)
		}
	}
	if sel.AllTags {
		cl := ecr.NewFromConfig(cfg)
		for _, r := range sel.Repositories {
			pg := ecr.NewListImagesPaginator(cl, &ecr.ListImagesInput{
				RepositoryName: aws.String(r), Filter: &ecrtypes.ListImagesFilter{TagStatus: ecrtypes.TagStatusTagged}, MaxResults: aws.Int32(1000),
			})
			for pg.HasMorePages() {
				out, err := pg.NextPage(ctx)
				if err != nil {
					c.fail(err, "the images of repository "+r)
					break
				}
				for _, id := range out.ImageIds {
					d := aws.ToString(id.ImageDigest)
					c.useImage(uses, registry+"/"+r+"@"+d, d, "", false)
				}
			}
		}
	}
	if sel.Running {
		cl := ecs.NewFromConfig(cfg)
		if arns, ok := c.clusterARNs(cl, "the images running tasks use"); ok {
			each(c, arns, func(arn string) {
				tasks := c.clusterTasks(cl, arn)
				c.mu.Lock()
				c.tasks = append(c.tasks, tasks...)
				c.mu.Unlock()
			})
		}
		for _, t := range c.tasks {
			for _, ct := range t.Containers {
				ref, ok := imageref.Parse(ct.Image)
				if ok && (len(named) == 0 || named[ref.Path]) && c.repos[ref.Path] == nil {
					c.repos[ref.Path] = c.placeholderRepo(ref.Path)
				}
				c.useImage(uses, ct.Image, ct.Digest, "running task "+arnName(t.ID), true)
			}
		}
	}
	return c.readImages(uses), c.res
}

// placeholderRepo stands for a repository known by name only.
func (c *collector) placeholderRepo(name string) *model.ECRRepository {
	arn := "arn:" + partition(c.region) + ":ecr:" + c.region + ":" + c.account + ":repository/" + name
	return &model.ECRRepository{Meta: c.meta("AWS::ECR::Repository", "ecr", "repository", name, arn)}
}

// partition is the ARN partition of a Region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}
