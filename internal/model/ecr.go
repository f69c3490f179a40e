package model

// ECRRepository is a private or public ECR repository.
type ECRRepository struct {
	Meta
	Name Str
	// Public is true for an ECR Public repository.
	Public bool
	// TagMutability is MUTABLE, IMMUTABLE, MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION.
	TagMutability Str
	// TagMutabilityExclusions lists the tag filters excluded from the mutability setting.
	TagMutabilityExclusions List
	ScanOnPush              Bool
	EncryptionType          Str
	KMSKey                  Str
	// LifecyclePolicy is the lifecycle policy text or block.
	LifecyclePolicy Block
	// Policy is the repository policy, when one is attached.
	Policy *PolicyDocument
}

// RegistryScanning is the account's ECR registry scanning configuration.
type RegistryScanning struct {
	Meta
	// ScanType is BASIC or ENHANCED.
	ScanType Str
	Rules    []ScanRule
	// RulesUnknown is true when the rules, or one of them, could not be
	// resolved: which repositories are covered is then unknown.
	RulesUnknown bool
}

// ECRLifecyclePolicy is a lifecycle policy declared apart from its
// repository (Terraform aws_ecr_lifecycle_policy).
type ECRLifecyclePolicy struct {
	Meta
	// Repository names the repository (its name, or a reference to it).
	Repository Str
	// Policy is the policy text.
	Policy Block
}

// ECRRepositoryPolicy is a repository policy declared apart from its
// repository (Terraform aws_ecr_repository_policy, aws_ecrpublic_repository_policy).
type ECRRepositoryPolicy struct {
	Meta
	// Repository names the repository (its name, or a reference to it).
	Repository Str
	// Policy is the policy document; nil when none is written.
	Policy *PolicyDocument
}

// ScanRule is one registry scanning rule.
type ScanRule struct {
	// Frequency is SCAN_ON_PUSH, CONTINUOUS_SCAN or MANUAL.
	Frequency Str
	// Filters are repository-name wildcard filters; empty matches nothing.
	Filters []Str
	Pos     Pos
}

// PolicyDocument is an IAM or resource policy.
type PolicyDocument struct {
	Pos        Pos
	Statements []Statement
	// Unknown is true when the document could not be resolved.
	Unknown bool
}

// Statement is one policy statement.
type Statement struct {
	Pos       Pos
	Sid       Str
	Effect    Str
	Principal Principal
	Actions   List
	NotAction List
	Resources List
	// Condition is the statement's Condition block.
	Condition Block
	// Conditions are the key tests of the Condition block; when Condition is
	// Unknown they are incomplete.
	Conditions []Condition
}

// Condition is one key test of a statement's Condition block, such as
// StringEquals aws:PrincipalOrgID o-123.
type Condition struct {
	// Operator is the condition operator as written (StringEquals,
	// ForAnyValue:StringLike, ArnLikeIfExists, ...).
	Operator string
	// Key is the condition key as written (aws:SourceAccount).
	Key    string
	Values List
	Pos    Pos
}

// Principal is the Principal (or NotPrincipal) of a resource policy.
type Principal struct {
	// Wildcard is true for "*" or {"AWS": "*"}.
	Wildcard bool
	// AWS lists account IDs, ARNs and "*" given under AWS.
	AWS []Str
	// Service lists service principals.
	Service []Str
	Pos     Pos
	// Not is true for NotPrincipal.
	Not bool
}
