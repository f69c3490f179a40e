package awsconf

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
)

func TestECRHost(t *testing.T) {
	for host, want := range map[string]string{
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com":      "123456789012 eu-west-1",
		"123456789012.dkr.ecr-fips.us-east-1.amazonaws.com": "123456789012 us-east-1",
		"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn":  "123456789012 cn-north-1",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil": "",
		"public.ecr.aws":                        "",
		"12345.dkr.ecr.eu-west-1.amazonaws.com": "",
		"ghcr.io":                               "",
	} {
		a, r, ok := ECRHost(host)
		got := ""
		if ok {
			got = a + " " + r
		}
		if got != want {
			t.Errorf("%s: %q, want %q", host, got, want)
		}
	}
}

// ecrDouble answers GetAuthorizationToken as ECR does (JSON 1.1).
func ecrDouble(t *testing.T, calls *atomic.Int32) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".GetAuthorizationToken") || !strings.Contains(r.Header.Get("Authorization"), "AKIDEXAMPLE") {
			t.Errorf("unexpected request %s %q", r.Header.Get("X-Amz-Target"), body)
		}
		calls.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		token := base64.StdEncoding.EncodeToString([]byte("AWS:s3cr3t-password"))
		io.WriteString(w, `{"authorizationData":[{"authorizationToken":"`+token+`","proxyEndpoint":"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com","expiresAt":1.9e9}]}`)
	}))
	t.Cleanup(s.Close)
	return s.URL
}

func TestECRKeychain(t *testing.T) {
	var calls atomic.Int32
	url := ecrDouble(t, &calls)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	k := &ECRKeychain{Context: context.Background(), AWS: Options{EndpointURL: url, MaxAttempts: 1}}
	repo, _ := name.NewRepository("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app")
	for i := 0; i < 2; i++ {
		a, err := k.Resolve(repo)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := a.Authorization()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Username != "AWS" || cfg.Password != "s3cr3t-password" {
			t.Errorf("auth %+v", cfg)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("GetAuthorizationToken called %d times, want 1 (cached)", calls.Load())
	}
	other, _ := name.NewRepository("ghcr.io/org/app")
	if a, err := k.Resolve(other); err != nil || a != authn.Anonymous {
		t.Errorf("non-ECR host: %v %v", a, err)
	}
}

func TestECRKeychainWithoutCredentials(t *testing.T) {
	var calls atomic.Int32
	url := ecrDouble(t, &calls)
	for _, v := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		t.Setenv(v, "")
	}
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	k := &ECRKeychain{AWS: Options{EndpointURL: url, MaxAttempts: 1}}
	repo, _ := name.NewRepository("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app")
	_, err := k.Resolve(repo)
	if err == nil || !strings.Contains(err.Error(), "no AWS credentials found") {
		t.Fatalf("%v", err)
	}
	if calls.Load() != 0 {
		t.Errorf("called ECR without credentials")
	}
}
