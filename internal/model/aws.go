package model

import "fmt"

// IAMRole is an IAM role with its inline and attached policies.
type IAMRole struct {
	Meta
	Name           Str
	AssumePolicy   *PolicyDocument
	InlinePolicies []*PolicyDocument
	// ManagedPolicies are attached managed policy ARNs or references.
	ManagedPolicies List
}

// IAMPolicy is a standalone policy (AWS::IAM::Policy, ManagedPolicy,
// aws_iam_policy) and the roles it is attached to.
type IAMPolicy struct {
	Meta
	Name     Str
	Document *PolicyDocument
	Roles    List
}

// SecurityGroup is a VPC security group with all of its ingress rules,
// including those declared as separate resources.
type SecurityGroup struct {
	Meta
	Ingress []IngressRule
}

// LoadBalancer is an Elastic Load Balancing load balancer (application,
// network or classic): which security groups it uses, for the rules on
// what those admit.
type LoadBalancer struct {
	Meta
	SecurityGroups List
}

// IngressRule is one inbound rule.
type IngressRule struct {
	Pos      Pos
	Protocol Str
	FromPort Int
	ToPort   Int
	CIDRv4   Str
	CIDRv6   Str
}

// OpenToWorld returns the CIDR through which the rule admits any address
// (0.0.0.0/0 or ::/0).
func (r IngressRule) OpenToWorld() (string, bool) {
	switch {
	case r.CIDRv4.Is("0.0.0.0/0"):
		return "0.0.0.0/0", true
	case r.CIDRv6.Is("::/0"):
		return "::/0", true
	}
	return "", false
}

// AllPorts reports whether the rule opens every port: protocol -1 (all),
// or a known protocol without ports.
func (r IngressRule) AllPorts() bool {
	if r.Protocol.Is("-1", "all") {
		return true
	}
	return r.FromPort.P == Absent && r.ToPort.P == Absent && r.Protocol.Known() && !r.ICMP()
}

// ICMP reports whether the rule is for ICMP, which has no ports.
func (r IngressRule) ICMP() bool { return r.Protocol.Is("icmp", "icmpv6", "1", "58") }

// BeyondWeb describes the ports the rule opens ("port 22", "ports
// 8000-8080", "all ports") and reports whether any is not 80 or 443.
// Unknown ports are not reported.
func (r IngressRule) BeyondWeb() (string, bool) {
	if r.Protocol.Is("-1", "all") {
		return "all ports and protocols", true
	}
	if r.ICMP() {
		return "", false
	}
	from, to := r.FromPort, r.ToPort
	if !from.Known() || !to.Known() {
		if r.AllPorts() {
			return "all ports", true
		}
		return "", false
	}
	for port := from.V; port <= to.V; port++ {
		if port != 80 && port != 443 {
			if from.V == to.V {
				return fmt.Sprintf("port %d", from.V), true
			}
			return fmt.Sprintf("ports %d-%d", from.V, to.V), true
		}
		if port-from.V > 70000 {
			break
		}
	}
	return "", false
}

// SecurityGroupIngress is an ingress rule declared apart from its group; the
// scope attaches it to the group it names.
type SecurityGroupIngress struct {
	Meta
	Group Str
	Rule  IngressRule
}

// LogGroup is a CloudWatch Logs log group.
type LogGroup struct {
	Meta
	Name   Str
	KMSKey Str
}

// MetricFilter is a CloudWatch Logs metric filter.
type MetricFilter struct {
	Meta
	Pattern  Str
	LogGroup Str
}

// Bucket is an S3 bucket.
type Bucket struct {
	Meta
	Name Str
	// Encryption is the BucketEncryption block.
	Encryption Block
	// SSEAlgorithm is AES256, aws:kms or aws:kms:dsse.
	SSEAlgorithm Str
}

// Trail is a CloudTrail trail.
type Trail struct {
	Meta
	IsLogging          Bool
	IsMultiRegion      Bool
	ManagementEvents   Bool
	ManagementEventPos Pos
	// ManagementOnly is "ReadOnly" or "WriteOnly" when the selectors log
	// management events of one kind only (ManagementEvents is then false).
	ManagementOnly string
}

// EventRule is an EventBridge rule; Pattern keeps the event pattern as
// written (a JSON or YAML object, or a JSON string).
type EventRule struct {
	Meta
	Pattern Pattern
	State   Str
}

// Pattern is an EventBridge event pattern: field paths to the values they
// match ("detail.eventName" -> ["ExecuteCommand"]). Known is false when the
// pattern could not be resolved.
type Pattern struct {
	Fields map[string][]string
	Known  bool
	Pos    Pos
}

// GuardDutyDetector is a GuardDuty detector with its features.
type GuardDutyDetector struct {
	Meta
	Enable   Bool
	Features []GuardDutyFeature
	// FeaturesPos is where the features are written.
	FeaturesPos Pos
}

// GuardDutyFeature is one detector feature such as RUNTIME_MONITORING.
type GuardDutyFeature struct {
	Name       Str
	Status     Str
	Additional []GuardDutyFeature
	Pos        Pos
}

// GuardDutyDetectorFeature is a detector feature declared as a resource of
// its own (Terraform's aws_guardduty_detector_feature); rules merge it into
// the detector it names.
type GuardDutyDetectorFeature struct {
	Meta
	Detector Str
	Feature  GuardDutyFeature
}

// InspectorEnabler turns Amazon Inspector on for resource types.
type InspectorEnabler struct {
	Meta
	ResourceTypes List
}

// EFSFileSystem is an EFS file system.
type EFSFileSystem struct {
	Meta
	Encrypted Bool
	KMSKey    Str
}

// BlockStorage is a launch template, instance or volume with EBS block devices.
type BlockStorage struct {
	Meta
	Devices []BlockDevice
}

// BlockDevice is one EBS volume or block-device mapping.
type BlockDevice struct {
	Name      Str
	Encrypted Bool
	// Snapshot is the snapshot the volume is created from: an encrypted
	// snapshot gives an encrypted volume whatever Encrypted says.
	Snapshot Str
	Pos      Pos
}

// EBSEncryptionByDefault is the account and Region setting that encrypts
// every new EBS volume (Terraform's aws_ebs_encryption_by_default, or the
// live GetEbsEncryptionByDefault answer).
type EBSEncryptionByDefault struct {
	Meta
	Enabled Bool
}

// CodeBuildProject is a CodeBuild project.
type CodeBuildProject struct {
	Meta
	PrivilegedMode Bool
}

// EKSCluster is an EKS cluster.
type EKSCluster struct {
	Meta
	Name                Str
	EndpointPublic      Bool
	EndpointPrivate     Bool
	PublicAccessCIDRs   List
	ResourcesVPCConfig  Block
	SecretsEncryption   Bool
	EncryptionConfigPos Pos
	LogTypes            List
	LoggingPos          Pos
}

// KMSKey is a customer managed KMS key or alias.
type KMSKey struct {
	Meta
}
