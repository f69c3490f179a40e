package awstest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// Topic creates an SNS topic in region with an HTTP subscription on a
// loopback server, to which moto delivers what is published as SNS does
// (a JSON notification with Subject and Message). It returns the topic's
// ARN and the notifications delivered.
func Topic(t testing.TB, s *Server, region, name string) (string, <-chan map[string]any) {
	t.Helper()
	delivered := make(chan map[string]any, 16)
	sub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		if json.NewDecoder(r.Body).Decode(&m) == nil {
			delivered <- m
		}
	}))
	t.Cleanup(sub.Close)
	cl := sns.NewFromConfig(Config(s.URL, region))
	topic, err := cl.CreateTopic(context.Background(), &sns.CreateTopicInput{Name: aws.String(name)})
	if err != nil {
		t.Fatalf("creating SNS topic %s: %v", name, err)
	}
	if _, err := cl.Subscribe(context.Background(), &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String(sub.URL)}); err != nil {
		t.Fatalf("subscribing to SNS topic %s: %v", name, err)
	}
	return aws.ToString(topic.TopicArn), delivered
}
