package awstest

import (
	"context"
	"reflect"

	"github.com/aws/smithy-go/middleware"
)

// SmallPages is client middleware that lowers the page size of every list
// and describe call that has one (MaxResults or Limit) to n, or to the
// API's smallest page where that is larger (EC2's is 5), so that tests
// with a few resources prove that every page is read.
func SmallPages(n int32) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("awstest.SmallPages",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				setPageSize(in.Parameters, n)
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
	}
}

// minPage is the smallest page some operations accept.
var minPage = map[string]int32{"DescribeSecurityGroupsInput": 5}

func setPageSize(params any, n int32) {
	v := reflect.ValueOf(params)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return
	}
	s := v.Elem()
	if m := minPage[s.Type().Name()]; m > n {
		n = m
	}
	for _, name := range []string{"MaxResults", "Limit"} {
		f := s.FieldByName(name)
		if f.IsValid() && f.CanSet() && f.Type() == reflect.TypeOf((*int32)(nil)) {
			f.Set(reflect.ValueOf(&n))
		}
	}
}
