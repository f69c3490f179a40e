package cli

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/notify"
	"github.com/shipshape/shipshape/internal/termsafe"
)

// notifyFlag is --notify of the aws commands: where the run's one summary
// goes.
type notifyFlag struct {
	specs   []string
	targets []notify.Target
}

func (n *notifyFlag) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&n.specs, "notify", nil, "send a summary to `TARGET`: sns:TOPIC_ARN or webhook:URL (Slack-compatible JSON; repeatable)")
}

// parse checks every --notify value; call it before anything is read.
func (n *notifyFlag) parse() error {
	for _, spec := range n.specs {
		t, err := notify.Parse(spec)
		if err != nil {
			return usageError("%v", err)
		}
		n.targets = append(n.targets, t)
	}
	return nil
}

// secrets are what must never be shown of the targets (webhook URLs).
func (n *notifyFlag) secrets() []string {
	var out []string
	for _, t := range n.targets {
		if s := t.Secret(); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// needsAWS reports whether a target is called through AWS (SNS).
func (n *notifyFlag) needsAWS() bool {
	for _, t := range n.targets {
		if t.Kind() == notify.SNS {
			return true
		}
	}
	return false
}

// send sends the summary to every target; a failure is written to
// standard error (scrubbed) and reported as false.
func (n *notifyFlag) send(ctx context.Context, s Streams, cfg aws.Config, scrub *scrubber, sum notify.Summary) bool {
	if len(n.targets) == 0 {
		return true
	}
	if err := notify.Send(ctx, n.targets, sum, notify.Options{AWS: cfg}); err != nil {
		fmt.Fprintln(s.Err, "shipshape: "+termsafe.String(scrub.text(err.Error())))
		return false
	}
	return true
}
