// Package ecrauth gives registry credentials for Amazon ECR hosts
// (ACCOUNT.dkr.ecr.REGION.amazonaws.com) from ECR's GetAuthorizationToken,
// called with the AWS SDK's standard credential chain (environment,
// shared config and credentials files, SSO, web identity, container and
// instance roles).
package ecrauth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/authn"
)

// hostRe matches ECR registry hosts: the account, the Region and the
// partition's domain (FIPS endpoints included).
var hostRe = regexp.MustCompile(`^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$`)

// Host returns the account and Region of an ECR registry host, and whether
// it is one.
func Host(registry string) (account, region string, ok bool) {
	m := hostRe.FindStringSubmatch(strings.ToLower(registry))
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// Keychain resolves ECR hosts to the credentials of a fresh authorization
// token; other registries resolve to anonymous, so that it can follow
// another keychain in authn.NewMultiKeychain.
type Keychain struct {
	// Context bounds the AWS calls (default context.Background()).
	Context context.Context
	// Options adjust the loaded AWS configuration (tests point the
	// endpoint at a local server).
	Options []func(*config.LoadOptions) error

	mu     sync.Mutex
	tokens map[string]authn.AuthConfig
}

// Resolve implements authn.Keychain.
func (k *Keychain) Resolve(res authn.Resource) (authn.Authenticator, error) {
	host := res.RegistryStr()
	account, region, ok := Host(host)
	if !ok {
		return authn.Anonymous, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if ac, ok := k.tokens[host]; ok {
		return authn.FromConfig(ac), nil
	}
	ac, err := k.token(account, region)
	if err != nil {
		return nil, fmt.Errorf("ECR credentials for %s: %w", host, err)
	}
	if k.tokens == nil {
		k.tokens = map[string]authn.AuthConfig{}
	}
	k.tokens[host] = ac
	return authn.FromConfig(ac), nil
}

func (k *Keychain) token(account, region string) (authn.AuthConfig, error) {
	ctx := k.Context
	if ctx == nil {
		ctx = context.Background()
	}
	opts := append([]func(*config.LoadOptions) error{config.WithRegion(region)}, k.Options...)
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return authn.AuthConfig{}, fmt.Errorf("loading AWS configuration: %v", err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return authn.AuthConfig{}, fmt.Errorf("no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is available): %v", err)
	}
	out, err := ecr.NewFromConfig(cfg).GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		return authn.AuthConfig{}, fmt.Errorf("ecr:GetAuthorizationToken: %v", err)
	}
	if len(out.AuthorizationData) == 0 {
		return authn.AuthConfig{}, fmt.Errorf("ecr:GetAuthorizationToken returned no token for account %s", account)
	}
	raw, err := base64.StdEncoding.DecodeString(aws.ToString(out.AuthorizationData[0].AuthorizationToken))
	if err != nil {
		return authn.AuthConfig{}, errors.New("ecr:GetAuthorizationToken returned a token that is not base64")
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return authn.AuthConfig{}, errors.New("ecr:GetAuthorizationToken returned a token that is not USER:PASSWORD")
	}
	return authn.AuthConfig{Username: user, Password: pass}, nil
}
