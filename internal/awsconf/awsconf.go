// Package awsconf loads AWS SDK configuration the way every AWS tool does:
// the standard credential chain, a named profile, a Region, an assumed role
// with an external ID, and an endpoint override for emulators and private
// endpoints. It is small on purpose so that every command that talks to AWS
// (the account audit, ECR scans, registry authentication) loads credentials
// the same way. Calls retry with the SDK's adaptive mode, which backs off
// when AWS throttles.
package awsconf

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// Options say where credentials and endpoints come from.
type Options struct {
	// Profile is a named profile of the shared config files ("" for the default chain).
	Profile string
	// Region is the Region clients call ("" for the profile's or AWS_REGION).
	Region string
	// RoleARN, when set, is assumed with the loaded credentials.
	RoleARN string
	// ExternalID is passed when assuming RoleARN.
	ExternalID string
	// SessionName names the assumed-role session (default "shipshape").
	SessionName string
	// EndpointURL sends every call to one endpoint (an emulator or a
	// private endpoint); see CheckEndpoint.
	EndpointURL string
	// MaxAttempts bounds retries (default 8: throttled calls back off and try again).
	MaxAttempts int
	// APIOptions are extra middleware for every client (the recorder, test doubles).
	APIOptions []func(*middleware.Stack) error
}

// DefaultMaxAttempts is how often a call is tried before its error is reported.
const DefaultMaxAttempts = 8

// CheckEndpoint accepts an https URL, or an http URL whose host is a
// loopback address (an emulator on this machine): credentials are signed
// into every request and plain HTTP elsewhere would expose the calls.
func CheckEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--endpoint-url %q is not a URL such as https://vpce.example.com or http://127.0.0.1:5000", Redact(raw))
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("--endpoint-url %s uses plain HTTP to a host that is not loopback; use https (plain HTTP is allowed only for emulators on 127.0.0.1, ::1 or localhost)", Redact(raw))
	}
	return fmt.Errorf("--endpoint-url %s: scheme %q is not http or https", Redact(raw), u.Scheme)
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Redact drops the user information, query and fragment of a URL, which
// may hold credentials or tokens.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "<url>"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

// Retryer makes the retryer every client uses: the SDK's adaptive mode,
// which backs off on throttling errors and slows its own sending rate,
// with at most attempts tries per call.
func Retryer(attempts int) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewAdaptiveMode(func(ao *retry.AdaptiveModeOptions) {
			ao.StandardOptions = append(ao.StandardOptions, func(so *retry.StandardOptions) { so.MaxAttempts = attempts })
		})
	}
}

// Load builds an SDK configuration from o.
func Load(ctx context.Context, o Options) (aws.Config, error) {
	if o.EndpointURL != "" {
		if err := CheckEndpoint(o.EndpointURL); err != nil {
			return aws.Config{}, err
		}
	}
	attempts := o.MaxAttempts
	if attempts <= 0 {
		attempts = DefaultMaxAttempts
	}
	loaders := []func(*config.LoadOptions) error{config.WithRetryer(Retryer(attempts))}
	if o.Profile != "" {
		loaders = append(loaders, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Region != "" {
		loaders = append(loaders, config.WithRegion(o.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loaders...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %s", Describe(err))
	}
	if o.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(o.EndpointURL)
	}
	cfg.APIOptions = append(cfg.APIOptions, o.APIOptions...)
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if o.RoleARN != "" {
		cfg = AssumeRole(cfg, o.RoleARN, o.ExternalID, o.SessionName)
	}
	return cfg, nil
}

// AssumeRole returns cfg with credentials of roleARN, assumed (and renewed)
// with cfg's credentials.
func AssumeRole(cfg aws.Config, roleARN, externalID, session string) aws.Config {
	if session == "" {
		session = "shipshape"
	}
	client := sts.NewFromConfig(cfg)
	prov := stscreds.NewAssumeRoleProvider(client, roleARN, func(ao *stscreds.AssumeRoleOptions) {
		ao.RoleSessionName = session
		if externalID != "" {
			ao.ExternalID = aws.String(externalID)
		}
	})
	out := cfg.Copy()
	out.Credentials = aws.NewCredentialsCache(prov)
	return out
}

// WithRegion returns a copy of cfg for another Region.
func WithRegion(cfg aws.Config, region string) aws.Config {
	out := cfg.Copy()
	out.Region = region
	return out
}

// Describe is an error's text fit for users: the SDK's request IDs and
// HTTP details are dropped, and nothing of the credentials is kept.
func Describe(err error) string {
	if err == nil {
		return ""
	}
	var ae interface {
		ErrorCode() string
		ErrorMessage() string
	}
	if errors.As(err, &ae) {
		msg := ae.ErrorMessage()
		if msg == "" {
			return ae.ErrorCode()
		}
		return ae.ErrorCode() + ": " + msg
	}
	return err.Error()
}
