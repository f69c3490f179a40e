package fix

import (
	"github.com/shipshape/shipshape/internal/model"
)

// File is one source file being fixed: its current text and, parsed once
// per round, the views the editors work on. Every edit of a round is
// computed against the same Data.
type File struct {
	// Path is the file as findings name it.
	Path string
	// Format is the input kind the file was read as.
	Format model.Format
	// Data is the file's current text.
	Data []byte
	// Read returns the current text of another file (as fixed so far), for
	// fixes that edit where a value is defined; nil reads the disk.
	Read func(path string) ([]byte, error)

	doc    *Doc
	docErr error
	parsed bool
	df     *Dockerfile
	dfErr  error
}

// Doc returns the file parsed as YAML or JSON for editing. In CloudFormation
// templates, values that Ref a parameter are changed in its Default.
func (f *File) Doc() (*Doc, error) {
	if !f.parsed {
		f.doc, f.docErr = ParseDoc(f.Data)
		if f.doc != nil {
			f.doc.Parameters = f.Format == model.CloudFormation
		}
		f.parsed = true
	}
	return f.doc, f.docErr
}

// Choices are the values some fixes need from the user; a fix whose choice
// is empty is skipped with the reason printed.
type Choices struct {
	// KMSKey is the KMS key (ARN, key ID or alias) for encryption settings.
	KMSKey string
	// KMSKeyParameter names a CloudFormation parameter to add (or use) that
	// takes the KMS key at deploy time.
	KMSKeyParameter string
	// SSMPrefix is prepended to an environment variable's name to make the
	// SSM parameter name its secret moves to ("/myapp/").
	SSMPrefix string
	// ExecLogGroup and ExecLogBucket are where ECS Exec logs go (a
	// CloudWatch log group name, an S3 bucket name): with one of them,
	// exec logging becomes OVERRIDE with encryption, without, DEFAULT.
	ExecLogGroup, ExecLogBucket string
	// K8sSecret names the Kubernetes Secret that secrets written in env
	// values move to (the key is the variable's name).
	K8sSecret string
	// ComposeEnvFile names the env file that secrets written in a Compose
	// service's environment move to.
	ComposeEnvFile string
	// User is the non-root user (name or UID[:GID]) for USER and ECS user.
	User string
}

// Dockerfile returns the file parsed as a Dockerfile for editing.
func (f *File) Dockerfile() (*Dockerfile, error) {
	if f.df == nil && f.dfErr == nil {
		f.df, f.dfErr = ParseDockerfile(f.Data)
	}
	return f.df, f.dfErr
}
