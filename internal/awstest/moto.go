// Package awstest runs the AWS API emulator moto_server for integration
// tests, on a loopback port the test picks, and gives SDK configurations
// that talk to it. Tests never reach AWS. Where moto_server is not
// installed, tests skip with a message; under CI=true its absence fails
// them, so that integration tests are never skipped silently in CI.
package awstest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"

	"github.com/shipshape/shipshape/internal/awsconf"
)

// Account is the account ID moto acts as.
const Account = "123456789012"

// Credentials are the fake credentials tests use; their values are
// planted so tests can check they never appear in any output.
const (
	AccessKeyID     = "AKIAZZTESTPLANTED01"
	SecretAccessKey = "PLANTEDsecretKEYvalue0123456789abcdefWXYZ"
	SessionToken    = "PLANTEDsessionTOKEN0123456789"
)

// Server is a running moto_server.
type Server struct {
	URL string
	cmd *exec.Cmd
}

var (
	shared     *Server
	sharedErr  error
	sharedOnce sync.Once
)

// Moto returns the package's moto_server, starting it on first use (it is
// stopped when the test binary exits: call Stop from TestMain), with its
// state reset. It skips the test where moto_server is absent, or fails it
// under CI=true.
func Moto(t testing.TB) *Server {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = start() })
	if sharedErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("moto_server is needed by the AWS integration tests under CI=true: %v (install moto[server] 5.2; .ci/run checks for it)", sharedErr)
		}
		t.Skipf("skipping AWS integration test: %v (install moto[server] 5.2 to run it)", sharedErr)
	}
	shared.Reset(t)
	return shared
}

// Stop stops the shared server, if one was started.
func Stop() {
	if shared != nil && shared.cmd != nil && shared.cmd.Process != nil {
		_ = shared.cmd.Process.Kill()
		_ = shared.cmd.Wait()
	}
}

func start() (*Server, error) {
	path, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, fmt.Errorf("moto_server is not on PATH")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting moto_server: %v", err)
	}
	s := &Server{URL: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return s, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, fmt.Errorf("moto_server did not answer on %s within 30s: %s", s.URL, logs.String())
}

// Reset empties moto's state.
func (s *Server) Reset(t testing.TB) {
	t.Helper()
	resp, err := http.Post(s.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatalf("resetting moto: %v", err)
	}
	resp.Body.Close()
}

// Post sends a JSON body to one of moto's own endpoints (canned scan
// findings, state transitions).
func (s *Server) Post(t testing.TB, path, body string) {
	t.Helper()
	resp, err := http.Post(s.URL+path, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatalf("moto %s: %v", path, err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("moto %s: %s", path, resp.Status)
	}
}

// Config is an SDK configuration for endpoint in region, with the planted
// credentials and one attempt per call (moto answers what it lacks with
// 500s, which should fail at once).
func Config(endpoint, region string, apiOptions ...func(*middleware.Stack) error) aws.Config {
	return aws.Config{
		Region:           region,
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, SessionToken),
		RetryMaxAttempts: 1,
		APIOptions:       apiOptions,
	}
}

// RetryingConfig is Config with the retryer shipshape uses (adaptive
// mode, awsconf.DefaultMaxAttempts tries), for tests of throttling.
func RetryingConfig(endpoint, region string, apiOptions ...func(*middleware.Stack) error) aws.Config {
	cfg := Config(endpoint, region, apiOptions...)
	cfg.RetryMaxAttempts = 0
	cfg.Retryer = awsconf.Retryer(awsconf.DefaultMaxAttempts)
	return cfg
}

// Ctx is a context for test calls.
func Ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// Recorder records the API actions clients call (see awsconf.Recorder).
type Recorder = awsconf.Recorder
