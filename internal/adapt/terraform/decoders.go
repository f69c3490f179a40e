package terraform

import (
	"github.com/shipshape/shipshape/internal/adapt/awsres"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// builder collects the decoded resources of a root module and the links
// that attach what Terraform declares apart (a bucket's encryption, a role's
// policy attachments, a cluster's default capacity provider strategy) to the
// resource the model keeps it on. What the model has types of its own for
// (repository and lifecycle policies, detector features) is added as it is,
// and the rules follow it.
type builder struct {
	state *model.State
	links []func(st *model.State)
}

func (b *builder) add(r model.Resource) { b.state.Add(r) }

func (b *builder) link(f func(st *model.State)) { b.links = append(b.links, f) }

// finish runs the links, then the state's own linking of ingress rules.
func (b *builder) finish() {
	for _, f := range b.links {
		f(b.state)
	}
	b.state.Link()
}

type decodeFunc func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder)

// simple wraps a decoder that needs no links.
func simple[T model.Resource](f func(d awsres.Decoder, m model.Meta, p *tree.Node) T) decodeFunc {
	return func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) { b.add(f(d, m, p)) }
}

// decoders maps the Terraform resource types shipshape reads to the shared
// decoders; Terraform's snake_case names match the decoders' keys.
//
// An argument left out takes the AWS provider's default. Where that default
// is the AWS API's (network_mode: bridge, is_multi_region_trail: false,
// scan_on_push: false, image_tag_mutability: MUTABLE, encrypted: false,
// assign_public_ip: false, endpoint_public_access: true), the value stays
// Absent and the rules read Absent as the AWS default. Where the provider
// differs from the API (enable_logging, enable, is_enabled and the
// enabled of aws_ebs_encryption_by_default default to true), the decoder
// below sets the provider's default.
var decoders = map[string]decodeFunc{
	"aws_ecs_cluster":                         simple(awsres.Decoder.Cluster),
	"aws_ecs_task_definition":                 simple(awsres.Decoder.TaskDefinition),
	"aws_ecs_service":                         simple(awsres.Decoder.Service),
	"aws_ecs_cluster_capacity_providers":      defaultStrategy,
	"aws_ecr_repository":                      simple(awsres.Decoder.Repository),
	"aws_ecrpublic_repository":                simple(awsres.Decoder.PublicRepository),
	"aws_ecr_registry_scanning_configuration": simple(awsres.Decoder.RegistryScanning),
	"aws_ecr_repository_policy":               simple(awsres.Decoder.RepositoryPolicy),
	"aws_ecrpublic_repository_policy":         simple(awsres.Decoder.RepositoryPolicy),
	"aws_ecr_lifecycle_policy":                simple(awsres.Decoder.LifecyclePolicy),
	"aws_iam_role":                            simple(awsres.Decoder.Role),
	"aws_iam_policy":                          simple(awsres.Decoder.IAMPolicy),
	"aws_iam_role_policy":                     simple(awsres.Decoder.IAMPolicy),
	"aws_iam_role_policy_attachment": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		role, arn := d.Str(p, "role"), d.Str(p, "policy_arn")
		b.link(func(st *model.State) { attachPolicy(st, role, arn) })
	},
	"aws_iam_policy_attachment": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		roles, arn := d.List(p, "roles"), d.Str(p, "policy_arn")
		b.link(func(st *model.State) {
			for _, role := range roles.Items {
				attachPolicy(st, role, arn)
			}
		})
	},
	"aws_security_group": simple(awsres.Decoder.SecurityGroup),
	"aws_lb":             simple(awsres.Decoder.LoadBalancer),
	"aws_alb":            simple(awsres.Decoder.LoadBalancer),
	"aws_elb":            simple(awsres.Decoder.LoadBalancer),
	"aws_security_group_rule": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		if !d.Str(p, "type").Is("ingress") {
			return
		}
		group := d.Str(p, "security_group_id")
		for _, r := range d.Ingress(p) {
			r.Pos = m.Pos
			b.add(&model.SecurityGroupIngress{Meta: m, Group: group, Rule: r})
		}
	},
	"aws_vpc_security_group_ingress_rule": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		r := d.Ingress(p)[0]
		r.Pos = m.Pos
		b.add(&model.SecurityGroupIngress{Meta: m, Group: d.Str(p, "security_group_id"), Rule: r})
	},
	"aws_cloudwatch_log_group":         simple(awsres.Decoder.LogGroup),
	"aws_cloudwatch_log_metric_filter": simple(awsres.Decoder.MetricFilter),
	"aws_cloudwatch_event_rule": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		r := d.EventRule(m, p)
		if en := d.Bool(p, "is_enabled"); en.Known() && !en.V && r.State.Absent() {
			r.State = model.Str{V: "DISABLED", P: model.Known, Pos: en.Pos}
		}
		b.add(r)
	},
	"aws_s3_bucket": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		bk := d.Bucket(m, p)
		if enc := d.Block(p, "server_side_encryption_configuration"); enc.Present() {
			bk.Encryption = enc
			bk.SSEAlgorithm = sseAlgorithm(d, awsres.Obj(p, "server_side_encryption_configuration"))
		}
		b.add(bk)
	},
	"aws_s3_bucket_server_side_encryption_configuration": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		bucket := d.Str(p, "bucket")
		alg := sseAlgorithm(d, p)
		b.link(func(st *model.State) {
			if bk, ok := model.Target[*model.Bucket](st, bucket, func(x *model.Bucket) model.Str { return x.Name }); ok {
				bk.Encryption = model.Block{P: model.Known, Pos: m.Pos}
				bk.SSEAlgorithm = alg
			}
		})
	},
	"aws_cloudtrail": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		t := d.Trail(m, p)
		if t.IsLogging.P == model.Absent {
			// Terraform's enable_logging defaults to true.
			t.IsLogging = model.Bool{V: true, P: model.Known, Pos: m.Pos}
		}
		b.add(t)
	},
	"aws_guardduty_detector": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		g := d.GuardDutyDetector(m, p)
		if g.Enable.P == model.Absent {
			// Terraform's enable defaults to true.
			g.Enable = model.Bool{V: true, P: model.Known, Pos: m.Pos}
		}
		b.add(g)
	},
	"aws_guardduty_detector_feature": simple(awsres.Decoder.GuardDutyDetectorFeature),
	"aws_inspector2_enabler":         simple(awsres.Decoder.InspectorEnabler),
	"aws_ebs_encryption_by_default": func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
		e := d.EBSEncryptionByDefault(m, p)
		if e.Enabled.P == model.Absent {
			// Terraform's enabled defaults to true: declaring the
			// resource turns encryption by default on.
			e.Enabled = model.Bool{V: true, P: model.Known, Pos: m.Pos}
		}
		b.add(e)
	},
	"aws_efs_file_system":      simple(awsres.Decoder.EFS),
	"aws_launch_template":      simple(awsres.Decoder.BlockDevices),
	"aws_instance":             simple(awsres.Decoder.BlockDevices),
	"aws_launch_configuration": simple(awsres.Decoder.BlockDevices),
	"aws_ebs_volume":           simple(awsres.Decoder.Volume),
	"aws_codebuild_project":    simple(awsres.Decoder.CodeBuild),
	"aws_eks_cluster":          simple(awsres.Decoder.EKSCluster),
	"aws_kms_key":              func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) { b.add(&model.KMSKey{Meta: m}) },
	"aws_kms_alias":            func(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) { b.add(&model.KMSKey{Meta: m}) },
}

// defaultStrategy gives the services of a cluster that name neither a
// launch type nor a capacity provider strategy the cluster's default
// strategy, which is what they run on.
func defaultStrategy(d awsres.Decoder, m model.Meta, p *tree.Node, b *builder) {
	cluster := d.Str(p, "cluster_name")
	strategy := model.List{P: model.Known, Pos: m.Pos}
	for _, s := range awsres.Items(p, "default_capacity_provider_strategy") {
		if s.Kind != tree.Map {
			strategy.P = model.Unknown
			continue
		}
		strategy.Items = append(strategy.Items, d.Str(s, "capacity_provider"))
	}
	if len(strategy.Items) == 0 && strategy.P == model.Known {
		return
	}
	clusterName := func(c *model.ECSCluster) model.Str { return c.Name }
	b.link(func(st *model.State) {
		c, ok := model.Target[*model.ECSCluster](st, cluster, clusterName)
		if !ok {
			return
		}
		for _, s := range model.Of[*model.ECSService](st) {
			if s.LaunchType.P != model.Absent || s.CapacityProviders.P != model.Absent {
				continue
			}
			if sc, ok := model.Target[*model.ECSCluster](st, s.Cluster, clusterName); ok && sc == c {
				s.CapacityProviders = strategy
			}
		}
	})
}

// attachPolicy records a managed policy attachment on the role it names.
func attachPolicy(st *model.State, role, arn model.Str) {
	r, ok := model.Target[*model.IAMRole](st, role, func(x *model.IAMRole) model.Str { return x.Name })
	if !ok {
		return
	}
	r.ManagedPolicies.Items = append(r.ManagedPolicies.Items, arn)
	if r.ManagedPolicies.P == model.Absent {
		r.ManagedPolicies.P, r.ManagedPolicies.Pos = model.Known, arn.Pos
	}
}

// sseAlgorithm reads rule.apply_server_side_encryption_by_default.sse_algorithm.
func sseAlgorithm(d awsres.Decoder, p *tree.Node) model.Str {
	var alg model.Str
	for _, r := range awsres.Items(p, "rule") {
		alg = d.Str(awsres.Obj(r, "apply_server_side_encryption_by_default"), "sse_algorithm")
	}
	return alg
}
