package awstest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// FixMotoTasks is client middleware, for tests only, that lets the SDK
// decode moto's ECS task answers (DescribeTasks, RunTask): moto writes a
// container's cpu, memory and memoryReservation as JSON numbers where the
// ECS API (and so the SDK's decoder) has strings, which fails the whole
// call. It quotes those numbers in the raw answer before the SDK decodes
// it and changes nothing else. The Double does the same for the answers
// it passes on, so that the built binary can read tasks from moto too.
func FixMotoTasks(stack *middleware.Stack) error {
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("awstest.FixMotoTasks",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			if err != nil || awsmiddleware.GetServiceID(ctx) != "ECS" || !taskOperations[awsmiddleware.GetOperationName(ctx)] {
				return out, md, err
			}
			resp, ok := out.RawResponse.(*smithyhttp.Response)
			if !ok || resp.StatusCode != 200 {
				return out, md, err
			}
			data, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if rerr != nil {
				return out, md, rerr
			}
			resp.Body = io.NopCloser(bytes.NewReader(quoteTaskNumbers(data)))
			resp.ContentLength = -1
			return out, md, err
		}), middleware.After)
}

// taskOperations are the ECS operations whose answers hold tasks.
var taskOperations = map[string]bool{"DescribeTasks": true, "RunTask": true, "StartTask": true, "StopTask": true}

// quoteTaskNumbers turns the numeric cpu, memory and memoryReservation of
// tasks and their containers into strings; other answers are returned as
// they are.
func quoteTaskNumbers(data []byte) []byte {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return data
	}
	tasks, _ := doc["tasks"].([]any)
	if t, ok := doc["task"]; ok {
		tasks = append(tasks, t)
	}
	quote := func(obj map[string]any) {
		for _, k := range []string{"cpu", "memory", "memoryReservation"} {
			if n, ok := obj[k].(json.Number); ok {
				obj[k] = n.String()
			}
		}
	}
	for _, t := range tasks {
		task, _ := t.(map[string]any)
		if task == nil {
			continue
		}
		quote(task)
		containers, _ := task["containers"].([]any)
		for _, c := range containers {
			if ct, ok := c.(map[string]any); ok {
				quote(ct)
			}
		}
	}
	fixed, err := json.Marshal(doc)
	if err != nil {
		return data
	}
	return fixed
}
