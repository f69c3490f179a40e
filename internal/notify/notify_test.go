package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/awstest"
)

// plantedPath is the secret part of the test webhook URLs.
const plantedPath = "/services/T0PLANTED/B0PLANTED/PLANTEDwebhookSECRET0123"

func TestParse(t *testing.T) {
	for _, tc := range []struct{ spec, kind, err string }{
		{"sns:arn:aws:sns:eu-west-1:123456789012:alerts", SNS, ""},
		{"sns:arn:aws:sns:eu-west-1:123456789012:alerts.fifo", SNS, ""},
		{"sns:alerts", "", "want the topic's ARN"},
		{"webhook:https://hooks.slack.com" + plantedPath, Webhook, ""},
		{"webhook:http://127.0.0.1:8080" + plantedPath, Webhook, ""},
		{"webhook:http://hooks.example.com" + plantedPath, "", "use https"},
		{"webhook:hooks.slack.com" + plantedPath, "", "does not parse"},
		{"https://hooks.slack.com" + plantedPath, "", "want sns:TOPIC_ARN or webhook:URL"},
		{"email:me@example.com", "", "want sns:TOPIC_ARN or webhook:URL"},
	} {
		tg, err := Parse(tc.spec)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.spec, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want %q", tc.spec, err, tc.err)
		case err != nil && strings.Contains(err.Error(), "PLANTED"):
			t.Errorf("%s: the error shows the webhook's secret path: %v", tc.spec, err)
		case err == nil && tg.Kind() != tc.kind:
			t.Errorf("%s: kind %s, want %s", tc.spec, tg.Kind(), tc.kind)
		case err == nil && strings.Contains(tg.String(), "PLANTED"):
			t.Errorf("%s: String shows the secret: %s", tc.spec, tg)
		}
	}
}

// hook is a loopback webhook that records what it is sent, answering
// with the statuses given in turn (then 200).
type hook struct {
	mu       sync.Mutex
	statuses []int
	bodies   []string
	types    []string
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	b, _ := io.ReadAll(r.Body)
	h.bodies = append(h.bodies, string(b))
	h.types = append(h.types, r.Header.Get("Content-Type"))
	if len(h.statuses) > 0 {
		code := h.statuses[0]
		h.statuses = h.statuses[1:]
		w.WriteHeader(code)
		// A server echoing the request path, as some do in errors.
		io.WriteString(w, "no such hook "+r.URL.Path)
		return
	}
	io.WriteString(w, "ok")
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestWebhook(t *testing.T) {
	h := &hook{statuses: []int{http.StatusServiceUnavailable}} // retried
	srv := httptest.NewServer(h)
	defer srv.Close()
	tg, err := Parse("webhook:" + srv.URL + plantedPath)
	if err != nil {
		t.Fatal(err)
	}
	s := Summary{Subject: "shipshape aws ecr-scan: 1 of 2 images with CRITICAL findings", Text: "app:1.4  CRITICAL 2  HIGH 1\nweb:2  no findings"}
	if err := Send(ctx(t), []Target{tg}, s, Options{}); err != nil {
		t.Fatal(err)
	}
	if len(h.bodies) != 2 {
		t.Fatalf("%d requests, want 2 (one retry after 503)", len(h.bodies))
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(h.bodies[1]), &body); err != nil {
		t.Fatalf("not JSON: %v: %s", err, h.bodies[1])
	}
	text, _ := body["text"].(string)
	if len(body) != 1 || !strings.Contains(text, s.Subject) || !strings.Contains(text, "app:1.4  CRITICAL 2") || h.types[1] != "application/json" {
		t.Errorf("not a Slack-compatible message: %s (%s)", h.bodies[1], h.types[1])
	}
}

// TestWebhookErrorsMasked checks that failures name the webhook by host
// only, even when the server echoes the path or the connection fails.
func TestWebhookErrorsMasked(t *testing.T) {
	h := &hook{statuses: []int{http.StatusNotFound}}
	srv := httptest.NewServer(h)
	tg, _ := Parse("webhook:" + srv.URL + plantedPath)
	err := Send(ctx(t), []Target{tg}, Summary{Subject: "s", Text: "t"}, Options{})
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("error %v, want a 404", err)
	}
	if strings.Contains(err.Error(), "PLANTED") {
		t.Errorf("error shows the webhook's secret: %v", err)
	}
	srv.Close() // now the connection is refused
	err = Send(ctx(t), []Target{tg}, Summary{Subject: "s", Text: "t"}, Options{})
	if err == nil || strings.Contains(err.Error(), "PLANTED") || !strings.Contains(err.Error(), "webhook:http://127.0.0.1") {
		t.Errorf("connection error %v: want the host named and the path hidden", err)
	}
}

// TestWebhookNoRedirect checks a redirect is not followed (it would carry
// the summary somewhere else).
func TestWebhookNoRedirect(t *testing.T) {
	other := &hook{}
	dst := httptest.NewServer(other)
	defer dst.Close()
	srv := httptest.NewServer(http.RedirectHandler(dst.URL+"/elsewhere", http.StatusTemporaryRedirect))
	defer srv.Close()
	tg, _ := Parse("webhook:" + srv.URL + plantedPath)
	err := Send(ctx(t), []Target{tg}, Summary{Subject: "s", Text: "t"}, Options{})
	if err == nil || !strings.Contains(err.Error(), "307") || len(other.bodies) != 0 {
		t.Errorf("error %v, %d requests followed the redirect", err, len(other.bodies))
	}
}

func TestCut(t *testing.T) {
	text := strings.Repeat("line of text\n", 5000)
	got := cut(text, 1000)
	if len(got) > 1100 || !strings.HasSuffix(got, "more lines)") {
		t.Errorf("cut to %d bytes: ...%s", len(got), got[len(got)-40:])
	}
	if subjectLine("a\nb\u00e9"+strings.Repeat("x", 200)) != "a b "+strings.Repeat("x", 96) {
		t.Errorf("subject %q", subjectLine("a\nb\u00e9"+strings.Repeat("x", 200)))
	}
}

// TestSNS publishes to a topic of moto_server that has an HTTP
// subscription on a loopback server: moto delivers the notification there
// as SNS does.
func TestSNS(t *testing.T) {
	moto := awstest.Moto(t)
	cfg := awstest.Config(moto.URL, "us-east-1")
	// The topic is in another Region than the configuration's: Send calls
	// the topic's Region.
	arn, got := awstest.Topic(t, moto, "eu-west-1", "scan-alerts")
	tg, err := Parse("sns:" + arn)
	if err != nil {
		t.Fatal(err)
	}
	s := Summary{Subject: "shipshape aws ecr-scan: 1 of 2 images with CRITICAL findings", Text: "app:1.4  CRITICAL 2"}
	if err := Send(ctx(t), []Target{tg}, s, Options{AWS: cfg}); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-got:
		if m["Subject"] != s.Subject || !strings.Contains(m["Message"].(string), "app:1.4  CRITICAL 2") {
			t.Errorf("delivered %v", m)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("moto delivered nothing to the subscription")
	}
	// A topic that does not exist is an error naming the topic.
	missing, _ := Parse("sns:arn:aws:sns:eu-west-1:123456789012:nope")
	err = Send(ctx(t), []Target{missing}, s, Options{AWS: cfg})
	if err == nil || !strings.Contains(err.Error(), "sns:arn:aws:sns:eu-west-1:123456789012:nope") {
		t.Errorf("error %v", err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	awstest.Stop()
	os.Exit(code)
}
