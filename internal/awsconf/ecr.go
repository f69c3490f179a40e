package awsconf

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/authn"
)

// ecrHostRe matches ECR registry hosts: the account, the Region and the
// partition's domain (FIPS endpoints included).
var ecrHostRe = regexp.MustCompile(`^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$`)

// ECRHost returns the account and Region of an Amazon ECR registry host
// (ACCOUNT.dkr.ecr.REGION.amazonaws.com), and whether it is one.
func ECRHost(registry string) (account, region string, ok bool) {
	m := ecrHostRe.FindStringSubmatch(strings.ToLower(registry))
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// ECRKeychain gives registry credentials for Amazon ECR hosts from ECR's
// GetAuthorizationToken, called with the configuration Load builds (the
// standard credential chain, or the profile, role and endpoint of AWS);
// the Region is the host's. Other registries resolve to anonymous, so
// that it can follow another keychain in authn.NewMultiKeychain. Tokens
// are kept for the life of the keychain (they last 12 hours).
type ECRKeychain struct {
	// Context bounds the AWS calls (default context.Background()).
	Context context.Context
	// AWS says where credentials and endpoints come from; its Region is
	// replaced by the registry host's.
	AWS Options

	mu     sync.Mutex
	tokens map[string]authn.AuthConfig
}

// Resolve implements authn.Keychain.
func (k *ECRKeychain) Resolve(res authn.Resource) (authn.Authenticator, error) {
	host := res.RegistryStr()
	account, region, ok := ECRHost(host)
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

func (k *ECRKeychain) token(account, region string) (authn.AuthConfig, error) {
	ctx := k.Context
	if ctx == nil {
		ctx = context.Background()
	}
	o := k.AWS
	o.Region = region
	cfg, err := Load(ctx, o)
	if err != nil {
		return authn.AuthConfig{}, err
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return authn.AuthConfig{}, fmt.Errorf("no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is available): %s", Describe(err))
	}
	out, err := ecr.NewFromConfig(cfg).GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		return authn.AuthConfig{}, fmt.Errorf("ecr:GetAuthorizationToken: %s", Describe(err))
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
