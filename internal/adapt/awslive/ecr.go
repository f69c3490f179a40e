package awslive

import (
	"errors"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
)

// ecr reads the repositories with their policies and lifecycle policies,
// and the registry scanning configuration.
func (c *collector) ecr() {
	cl := ecr.NewFromConfig(c.cfg)
	c.acquire()
	scanning, err := cl.GetRegistryScanningConfiguration(c.ctx, &ecr.GetRegistryScanningConfigurationInput{})
	c.release()
	if err != nil {
		c.fail(err, "the ECR registry scanning configuration")
	} else if sc := scanning.ScanningConfiguration; sc != nil {
		m := c.meta("AWS::ECR::RegistryScanningConfiguration", "ecr", "registry-scanning", "", "")
		m.ID = "registry-scanning/" + c.account + "/" + c.region
		c.add("ecr", decoder(m).RegistryScanning(m, node(sc)))
	}
	var repos []ecrtypes.Repository
	pg := ecr.NewDescribeRepositoriesPaginator(cl, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(1000)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(c.ctx)
		if err != nil {
			c.fail(err, "ECR repositories")
			return
		}
		repos = append(repos, out.Repositories...)
	}
	decoded := make([]*model.ECRRepository, len(repos))
	idx := make([]int, len(repos))
	for i := range idx {
		idx[i] = i
	}
	each(c, idx, func(i int) {
		r := repos[i]
		name := aws.ToString(r.RepositoryName)
		props := map[string]any{}
		pol, err := cl.GetRepositoryPolicy(c.ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: r.RepositoryName})
		var nf *ecrtypes.RepositoryPolicyNotFoundException
		switch {
		case err == nil:
			props["RepositoryPolicyText"] = aws.ToString(pol.PolicyText)
		case !errors.As(err, &nf):
			c.fail(err, "the policy of repository "+name)
			props["RepositoryPolicyText"] = unknownMarker
		}
		lp, err := cl.GetLifecyclePolicy(c.ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: r.RepositoryName})
		var lnf *ecrtypes.LifecyclePolicyNotFoundException
		switch {
		case err == nil:
			props["LifecyclePolicy"] = map[string]string{"LifecyclePolicyText": aws.ToString(lp.LifecyclePolicyText)}
		case !errors.As(err, &lnf):
			c.fail(err, "the lifecycle policy of repository "+name)
			props["LifecyclePolicy"] = unknownMarker
		}
		m := c.meta("AWS::ECR::Repository", "ecr", "repository", name, aws.ToString(r.RepositoryArn))
		// The repository's own members sit beside the policies.
		flat := node(r)
		flat.Pairs = append(flat.Pairs, node(props).Pairs...)
		repo := decoder(m).Repository(m, flat)
		if props["LifecyclePolicy"] == unknownMarker {
			repo.LifecyclePolicy = model.Block{P: model.Unknown, Pos: m.Pos}
		}
		if props["RepositoryPolicyText"] == unknownMarker {
			repo.Policy = &model.PolicyDocument{Pos: m.Pos, Unknown: true}
		}
		decoded[i] = repo
	})
	for _, r := range decoded {
		c.add("ecr", r)
		c.repos[r.Name.V] = r
	}
}

// unknownMarker stands for a property that could not be read.
const unknownMarker = "\x00unknown"

// imageUse is an image of this account's registry that something uses.
type imageUse struct {
	repo    string
	tag     string
	digest  string
	users   []string
	running bool
}

// images reads the push time and scan results of the ECR images that
// running tasks and services' task definitions use.
func (c *collector) images() {
	uses := map[string]*imageUse{}
	for _, t := range c.tasks {
		for _, ct := range t.Containers {
			c.useImage(uses, ct.Image, ct.Digest, "running task "+arnName(t.ID), true)
		}
	}
	defs := map[string]*model.TaskDefinition{}
	for _, d := range c.taskDefs {
		defs[d.ID] = d
	}
	for _, s := range c.services {
		if d := defs[s.TaskDefinition.V]; d != nil {
			for _, ct := range d.Containers {
				if ct.Image.Known() {
					c.useImage(uses, ct.Image.V, "", "service "+s.Name.V, false)
				}
			}
		}
	}
	for _, img := range c.readImages(uses) {
		c.add("images", img)
	}
}

// useImage records an image of this account's registry in the Region
// (others are left alone) that user uses.
func (c *collector) useImage(uses map[string]*imageUse, image, digest, user string, running bool) {
	registry := c.account + ".dkr.ecr." + c.region + ".amazonaws.com"
	ref, ok := imageref.Parse(image)
	if !ok || !strings.EqualFold(ref.Domain, registry) || c.repos[ref.Path] == nil {
		return
	}
	if digest == "" {
		digest = ref.Digest
	}
	key := ref.Path + "@" + digest
	if digest == "" {
		tag := ref.Tag
		if tag == "" {
			tag = "latest"
		}
		key = ref.Path + ":" + tag
	}
	u := uses[key]
	if u == nil {
		u = &imageUse{repo: ref.Path, tag: ref.Tag, digest: digest}
		if u.tag == "" && digest == "" {
			u.tag = "latest"
		}
		uses[key] = u
	}
	if user != "" {
		u.users = append(u.users, user)
	}
	u.running = u.running || running
}

// readImages describes the images used (by 100 per repository) and reads
// their scan results.
func (c *collector) readImages(uses map[string]*imageUse) []*model.ECRImage {
	if len(uses) == 0 {
		return nil
	}
	byRepo := map[string][]*imageUse{}
	for _, u := range uses {
		byRepo[u.repo] = append(byRepo[u.repo], u)
	}
	names := make([]string, 0, len(byRepo))
	for n := range byRepo {
		names = append(names, n)
	}
	sort.Strings(names)
	cl := ecr.NewFromConfig(c.cfg)
	var found []*model.ECRImage
	for _, repo := range names {
		list := byRepo[repo]
		sort.Slice(list, func(i, j int) bool { return list[i].tag+list[i].digest < list[j].tag+list[j].digest })
		for _, b := range batches(list, 100) {
			found = append(found, c.describeImages(cl, repo, b)...)
		}
	}
	each(c, found, func(img *model.ECRImage) { ReadScan(c.ctx, cl, img) })
	for _, img := range found {
		if img.ScanStatus == scanError {
			c.note("could not read the scan findings of " + img.Repository + "@" + img.Digest + ": " + img.ScanStatusDescription)
		}
	}
	return found
}

// describeImages reads a batch of images of one repository; when one of
// them is gone (ImageNotFoundException fails the whole batch) they are
// read one by one.
func (c *collector) describeImages(cl *ecr.Client, repo string, list []*imageUse) []*model.ECRImage {
	ids := make([]ecrtypes.ImageIdentifier, len(list))
	for i, u := range list {
		if u.digest != "" {
			ids[i].ImageDigest = aws.String(u.digest)
		} else {
			ids[i].ImageTag = aws.String(u.tag)
		}
	}
	c.acquire()
	out, err := cl.DescribeImages(c.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String(repo), ImageIds: ids})
	c.release()
	var nf *ecrtypes.ImageNotFoundException
	if err != nil && errors.As(err, &nf) && len(list) > 1 {
		var all []*model.ECRImage
		for _, u := range list {
			all = append(all, c.describeImages(cl, repo, []*imageUse{u})...)
		}
		return all
	}
	if err != nil {
		if errors.As(err, &nf) {
			u := list[0]
			if len(u.users) == 0 { // asked for by name
				c.mu.Lock()
				c.res.Errorf(model.Pos{File: c.scope}, "repository "+repo+" in "+c.region+" has no image "+strings.TrimPrefix(u.tag+u.digest, "sha256:"))
				c.mu.Unlock()
				return nil
			}
			c.note("image " + repo + ":" + u.tag + u.digest + " used by " + strings.Join(u.users, ", ") + " is not in the repository (deleted, or a tag moved away)")
			return nil
		}
		c.fail(err, "images of repository "+repo)
		return nil
	}
	var imgs []*model.ECRImage
	for _, d := range out.ImageDetails {
		img := ImageFromDetail(c.meta("AWS::ECR::Image", "ecr", "image", repo+"@"+aws.ToString(d.ImageDigest), ""), d)
		img.Meta.ID = c.repos[repo].ID + "@" + img.Digest
		img.Meta.Live.ARN = img.Meta.ID
		for _, u := range list {
			if u.digest == img.Digest || (u.tag != "" && contains(img.Tags, u.tag)) {
				img.UsedBy = append(img.UsedBy, u.users...)
				img.Running = img.Running || u.running
			}
		}
		sort.Strings(img.UsedBy)
		img.UsedBy = compact(img.UsedBy)
		imgs = append(imgs, img)
	}
	return imgs
}

// ImageFromDetail builds an image from a DescribeImages answer (its scan
// results are read by ReadScan).
func ImageFromDetail(m model.Meta, d ecrtypes.ImageDetail) *model.ECRImage {
	img := &model.ECRImage{Meta: m, Repository: aws.ToString(d.RepositoryName), Digest: aws.ToString(d.ImageDigest), Tags: d.ImageTags}
	if d.ImagePushedAt != nil {
		img.PushedAt = *d.ImagePushedAt
	}
	if s := d.ImageScanStatus; s != nil {
		img.ScanStatus, img.ScanStatusDescription = string(s.Status), aws.ToString(s.Description)
	}
	return img
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func compact(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}
