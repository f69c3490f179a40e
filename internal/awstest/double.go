package awstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Double is a loopback HTTP server that speaks the wire protocols of the
// AWS APIs moto lacks or serves unfaithfully, with answers shaped as the
// AWS API reference documents them: CloudTrail LookupEvents (JSON 1.1,
// paginated with NextToken), GuardDuty ListDetectors and GetDetector
// (REST-JSON, with features), Inspector2 BatchGetAccountStatus (REST-JSON).
// Every other call goes to Fallback (moto) when it is set; moto's ECS task
// answers are fixed on the way as FixMotoTasks does. It can answer
// any call, its own or moto's, with AccessDeniedException or, a number of
// times, with ThrottlingException, and it records the calls it receives.
type Double struct {
	// URL is the server's address.
	URL string
	// Fallback is where calls the double does not answer go ("": they fail).
	Fallback string

	mu sync.Mutex
	// Events are CloudTrail records (JSON objects) LookupEvents serves,
	// newest first as AWS returns them.
	events []string
	// PageSize is how many events a LookupEvents page holds (default 50).
	pageSize int
	// detectors are GuardDuty detectors: ID -> GetDetector answer (nil: moto answers).
	detectors map[string]string
	// inspector is the BatchGetAccountStatus answer ("": moto answers).
	inspector string
	deny      map[string]bool
	throttle  map[string]int
	paginate  map[string]string
	answers   []answer
	calls     []Call
}

// answer is a canned answer to the calls of an action whose request body
// holds a string.
type answer struct{ action, match, body string }

// Call is a call the double received.
type Call struct {
	// Action is the IAM action: "cloudtrail:LookupEvents".
	Action string
	// Time is when it arrived.
	Time time.Time
	// Body is the request's body.
	Body []byte
	// Answer is the HTTP status the double gave, 0 when it was passed on.
	Answer int
}

// NewDouble starts a double on loopback, stopped when the test ends.
// fallback is moto's URL, or "".
func NewDouble(t testing.TB, fallback string) *Double {
	t.Helper()
	d := &Double{Fallback: fallback, pageSize: 50, deny: map[string]bool{}, throttle: map[string]int{}, paginate: map[string]string{}}
	var proxy *httputil.ReverseProxy
	if fallback != "" {
		u, err := url.Parse(fallback)
		if err != nil {
			t.Fatal(err)
		}
		proxy = httputil.NewSingleHostReverseProxy(u)
		proxy.ModifyResponse = func(resp *http.Response) error {
			target := resp.Request.Header.Get("X-Amz-Target")
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(target, "AmazonEC2ContainerServiceV") || !taskOperations[target[strings.LastIndex(target, ".")+1:]] {
				return nil
			}
			data, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			fixed := quoteTaskNumbers(data)
			resp.Body = io.NopCloser(bytes.NewReader(fixed))
			resp.ContentLength = int64(len(fixed))
			resp.Header.Set("Content-Length", strconv.Itoa(len(fixed)))
			return nil
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 16<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
		status := d.serve(w, r, body)
		if status == 0 && proxy != nil {
			if act, _ := action(r); d.pageField(act) != "" {
				d.page(w, r, body, d.pageField(act))
				return
			}
		}
		if status == 0 {
			if proxy == nil {
				writeJSONError(w, "application/x-amz-json-1.1", http.StatusNotFound, "UnknownOperationException", "the test double has no answer for this call")
				return
			}
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	d.URL = srv.URL
	return d
}

// SetEvents sets the CloudTrail records LookupEvents serves (newest
// first) and the page size.
func (d *Double) SetEvents(pageSize int, records ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.events, d.pageSize = records, pageSize
}

// SetDetector makes the double answer GuardDuty with this detector:
// GetDetector's answer body (JSON) by detector ID.
func (d *Double) SetDetector(id, getDetector string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.detectors == nil {
		d.detectors = map[string]string{}
	}
	d.detectors[id] = getDetector
}

// SetInspector makes the double answer BatchGetAccountStatus with body.
func (d *Double) SetInspector(body string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.inspector = body
}

// Deny answers every call of action with AccessDeniedException.
func (d *Double) Deny(action string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.deny[action] = true
}

// Throttle answers the next n calls of action with ThrottlingException.
func (d *Double) Throttle(action string, n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.throttle[action] = n
}

// Answer makes the double answer the calls of action (a JSON 1.1 call,
// such as "ecs:DescribeTasks") whose request body contains match ("" for
// every call) with body, for answers moto cannot give (enhanced scan
// findings, tasks with image digests). Later answers come first.
func (d *Double) Answer(action, match, body string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.answers = append([]answer{{action, match, body}}, d.answers...)
}

// canned returns the answer set for a call, if any (d.mu held).
func (d *Double) canned(action string, body []byte) (string, bool) {
	for _, a := range d.answers {
		if a.action == action && bytes.Contains(body, []byte(a.match)) {
			return a.body, true
		}
	}
	return "", false
}

// Paginate makes the double cut fallback's answers to action (a JSON 1.1
// list call, such as "ecs:ListClusters") into pages of the request's
// maxResults, following its own nextToken, for APIs whose emulation
// returns everything at once. field is the answer's list member
// ("clusterArns").
func (d *Double) Paginate(action, field string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.paginate[action] = field
}

func (d *Double) pageField(action string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.paginate[action]
}

// page asks the fallback for everything and answers one page of it.
func (d *Double) page(w http.ResponseWriter, r *http.Request, body []byte, field string) {
	const ctype = "application/x-amz-json-1.1"
	var in map[string]any
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSONError(w, ctype, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	size, _ := in["maxResults"].(float64)
	token, _ := in["nextToken"].(string)
	delete(in, "maxResults")
	delete(in, "nextToken")
	all, _ := json.Marshal(in)
	req, err := http.NewRequestWithContext(r.Context(), r.Method, d.Fallback+r.URL.Path, bytes.NewReader(all))
	if err != nil {
		writeJSONError(w, ctype, http.StatusInternalServerError, "InternalFailure", err.Error())
		return
	}
	for k, v := range r.Header {
		if k != "Content-Length" {
			req.Header[k] = v
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		writeJSONError(w, ctype, http.StatusBadGateway, "InternalFailure", err.Error())
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if resp.StatusCode != http.StatusOK || json.Unmarshal(answer, &out) != nil {
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		w.Write(answer)
		return
	}
	list, _ := out[field].([]any)
	from := 0
	if token != "" {
		from, err = strconv.Atoi(strings.TrimPrefix(token, "page-"))
		if err != nil || from > len(list) {
			writeJSONError(w, ctype, http.StatusBadRequest, "InvalidParameterException", "invalid nextToken")
			return
		}
	}
	to := len(list)
	if size > 0 {
		to = min(from+int(size), len(list))
	}
	out[field] = list[from:to]
	delete(out, "nextToken")
	if to < len(list) {
		out["nextToken"] = "page-" + strconv.Itoa(to)
	}
	writeJSON(w, ctype, out)
}

// Calls returns the calls received, in order.
func (d *Double) Calls() []Call {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Call(nil), d.calls...)
}

// CallsOf returns the calls of one action.
func (d *Double) CallsOf(action string) []Call {
	var out []Call
	for _, c := range d.Calls() {
		if c.Action == action {
			out = append(out, c)
		}
	}
	return out
}

// scopeRe finds the signing service in a SigV4 Authorization header.
var scopeRe = regexp.MustCompile(`Credential=[^/]+/[0-9]{8}/[^/]+/([^/]+)/aws4_request`)

// action names the IAM action of a request, and whether it uses a JSON
// protocol (whose errors the double can write).
func action(r *http.Request) (string, string) {
	m := scopeRe.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		return "", ""
	}
	service := m[1]
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		return service + ":" + target[strings.LastIndex(target, ".")+1:], "application/x-amz-json-1.1"
	}
	switch {
	case service == "guardduty" && r.Method == http.MethodGet && r.URL.Path == "/detector":
		return "guardduty:ListDetectors", "application/json"
	case service == "guardduty" && r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/detector/") && strings.Count(r.URL.Path, "/") == 2:
		return "guardduty:GetDetector", "application/json"
	case service == "inspector2" && r.URL.Path == "/status/batch/get":
		return "inspector2:BatchGetAccountStatus", "application/json"
	}
	return service + ":" + r.Method + " " + r.URL.Path, ""
}

// serve answers a request, or returns 0 to pass it on.
func (d *Double) serve(w http.ResponseWriter, r *http.Request, body []byte) int {
	act, ctype := action(r)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if form, err := url.ParseQuery(string(body)); err == nil && form.Get("Action") != "" {
			act = act[:strings.IndexByte(act, ':')+1] + form.Get("Action") // query protocol (STS, SNS)
		}
	}
	d.mu.Lock()
	ans, hasAnswer := d.canned(act, body)
	call := Call{Action: act, Time: time.Now(), Body: body}
	status := 0
	switch {
	case ctype != "" && d.deny[act]:
		status = http.StatusBadRequest
		if ctype == "application/json" {
			status = http.StatusForbidden
		}
		writeJSONError(w, ctype, status, "AccessDeniedException", "User: arn:aws:sts::"+Account+":assumed-role/audit/"+AccessKeyID+" is not authorized to perform: "+act)
	case ctype != "" && d.throttle[act] > 0:
		d.throttle[act]--
		status = http.StatusBadRequest
		if ctype == "application/json" {
			status = http.StatusTooManyRequests
		}
		writeJSONError(w, ctype, status, "ThrottlingException", "Rate exceeded")
	case ctype != "" && hasAnswer:
		status = writeRaw(w, ctype, ans)
	case act == "cloudtrail:LookupEvents":
		status = d.lookupEvents(w, body)
	case act == "guardduty:ListDetectors" && d.detectors != nil:
		ids := make([]string, 0, len(d.detectors))
		for id := range d.detectors {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		status = writeJSON(w, ctype, map[string]any{"detectorIds": ids})
	case act == "guardduty:GetDetector" && d.detectors != nil:
		id := strings.TrimPrefix(r.URL.Path, "/detector/")
		if ans, ok := d.detectors[id]; ok {
			status = writeRaw(w, ctype, ans)
		} else {
			status = http.StatusBadRequest
			writeJSONError(w, ctype, status, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.")
		}
	case act == "inspector2:BatchGetAccountStatus" && d.inspector != "":
		status = writeRaw(w, ctype, d.inspector)
	}
	call.Answer = status
	d.calls = append(d.calls, call)
	d.mu.Unlock()
	return status
}

// lookupEvents answers LookupEvents: the events in the request's time
// window, a page at a time, with a NextToken while more remain.
func (d *Double) lookupEvents(w http.ResponseWriter, body []byte) int {
	const ctype = "application/x-amz-json-1.1"
	var in struct {
		LookupAttributes []struct{ AttributeKey, AttributeValue string }
		StartTime        *float64
		EndTime          *float64
		MaxResults       int
		NextToken        string
	}
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSONError(w, ctype, http.StatusBadRequest, "InvalidLookupAttributesException", err.Error())
		return http.StatusBadRequest
	}
	if in.MaxResults > 50 {
		writeJSONError(w, ctype, http.StatusBadRequest, "InvalidMaxResultsException", "MaxResults must be at most 50")
		return http.StatusBadRequest
	}
	var keep []map[string]any
	for _, rec := range d.events {
		var ev struct {
			EventID, EventName, EventSource, EventTime string
			UserIdentity                               struct{ AccessKeyID, UserName string } `json:"userIdentity"`
		}
		if err := json.Unmarshal([]byte(rec), &ev); err != nil {
			panic(fmt.Sprintf("awstest: bad CloudTrail record: %v", err))
		}
		t, _ := time.Parse(time.RFC3339, ev.EventTime)
		if (in.StartTime != nil && float64(t.Unix()) < *in.StartTime) || (in.EndTime != nil && float64(t.Unix()) > *in.EndTime) {
			continue
		}
		match := true
		for _, a := range in.LookupAttributes {
			match = match && (a.AttributeKey != "EventName" || a.AttributeValue == ev.EventName)
		}
		if !match {
			continue
		}
		keep = append(keep, map[string]any{
			"EventId": ev.EventID, "EventName": ev.EventName, "ReadOnly": "false", "AccessKeyId": ev.UserIdentity.AccessKeyID,
			"EventTime": t.Unix(), "EventSource": ev.EventSource, "Username": ev.UserIdentity.UserName,
			"Resources": []any{}, "CloudTrailEvent": rec,
		})
	}
	size := d.pageSize
	if in.MaxResults > 0 && in.MaxResults < size {
		size = in.MaxResults
	}
	from := 0
	if in.NextToken != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(in.NextToken, "page-"))
		if err != nil || n > len(keep) {
			writeJSONError(w, ctype, http.StatusBadRequest, "InvalidNextTokenException", "invalid NextToken")
			return http.StatusBadRequest
		}
		from = n
	}
	to := min(from+size, len(keep))
	out := map[string]any{"Events": append([]map[string]any{}, keep[from:to]...)}
	if to < len(keep) {
		out["NextToken"] = "page-" + strconv.Itoa(to)
	}
	return writeJSON(w, ctype, out)
}

func writeJSON(w http.ResponseWriter, ctype string, v any) int {
	data, _ := json.Marshal(v)
	return writeRaw(w, ctype, string(data))
}

func writeRaw(w http.ResponseWriter, ctype, body string) int {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Amzn-RequestId", "00000000-0000-0000-0000-000000000000")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, body)
	return http.StatusOK
}

// writeJSONError writes an AWS JSON error: the code in X-Amzn-ErrorType and
// in the body's __type, as the JSON 1.1 and REST-JSON protocols do.
func writeJSONError(w http.ResponseWriter, ctype string, status int, code, msg string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Amzn-ErrorType", code)
	w.Header().Set("X-Amzn-RequestId", "00000000-0000-0000-0000-000000000000")
	w.WriteHeader(status)
	data, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
	w.Write(data)
}

// ExecRecord is a CloudTrail record of an ECS ExecuteCommand call, as
// CloudTrail writes it, by an assumed-role session (roleName/session) or,
// when session is "", by the IAM user roleName. errorCode "" is a call
// that was allowed.
func ExecRecord(id string, at time.Time, region, roleName, session, sourceIP, command, errorCode string) string {
	identity := map[string]any{
		"type": "IAMUser", "principalId": "AIDAEXAMPLE" + id, "arn": "arn:aws:iam::" + Account + ":user/" + roleName,
		"accountId": Account, "accessKeyId": AccessKeyID, "userName": roleName,
	}
	if session != "" {
		identity = map[string]any{
			"type": "AssumedRole", "principalId": "AROAEXAMPLE:" + session,
			"arn": "arn:aws:sts::" + Account + ":assumed-role/" + roleName + "/" + session, "accountId": Account, "accessKeyId": AccessKeyID,
			"sessionContext": map[string]any{
				"sessionIssuer": map[string]any{"type": "Role", "principalId": "AROAEXAMPLE", "arn": "arn:aws:iam::" + Account + ":role/" + roleName, "accountId": Account, "userName": roleName},
				"attributes":    map[string]any{"creationDate": at.Add(-time.Hour).UTC().Format(time.RFC3339), "mfaAuthenticated": "false"},
			},
		}
	}
	cluster := "arn:aws:ecs:" + region + ":" + Account + ":cluster/prod"
	task := "arn:aws:ecs:" + region + ":" + Account + ":task/prod/0123456789abcdef0123456789abcdef"
	rec := map[string]any{
		"eventVersion": "1.09", "userIdentity": identity, "eventTime": at.UTC().Format(time.RFC3339),
		"eventSource": "ecs.amazonaws.com", "eventName": "ExecuteCommand", "awsRegion": region,
		"sourceIPAddress": sourceIP, "userAgent": "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 command/ecs.execute-command",
		"requestParameters": map[string]any{"cluster": "prod", "container": "web", "command": command, "interactive": true, "task": "0123456789abcdef0123456789abcdef"},
		"requestID":         "11111111-2222-3333-4444-" + fmt.Sprintf("%012s", id), "eventID": "ev-" + id,
		"readOnly": false, "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": Account, "eventCategory": "Management",
	}
	if errorCode == "" {
		rec["responseElements"] = map[string]any{
			"clusterArn": cluster, "containerArn": cluster + "/container/web", "containerName": "web", "interactive": true, "taskArn": task,
			"session": map[string]any{"sessionId": "ecs-execute-command-" + id, "streamUrl": "wss://ssmmessages." + region + ".amazonaws.com/v1/data-channel/ecs-execute-command-" + id, "tokenValue": "HIDDEN_DUE_TO_SECURITY_REASONS"},
		}
	} else {
		rec["errorCode"] = errorCode
		rec["errorMessage"] = "User: " + fmt.Sprint(identity["arn"]) + " is not authorized to perform: ecs:ExecuteCommand on resource: " + cluster
		rec["responseElements"] = nil
	}
	data, _ := json.Marshal(rec)
	return string(data)
}
