// Package notify sends the one summary of a run of an aws command to where
// --notify says: an SNS topic (sns:TOPIC_ARN) or a webhook that takes
// Slack-compatible JSON (webhook:URL). A webhook URL is a credential (who
// holds it can post): it never appears in an error or in String; only its
// scheme and host do.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/shipshape/shipshape/internal/awsconf"
)

// Kinds of target.
const (
	SNS     = "sns"
	Webhook = "webhook"
)

// topicARN matches an SNS topic ARN; the Region is the fourth part.
var topicARN = regexp.MustCompile(`^arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$`)

// Target is where a summary goes: parse it with Parse.
type Target struct {
	kind string
	dest string // topic ARN or webhook URL
}

// Parse reads a --notify value: sns:TOPIC_ARN or webhook:URL. A webhook
// must use https, or plain http to a loopback host (tests, local relays).
// Errors never repeat the URL beyond its scheme and host.
func Parse(spec string) (Target, error) {
	kind, dest, _ := strings.Cut(spec, ":")
	switch kind {
	case SNS:
		if !topicARN.MatchString(dest) {
			return Target{}, fmt.Errorf("--notify sns:%s: want the topic's ARN, sns:arn:aws:sns:REGION:ACCOUNT:NAME", dest)
		}
		return Target{kind: SNS, dest: dest}, nil
	case Webhook:
		u, err := url.Parse(dest)
		if err != nil || u.Host == "" {
			return Target{}, errors.New("--notify webhook:URL: the URL does not parse as https://HOST/PATH")
		}
		switch {
		case u.Scheme == "https":
		case u.Scheme == "http" && awsconf.IsLoopback(u.Hostname()):
		default:
			return Target{}, fmt.Errorf("--notify webhook:%s: use https (plain http only to 127.0.0.1, ::1 or localhost)", maskURL(u))
		}
		return Target{kind: Webhook, dest: dest}, nil
	}
	return Target{}, fmt.Errorf("--notify %q: want sns:TOPIC_ARN or webhook:URL", maskSpec(spec))
}

// Kind is SNS or Webhook.
func (t Target) Kind() string { return t.kind }

// String names the target for output: the topic ARN, or the webhook's
// scheme and host only.
func (t Target) String() string {
	if t.kind == Webhook {
		u, _ := url.Parse(t.dest)
		return Webhook + ":" + maskURL(u)
	}
	return t.kind + ":" + t.dest
}

// Secret is what must never be shown of the target (the webhook URL), or
// "" for a topic; hand it to output scrubbers.
func (t Target) Secret() string {
	if t.kind == Webhook {
		return t.dest
	}
	return ""
}

// maskURL keeps the scheme and host of a URL.
func maskURL(u *url.URL) string {
	if u == nil || u.Host == "" {
		return "<url>"
	}
	return u.Scheme + "://" + u.Host + "/***"
}

// maskSpec shows at most the first word of a value that did not parse,
// which may be a URL pasted without its webhook: prefix.
func maskSpec(spec string) string {
	if i := strings.IndexAny(spec, ":/?@"); i >= 0 {
		return spec[:i] + ":***"
	}
	if len(spec) > 16 {
		return spec[:16] + "***"
	}
	return spec
}

// Summary is the one message a run sends.
type Summary struct {
	// Subject is one line, such as "shipshape aws ecr-scan: 2 of 5 images with CRITICAL findings".
	Subject string
	// Text is the body: plain text, one item a line.
	Text string
}

// maxText bounds the body sent (SNS takes 256 KiB, Slack about 40,000
// characters); a longer body is cut at a line.
const maxText = 30000

// maxSubject is SNS's limit on a subject.
const maxSubject = 100

// Options say how summaries are sent.
type Options struct {
	// AWS is the configuration SNS is called with (its Region is replaced
	// by the topic's).
	AWS aws.Config
	// HTTP is the client webhooks are called with; nil is a client with a
	// 15-second timeout. Redirects are never followed.
	HTTP *http.Client
}

// Send sends s to every target, each once, and returns the errors joined;
// they name the targets as String does.
func Send(ctx context.Context, targets []Target, s Summary, o Options) error {
	s.Text = cut(s.Text, maxText)
	var errs []error
	for _, t := range targets {
		var err error
		switch t.kind {
		case SNS:
			err = sendSNS(ctx, t, s, o.AWS)
		case Webhook:
			err = sendWebhook(ctx, t, s, o.HTTP)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("--notify %s: %s", t, scrub(err.Error(), t.dest)))
		}
	}
	return errors.Join(errs...)
}

// scrub removes the destination from an error message, should one carry
// it: the whole URL, and its path, query and user information (a server
// may echo the path it was called on).
func scrub(msg, dest string) string {
	parts := []string{dest}
	if u, err := url.Parse(dest); err == nil {
		parts = append(parts, u.User.String(), u.RawQuery, u.EscapedPath(), u.Path)
	}
	for _, p := range parts {
		if len(p) >= 6 {
			msg = strings.ReplaceAll(msg, p, "***")
		}
	}
	return msg
}

func sendSNS(ctx context.Context, t Target, s Summary, cfg aws.Config) error {
	region := topicARN.FindStringSubmatch(t.dest)[1]
	cl := sns.NewFromConfig(cfg, func(o *sns.Options) { o.Region = region })
	subject := subjectLine(s.Subject)
	in := &sns.PublishInput{TopicArn: aws.String(t.dest), Message: aws.String(s.Subject + "\n\n" + s.Text)}
	if subject != "" {
		in.Subject = aws.String(subject)
	}
	if strings.HasSuffix(t.dest, ".fifo") {
		in.MessageGroupId = aws.String("shipshape")
	}
	if _, err := cl.Publish(ctx, in); err != nil {
		return errors.New(awsconf.Describe(err))
	}
	return nil
}

// subjectLine makes a subject SNS accepts: printable ASCII, at most 100
// characters, no line break.
func subjectLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			r = ' '
		}
		if b.Len() == maxSubject {
			break
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// webhookBody is the JSON Slack incoming webhooks (and Mattermost, Teams
// workflows, Discord's /slack endpoint, ...) accept.
type webhookBody struct {
	Text string `json:"text"`
}

func sendWebhook(ctx context.Context, t Target, s Summary, client *http.Client) error {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	body, err := json.Marshal(webhookBody{Text: "*" + s.Subject + "*\n" + s.Text})
	if err != nil {
		return err
	}
	const attempts = 3
	delay := 500 * time.Millisecond
	for i := 1; ; i++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.dest, bytes.NewReader(body))
		if err != nil {
			return errors.New("cannot build the request")
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // url.Error repeats the whole URL
			}
			return err
		}
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			return nil
		case (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500) && i < attempts:
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(delay):
			}
			delay *= 2
			continue
		}
		return fmt.Errorf("answered %s: %s", resp.Status, printable(snippet))
	}
}

// printable keeps a short, single-line, valid-UTF-8 excerpt of a response.
func printable(b []byte) string {
	s := strings.ToValidUTF8(string(b), "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// cut shortens text to at most n bytes at a line end, saying how much was
// left out.
func cut(text string, n int) string {
	if len(text) <= n {
		return text
	}
	keep := text[:n]
	for !utf8.ValidString(keep) {
		keep = keep[:len(keep)-1]
	}
	if i := strings.LastIndexByte(keep, '\n'); i > 0 {
		keep = keep[:i]
	}
	return keep + fmt.Sprintf("\n... (%d more lines)", strings.Count(text[len(keep):], "\n"))
}
