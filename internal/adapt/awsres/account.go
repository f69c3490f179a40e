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

// LoadBalancer decodes an Elastic Load Balancing load balancer
// (AWS::ElasticLoadBalancingV2::LoadBalancer, AWS::ElasticLoadBalancing::
// LoadBalancer, aws_lb, aws_elb): the security groups it uses.
func (d Decoder) LoadBalancer(meta model.Meta, p *tree.Node) *model.LoadBalancer {
	return &model.LoadBalancer{Meta: meta, SecurityGroups: d.List(p, "SecurityGroups")}
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

// Trail decodes a CloudTrail trail. Management events count as logged when
// a basic selector includes them (the default) for reads and writes, or an
// advanced selector selects eventCategory Management without narrowing it to
// reads or writes; ManagementOnly records a selection of one kind only.
func (d Decoder) Trail(meta model.Meta, p *tree.Node) *model.Trail {
	t := &model.Trail{Meta: meta, IsLogging: d.Bool(p, "IsLogging", "enable_logging"), IsMultiRegion: d.Bool(p, "IsMultiRegionTrail")}
	var reads, writes, unknown bool
	k, sel := field(p, "EventSelectors", "event_selector")
	if k == nil || sel.IsNull() {
		k, sel = field(p, "AdvancedEventSelectors", "advanced_event_selector")
		if k == nil || sel.IsNull() {
			return t
		}
		for _, s := range sel.List() {
			r, w, u := d.advancedSelector(s)
			reads, writes, unknown = reads || r, writes || w, unknown || u
		}
	} else {
		for _, s := range sel.List() {
			inc := d.Bool(s, "IncludeManagementEvents")
			rw := d.Str(s, "ReadWriteType")
			switch {
			case s.IsUnknown() || inc.P == model.Unknown:
				unknown = true
			case !inc.NotFalse():
			case rw.P == model.Unknown:
				unknown = true
			case rw.Is("ReadOnly"):
				reads = true
			case rw.Is("WriteOnly"):
				writes = true
			default:
				reads, writes = true, true
			}
		}
	}
	t.ManagementEventPos = d.Pos(k)
	t.ManagementEvents = model.Bool{P: model.Known, V: reads && writes, Pos: d.Pos(k)}
	switch {
	case sel.IsUnknown() || (unknown && !t.ManagementEvents.V):
		t.ManagementEvents.P = model.Unknown
	case reads && !writes:
		t.ManagementOnly = "ReadOnly"
	case writes && !reads:
		t.ManagementOnly = "WriteOnly"
	}
	return t
}

// advancedSelector reports whether an advanced event selector logs
// management reads and writes, and whether it could not be resolved.
func (d Decoder) advancedSelector(s *tree.Node) (reads, writes, unknown bool) {
	if s.IsUnknown() {
		return false, false, true
	}
	_, fields := field(s, "FieldSelectors", "field_selector")
	if fields.IsUnknown() {
		return false, false, true
	}
	management := false
	reads, writes = true, true
	for _, f := range fields.List() {
		name := d.Str(f, "Field")
		equals, notEquals := d.List(f, "Equals"), d.List(f, "NotEquals")
		if f.IsUnknown() || name.P == model.Unknown || equals.HasUnknown() || notEquals.HasUnknown() {
			unknown = true
			continue
		}
		switch {
		case name.Is("eventCategory"):
			management = equals.Has("Management") ||
				(equals.P == model.Absent && notEquals.Known() && !notEquals.Has("Management"))
		case name.Is("readOnly") && equals.Known():
			reads, writes = equals.Has("true"), equals.Has("false")
		}
	}
	if !management {
		return false, false, unknown
	}
	return reads, writes, unknown
}

// EventRule decodes an EventBridge rule and flattens its pattern.
func (d Decoder) EventRule(meta model.Meta, p *tree.Node) *model.EventRule {
	r := &model.EventRule{Meta: meta, State: d.Str(p, "State")}
	k, v := field(p, "EventPattern")
	if k == nil {
		return r
	}
	r.Pattern.Pos = d.Pos(k)
	if isText(v) {
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
	if f.IsUnknown() {
		// A feature (or configuration) that could not be resolved.
		return model.GuardDutyFeature{Name: model.Str{P: model.Unknown, Pos: d.Pos(f)}, Pos: d.Pos(f)}
	}
	feat := model.GuardDutyFeature{Name: d.Str(f, "Name"), Status: d.Str(f, "Status"), Pos: d.Pos(f)}
	for _, a := range Items(f, "AdditionalConfiguration", "additional_configuration") {
		if a.IsUnknown() {
			feat.Additional = append(feat.Additional, model.GuardDutyFeature{Name: model.Str{P: model.Unknown, Pos: d.Pos(a)}, Pos: d.Pos(a)})
			continue
		}
		feat.Additional = append(feat.Additional, model.GuardDutyFeature{Name: d.Str(a, "Name"), Status: d.Str(a, "Status"), Pos: d.Pos(a)})
	}
	return feat
}

// GuardDutyDetectorFeature decodes a detector feature declared on its own.
func (d Decoder) GuardDutyDetectorFeature(meta model.Meta, p *tree.Node) *model.GuardDutyDetectorFeature {
	f := d.GuardDutyFeature(p)
	f.Pos = meta.Pos
	return &model.GuardDutyDetectorFeature{Meta: meta, Detector: d.Str(p, "DetectorId"), Feature: f}
}

// InspectorEnabler decodes an Amazon Inspector enabler (Terraform's
// aws_inspector2_enabler; the live collector builds one from the account
// status).
func (d Decoder) InspectorEnabler(meta model.Meta, p *tree.Node) *model.InspectorEnabler {
	return &model.InspectorEnabler{Meta: meta, ResourceTypes: d.List(p, "ResourceTypes")}
}

// EFS decodes an EFS file system.
func (d Decoder) EFS(meta model.Meta, p *tree.Node) *model.EFSFileSystem {
	return &model.EFSFileSystem{Meta: meta, Encrypted: d.Bool(p, "Encrypted"), KMSKey: d.Str(p, "KmsKeyId")}
}

// BlockDevices decodes the block-device mappings of a launch template,
// launch configuration or instance (CloudFormation and API shapes, and
// Terraform's root_block_device and ebs_block_device blocks).
func (d Decoder) BlockDevices(meta model.Meta, p *tree.Node) *model.BlockStorage {
	s := &model.BlockStorage{Meta: meta}
	if data := Obj(p, "LaunchTemplateData"); data != nil {
		p = data
	}
	for _, m := range Items(p, "BlockDeviceMappings", "block_device_mappings") {
		ebs := Obj(m, "Ebs")
		if ebs == nil || d.Str(m, "VirtualName").V != "" {
			continue // instance-store (VirtualName, even beside an empty Ebs) or NoDevice mapping
		}
		s.Devices = append(s.Devices, d.blockDevice(m, ebs))
	}
	for _, key := range []string{"root_block_device", "ebs_block_device"} {
		for _, m := range Items(p, key) {
			if m.Kind == tree.Map {
				s.Devices = append(s.Devices, d.blockDevice(m, m))
			}
		}
	}
	return s
}

// blockDevice decodes one mapping m whose EBS settings are in ebs.
func (d Decoder) blockDevice(m, ebs *tree.Node) model.BlockDevice {
	enc := d.Bool(ebs, "Encrypted")
	if enc.P == model.Absent {
		enc.Pos = d.Pos(m)
	}
	return model.BlockDevice{Name: d.Str(m, "DeviceName"), Encrypted: enc, Snapshot: d.Str(ebs, "SnapshotId"), Pos: d.Pos(m)}
}

// Volume decodes a standalone EBS volume.
func (d Decoder) Volume(meta model.Meta, p *tree.Node) *model.BlockStorage {
	dev := model.BlockDevice{Encrypted: d.Bool(p, "Encrypted"), Snapshot: d.Str(p, "SnapshotId"), Pos: meta.Pos}
	return &model.BlockStorage{Meta: meta, Devices: []model.BlockDevice{dev}}
}

// EBSEncryptionByDefault decodes the account's default EBS encryption
// setting ("enabled" defaults to true in Terraform).
func (d Decoder) EBSEncryptionByDefault(meta model.Meta, p *tree.Node) *model.EBSEncryptionByDefault {
	return &model.EBSEncryptionByDefault{Meta: meta, Enabled: d.Bool(p, "Enabled", "EbsEncryptionByDefault")}
}

// CodeBuild decodes a CodeBuild project's build environment.
func (d Decoder) CodeBuild(meta model.Meta, p *tree.Node) *model.CodeBuildProject {
	return &model.CodeBuildProject{Meta: meta, PrivilegedMode: d.Bool(Obj(p, "Environment"), "PrivilegedMode")}
}

// EKSCluster decodes an EKS cluster. Secrets count as encrypted when an
// encryption config covers "secrets" and names a provider key.
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
	if k, v := field(p, "EncryptionConfig"); k != nil && !v.IsNull() {
		c.EncryptionConfigPos = d.Pos(k)
		c.SecretsEncryption = model.Bool{P: model.Known, Pos: d.Pos(k)}
		unknown := v.IsUnknown()
		for _, e := range v.List() {
			res := d.List(e, "Resources")
			key := d.Str(Obj(e, "Provider"), "KeyArn")
			_, prov := field(e, "Provider")
			switch {
			case e.IsUnknown() || prov.IsUnknown():
				unknown = true
			case res.Has("secrets") && !key.KnownEmpty():
				c.SecretsEncryption.V = true
			case res.HasUnknown():
				unknown = true
			}
		}
		if unknown && !c.SecretsEncryption.V {
			c.SecretsEncryption.P = model.Unknown
		}
	}
	if k, v := field(p, "Logging"); k != nil && !v.IsNull() {
		c.LoggingPos = d.Pos(k)
		c.LogTypes = d.eksLogTypes(v, c.LoggingPos)
	}
	if l := d.List(p, "enabled_cluster_log_types"); l.P != model.Absent {
		c.LogTypes, c.LoggingPos = l, l.Pos
	}
	return c
}

// eksLogTypes decodes Logging.ClusterLogging.EnabledTypes.
func (d Decoder) eksLogTypes(logging *tree.Node, pos model.Pos) model.List {
	l := model.List{P: model.Known, Pos: pos}
	if logging.IsUnknown() {
		l.P = model.Unknown
		return l
	}
	_, cl := field(logging, "ClusterLogging")
	if cl.IsUnknown() {
		l.P = model.Unknown
		return l
	}
	tk, types := field(cl, "EnabledTypes")
	if tk != nil {
		l.Pos = d.Pos(tk)
	}
	if types.IsUnknown() {
		l.P = model.Unknown
		return l
	}
	for _, t := range types.List() {
		switch {
		case t.IsUnknown():
			l.Items = append(l.Items, model.Str{P: model.Unknown, Pos: d.Pos(t)})
		case t.Kind == tree.Scalar:
			l.Items = append(l.Items, d.StrOf(t, d.Pos(t)))
		default:
			l.Items = append(l.Items, d.Str(t, "Type"))
		}
	}
	return l
}
