package awsconf

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// iamPrefix maps the SDK's service IDs to the prefixes IAM actions use.
var iamPrefix = map[string]string{
	"CloudWatch Logs": "logs",
	"EventBridge":     "events",
	"EFS":             "elasticfilesystem",
}

// Action is the IAM action of an operation: "ecr:DescribeRepositories".
func Action(serviceID, operation string) string {
	prefix, ok := iamPrefix[serviceID]
	if !ok {
		prefix = strings.ToLower(strings.ReplaceAll(serviceID, " ", ""))
	}
	return prefix + ":" + operation
}

// ErrorAction is the IAM action of the call that failed with err, or "".
func ErrorAction(err error) string {
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return Action(oe.ServiceID, oe.OperationName)
	}
	return ""
}

// IsAccessDenied reports whether err says the caller lacks a permission.
func IsAccessDenied(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.ErrorCode() {
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
		"UnauthorizedAccess", "AuthorizationErrorException", "UnrecognizedClientException":
		return true
	}
	return false
}

// ErrorCode is the AWS error code of err, or "".
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// Recorder counts the operations clients start, by IAM action. Add its
// Middleware to Options.APIOptions.
type Recorder struct {
	mu sync.Mutex
	n  map[string]int
}

// Middleware registers the recorder on a client's stack.
func (r *Recorder) Middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("shipshape.Recorder",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			r.add(Action(awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)))
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}

func (r *Recorder) add(action string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == nil {
		r.n = map[string]int{}
	}
	r.n[action]++
}

// Actions lists the actions called, sorted.
func (r *Recorder) Actions() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.n))
	for a := range r.n {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Calls is the number of operations started.
func (r *Recorder) Calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	total := 0
	for _, n := range r.n {
		total += n
	}
	return total
}

// Counts returns the number of calls per action.
func (r *Recorder) Counts() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.n))
	for a, n := range r.n {
		out[a] = n
	}
	return out
}
