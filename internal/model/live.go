package model

import "time"

// LiveInfo is what an AWS account says of a resource beyond a template:
// where it lives and its ARN.
type LiveInfo struct {
	ARN     string
	Account string
	Region  string
	// Name is the resource's short name (cluster name, repository name,
	// security group ID), which suppressions may use instead of the ARN.
	Name string
}

// AWSAccount is the account and Region a live state covers. Rules about
// account-wide settings (a trail, GuardDuty, Inspector) report on it when
// the account has none of the resource they look for.
type AWSAccount struct {
	Meta
	Account string
	Region  string
}

// ECRImage is an image in an ECR repository of the account that a running
// task or a service's task definition uses, with its scan results.
type ECRImage struct {
	Meta
	// Repository is the repository name.
	Repository string
	// Digest is the manifest digest (sha256:...).
	Digest string
	Tags   []string
	// PushedAt is when the image was pushed; zero when unknown.
	PushedAt time.Time
	// ScanStatus is the status of the image's scan (COMPLETE, ACTIVE, IN_PROGRESS,
	// FAILED, UNSUPPORTED_IMAGE, ...) or "" when it was never scanned.
	ScanStatus string
	// ScanStatusDescription is AWS's explanation of the status.
	ScanStatusDescription string
	// ScanCompletedAt is when the last scan completed; zero when unknown.
	ScanCompletedAt time.Time
	// SeverityCounts are the findings per severity (CRITICAL, HIGH, ...).
	SeverityCounts map[string]int
	// TopFindings are the most severe findings, most severe first.
	TopFindings []ScanFinding
	// UsedBy names what uses the image (services, running tasks).
	UsedBy []string
	// Running is true when a running task uses the image.
	Running bool
}

// ScanFinding is one vulnerability of an image scan (basic or enhanced).
type ScanFinding struct {
	// Name is the CVE or finding ID.
	Name     string
	Severity string
	Package  string
	URI      string
}

// ECSTask is a running ECS task and the images its containers run.
type ECSTask struct {
	Meta
	Cluster        string
	TaskDefinition string
	// Group is the task's group ("service:web" for a service's tasks).
	Group      string
	Containers []TaskContainer
}

// TaskContainer is one container of a running task.
type TaskContainer struct {
	Name  string
	Image string
	// Digest is the digest of the image the container runs (sha256:...).
	Digest string
}
