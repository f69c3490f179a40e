package awsres

import (
	"strings"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// SecurityGroup decodes a security group with its inline ingress rules.
func (d Decoder) SecurityGroup(meta model.Meta, p *tree.Node) *model.SecurityGroup {
	g := &model.SecurityGroup{Meta: meta}
	for _, in := range Items(p, "SecurityGroupIngress", "ingress") {
		if in.Kind == tree.Map {
			g.Ingress = append(g.Ingress, d.Ingress(in)...)
		}
	}
	return g
}

// Ingress decodes one ingress rule. Terraform's cidr_blocks lists give one
// rule per CIDR.
func (d Decoder) Ingress(in *tree.Node) []model.IngressRule {
	base := model.IngressRule{
		Pos:      d.Pos(in),
		Protocol: d.Str(in, "IpProtocol", "protocol"),
		FromPort: d.Int(in, "FromPort"),
		ToPort:   d.Int(in, "ToPort"),
		CIDRv4:   d.Str(in, "CidrIp", "cidr_ipv4"),
		CIDRv6:   d.Str(in, "CidrIpv6", "cidr_ipv6"),
	}
	out := []model.IngressRule{base}
	for _, key := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		l := d.List(in, key)
		for _, c := range l.Items {
			r := base
			r.CIDRv4, r.CIDRv6 = model.Str{}, model.Str{}
			if key == "cidr_blocks" {
				r.CIDRv4 = c
			} else {
				r.CIDRv6 = c
			}
			out = append(out, r)
		}
		if l.P == model.Unknown {
			r := base
			r.CIDRv4 = model.Str{P: model.Unknown, Pos: l.Pos}
			out = append(out, r)
		}
	}
	return out
}

// LogGroup decodes a CloudWatch Logs log group.
func (d Decoder) LogGroup(meta model.Meta, p *tree.Node) *model.LogGroup {
	return &model.LogGroup{Meta: meta, Name: d.Str(p, "LogGroupName", "name"), KMSKey: d.Str(p, "KmsKeyId")}
}

// MetricFilter decodes a log metric filter.
func (d Decoder) MetricFilter(meta model.Meta, p *tree.Node) *model.MetricFilter {
	return &model.MetricFilter{Meta: meta, Pattern: d.Str(p, "FilterPattern", "pattern"), LogGroup: d.Str(p, "LogGroupName")}
}

// Bucket decodes an S3 bucket's encryption.
func (d Decoder) Bucket(meta model.Meta, p *tree.Node) *model.Bucket {
	b := &model.Bucket{Meta: meta, Name: d.Str(p, "BucketName", "bucket"), Encryption: d.Block(p, "BucketEncryption")}
	for _, r := range Items(Obj(p, "BucketEncryption"), "ServerSideEncryptionConfiguration") {
		b.SSEAlgorithm = d.Str(Obj(r, "ServerSideEncryptionByDefault"), "SSEAlgorithm")
	}
	return b
}

// Trail decodes a CloudTrail trail.
func (d Decoder) Trail(meta model.Meta, p *tree.Node) *model.Trail {
	t := &model.Trail{Meta: meta, IsLogging: d.Bool(p, "IsLogging", "enable_logging"), IsMultiRegion: d.Bool(p, "IsMultiRegionTrail")}
	k, sel := field(p, "EventSelectors", "event_selector")
	if k == nil || sel.IsNull() {
		if ak, adv := field(p, "AdvancedEventSelectors", "advanced_event_selector"); ak != nil && !adv.IsNull() {
			// Advanced selectors log management events only when a selector
			// says eventCategory = Management.
			t.ManagementEventPos = d.Pos(ak)
			t.ManagementEvents = model.Bool{P: model.Known, Pos: d.Pos(ak)}
			adv.Walk(func(n *tree.Node) bool {
				if s, ok := n.Text(); ok && s == "Management" {
					t.ManagementEvents.V = true
				}
				if n.IsUnknown() {
					t.ManagementEvents.P = model.Unknown
				}
				return true
			})
		}
		return t
	}
	t.ManagementEventPos = d.Pos(k)
	t.ManagementEvents = model.Bool{P: model.Known, Pos: d.Pos(k)}
	for _, s := range sel.List() {
		b := d.Bool(s, "IncludeManagementEvents")
		switch {
		case b.P == model.Unknown || s.IsUnknown():
			t.ManagementEvents.P = model.Unknown
		case b.NotFalse():
			t.ManagementEvents.V = true
		}
	}
	return t
}

// EventRule decodes an EventBridge rule and flattens its pattern.
func (d Decoder) EventRule(meta model.Meta, p *tree.Node) *model.EventRule {
	r := &model.EventRule{Meta: meta, State: d.Str(p, "State")}
	k, v := field(p, "EventPattern")
	if k == nil {
		return r
	}
	r.Pattern.Pos = d.Pos(k)
	if v.Kind == tree.Scalar {
		if parsed := parseJSONString(v); parsed != nil {
			v = parsed
		}
	}
	if v.Kind != tree.Map {
		return r
	}
	r.Pattern.Known = true
	r.Pattern.Fields = map[string][]string{}
	flattenPattern(r.Pattern.Fields, "", v, &r.Pattern.Known)
	return r
}

func flattenPattern(out map[string][]string, prefix string, n *tree.Node, known *bool) {
	switch n.Kind {
	case tree.Map:
		for _, p := range n.Pairs {
			path := p.Key.Value
			if prefix != "" {
				path = prefix + "." + path
			}
			flattenPattern(out, path, p.Value, known)
		}
	case tree.Seq:
		for _, it := range n.Items {
			switch it.Kind {
			case tree.Scalar:
				out[prefix] = append(out[prefix], it.Value)
			case tree.Map:
				// Content filters such as {"prefix": "Exec"}: kept as "prefix:Exec".
				for _, p := range it.Pairs {
					if s, ok := p.Value.Text(); ok {
						out[prefix] = append(out[prefix], strings.ToLower(p.Key.Value)+":"+s)
					}
				}
			case tree.Unknown:
				*known = false
			}
		}
	case tree.Scalar:
		out[prefix] = append(out[prefix], n.Value)
	case tree.Unknown:
		*known = false
	}
}

// GuardDutyDetector decodes a detector with its inline features.
func (d Decoder) GuardDutyDetector(meta model.Meta, p *tree.Node) *model.GuardDutyDetector {
	g := &model.GuardDutyDetector{Meta: meta, Enable: d.Bool(p, "Enable")}
	if k, _ := field(p, "Features"); k != nil {
		g.FeaturesPos = d.Pos(k)
	}
	for _, f := range Items(p, "Features") {
		g.Features = append(g.Features, d.GuardDutyFeature(f))
	}
	return g
}

// GuardDutyFeature decodes one detector feature.
func (d Decoder) GuardDutyFeature(f *tree.Node) model.GuardDutyFeature {
	feat := model.GuardDutyFeature{Name: d.Str(f, "Name"), Status: d.Str(f, "Status"), Pos: d.Pos(f)}
	for _, a := range Items(f, "AdditionalConfiguration", "additional_configuration") {
		feat.Additional = append(feat.Additional, model.GuardDutyFeature{Name: d.Str(a, "Name"), Status: d.Str(a, "Status"), Pos: d.Pos(a)})
	}
	return feat
}

// EFS decodes an EFS file system.
func (d Decoder) EFS(meta model.Meta, p *tree.Node) *model.EFSFileSystem {
	return &model.EFSFileSystem{Meta: meta, Encrypted: d.Bool(p, "Encrypted"), KMSKey: d.Str(p, "KmsKeyId")}
}

// BlockDevices decodes the block-device mappings of a launch template,
// launch configuration or instance (CloudFormation and API shapes).
func (d Decoder) BlockDevices(meta model.Meta, p *tree.Node) *model.BlockStorage {
	s := &model.BlockStorage{Meta: meta}
	if data := Obj(p, "LaunchTemplateData"); data != nil {
		p = data
	}
	for _, m := range Items(p, "BlockDeviceMappings", "block_device_mappings") {
		ebs := Obj(m, "Ebs")
		if ebs == nil {
			continue // instance-store or NoDevice mapping
		}
		dev := d.Str(m, "DeviceName")
		enc := d.Bool(ebs, "Encrypted")
		if enc.P == model.Absent {
			enc.Pos = d.Pos(m)
		}
		s.Devices = append(s.Devices, model.BlockDevice{Name: dev, Encrypted: enc, Pos: d.Pos(m)})
	}
	return s
}

// Volume decodes a standalone EBS volume.
func (d Decoder) Volume(meta model.Meta, p *tree.Node) *model.BlockStorage {
	return &model.BlockStorage{Meta: meta, Devices: []model.BlockDevice{{Encrypted: d.Bool(p, "Encrypted"), Pos: meta.Pos}}}
}

// CodeBuild decodes a CodeBuild project's build environment.
func (d Decoder) CodeBuild(meta model.Meta, p *tree.Node) *model.CodeBuildProject {
	return &model.CodeBuildProject{Meta: meta, PrivilegedMode: d.Bool(Obj(p, "Environment"), "PrivilegedMode")}
}

// EKSCluster decodes an EKS cluster.
func (d Decoder) EKSCluster(meta model.Meta, p *tree.Node) *model.EKSCluster {
	vpc := Obj(p, "ResourcesVpcConfig", "vpc_config")
	c := &model.EKSCluster{
		Meta:               meta,
		Name:               d.Str(p, "Name"),
		ResourcesVPCConfig: d.Block(p, "ResourcesVpcConfig", "vpc_config"),
		EndpointPublic:     d.Bool(vpc, "EndpointPublicAccess"),
		EndpointPrivate:    d.Bool(vpc, "EndpointPrivateAccess"),
		PublicAccessCIDRs:  d.List(vpc, "PublicAccessCidrs"),
	}
	if k, v := field(p, "EncryptionConfig"); k != nil {
		c.EncryptionConfigPos = d.Pos(k)
		c.SecretsEncryption = model.Bool{P: model.Known, Pos: d.Pos(k)}
		for _, e := range v.List() {
			res := d.List(e, "Resources")
			if res.HasUnknown() || e.IsUnknown() {
				c.SecretsEncryption.P = model.Unknown
			}
			if res.Has("secrets") {
				c.SecretsEncryption.V = true
			}
		}
	}
	if k, _ := field(p, "Logging"); k != nil {
		c.LoggingPos = d.Pos(k)
		l := model.List{P: model.Known, Pos: d.Pos(k)}
		for _, t := range Items(Obj(Obj(p, "Logging"), "ClusterLogging"), "EnabledTypes") {
			l.Items = append(l.Items, d.Str(t, "Type"))
		}
		c.LogTypes = l
	}
	if l := d.List(p, "enabled_cluster_log_types"); l.P != model.Absent {
		c.LogTypes, c.LoggingPos = l, l.Pos
	}
	return c
}
