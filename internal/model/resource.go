package model

// Resource is anything a rule can report on.
type Resource interface {
	Info() *Meta
}

// Meta is what every resource has: its identity and where it was declared.
type Meta struct {
	// ID identifies the resource inside its scope: a CloudFormation logical
	// ID, a Terraform address, a Kubernetes kind/namespace/name, a file.
	ID string
	// Type is the source's own type name (AWS::ECS::Cluster, aws_ecs_cluster).
	Type string
	// Format is the input the resource came from.
	Format Format
	// Pos is where the resource is declared.
	Pos Pos
	// Ignores are suppressions attached to the resource itself (CloudFormation
	// Metadata, Checkov and cfn-nag skips).
	Ignores []Ignore
	// Live is set for resources read from an AWS account.
	Live *LiveInfo
}

// Info returns m, so that embedding Meta satisfies Resource.
func (m *Meta) Info() *Meta { return m }

// Ignore is a suppression attached to a resource.
type Ignore struct {
	RuleID string
	Reason string
	// Source says where it came from: "metadata", "checkov", "cfn-nag".
	Source string
	Pos    Pos
}
