// Package execaudit reads who used ECS Exec: the ExecuteCommand events of
// CloudTrail, from the LookupEvents API (the last 90 days of a Region) or
// from the log files CloudTrail delivers to S3, and says for each one who
// ran which command in which container, whether AWS allowed it, and
// whether the principal is on the exec_allowlist of .shipshape.yaml.
package execaudit

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shipshape/shipshape/internal/secrets"
)

// Event is one ExecuteCommand call.
type Event struct {
	// Time is when the call was made.
	Time time.Time `json:"time"`
	// ID is CloudTrail's event ID.
	ID string `json:"eventId"`
	// Account is the account the call was made in, Region its Region.
	Account string `json:"account"`
	Region  string `json:"region"`
	// Principal is a short name of who called: "assumed-role/Admin/alice",
	// "user/bob", "root".
	Principal string `json:"principal"`
	// PrincipalType is CloudTrail's userIdentity.type (AssumedRole, IAMUser, Root, ...).
	PrincipalType string `json:"principalType"`
	// ARN is the caller's ARN; RoleARN the role a session was assumed from.
	ARN     string `json:"arn,omitempty"`
	RoleARN string `json:"roleArn,omitempty"`
	// SourceIP and UserAgent are where the call came from.
	SourceIP  string `json:"sourceIp,omitempty"`
	UserAgent string `json:"userAgent,omitempty"`
	// Cluster, Task and Container say where the command ran.
	Cluster   string `json:"cluster,omitempty"`
	Task      string `json:"task,omitempty"`
	Container string `json:"container,omitempty"`
	// Command is the command, with secret-looking values masked.
	Command string `json:"command,omitempty"`
	// Interactive is the call's interactive flag, when it was given.
	Interactive *bool `json:"interactive,omitempty"`
	// Allowed is false when AWS refused the call (ErrorCode says why).
	Allowed      bool   `json:"allowed"`
	ErrorCode    string `json:"errorCode,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
	// Allowlisted says whether the principal is on exec_allowlist;
	// AllowlistEntry is the entry that matched.
	Allowlisted    bool   `json:"allowlisted"`
	AllowlistEntry string `json:"allowlistEntry,omitempty"`
	// Source is where the event was read: "cloudtrail:LookupEvents REGION" or a file.
	Source string `json:"source"`
}

// record is the part of a CloudTrail record an ExecuteCommand event needs.
type record struct {
	EventTime    string `json:"eventTime"`
	EventSource  string `json:"eventSource"`
	EventName    string `json:"eventName"`
	EventID      string `json:"eventID"`
	AWSRegion    string `json:"awsRegion"`
	SourceIP     string `json:"sourceIPAddress"`
	UserAgent    string `json:"userAgent"`
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
	Recipient    string `json:"recipientAccountId"`
	UserIdentity struct {
		Type           string `json:"type"`
		ARN            string `json:"arn"`
		AccountID      string `json:"accountId"`
		UserName       string `json:"userName"`
		InvokedBy      string `json:"invokedBy"`
		SessionContext struct {
			SessionIssuer struct {
				Type     string `json:"type"`
				ARN      string `json:"arn"`
				UserName string `json:"userName"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	RequestParameters struct {
		Cluster     string `json:"cluster"`
		Task        string `json:"task"`
		Container   string `json:"container"`
		Command     string `json:"command"`
		Interactive *bool  `json:"interactive"`
	} `json:"requestParameters"`
	ResponseElements struct {
		ClusterArn    string `json:"clusterArn"`
		TaskArn       string `json:"taskArn"`
		ContainerName string `json:"containerName"`
	} `json:"responseElements"`
}

// IsExec reports whether a CloudTrail record is an ECS ExecuteCommand call.
func (r *record) IsExec() bool {
	return r.EventName == "ExecuteCommand" && (r.EventSource == "" || r.EventSource == "ecs.amazonaws.com")
}

// parseRecord decodes one CloudTrail record. ok is false for records of
// other calls.
func parseRecord(data []byte, source string, det *secrets.Detector) (ev Event, ok bool, err error) {
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return Event{}, false, fmt.Errorf("a record is not valid JSON: %v", err)
	}
	if !r.IsExec() {
		return Event{}, false, nil
	}
	t, err := time.Parse(time.RFC3339, r.EventTime)
	if err != nil {
		return Event{}, false, fmt.Errorf("event %s: eventTime %q is not an RFC 3339 time", r.EventID, r.EventTime)
	}
	id := r.UserIdentity
	ev = Event{
		Time: t.UTC(), ID: r.EventID, Account: first(r.Recipient, id.AccountID), Region: r.AWSRegion,
		PrincipalType: id.Type, ARN: id.ARN, SourceIP: r.SourceIP, UserAgent: r.UserAgent,
		Cluster:   first(r.ResponseElements.ClusterArn, r.RequestParameters.Cluster),
		Task:      first(r.ResponseElements.TaskArn, r.RequestParameters.Task),
		Container: first(r.ResponseElements.ContainerName, r.RequestParameters.Container),
		Command:   maskCommand(r.RequestParameters.Command, det), Interactive: r.RequestParameters.Interactive,
		Allowed: r.ErrorCode == "", ErrorCode: r.ErrorCode, ErrorMessage: r.ErrorMessage, Source: source,
	}
	if iss := id.SessionContext.SessionIssuer; iss.ARN != "" && strings.EqualFold(iss.Type, "Role") {
		ev.RoleARN = iss.ARN
	}
	ev.Principal = shortPrincipal(id.Type, id.ARN, id.UserName, id.InvokedBy)
	return ev, true, nil
}

// shortPrincipal names a caller without its account: the resource part of
// its ARN.
func shortPrincipal(typ, arn, user, invokedBy string) string {
	if typ == "Root" {
		return "root"
	}
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 {
		return parts[5]
	}
	switch {
	case user != "":
		return user
	case invokedBy != "":
		return invokedBy
	case typ != "":
		return typ
	}
	return "unknown principal"
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// maskCommand masks the words of a command that hold secrets (see
// secrets.Detector.MaskCommand).
func maskCommand(cmd string, det *secrets.Detector) string {
	if det == nil || cmd == "" {
		return cmd
	}
	words, changed := det.MaskCommand(strings.Fields(cmd))
	if !changed {
		return cmd
	}
	return strings.Join(words, " ")
}
