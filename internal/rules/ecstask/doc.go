// Package ecstask holds the rules on ECS task definitions and their
// containers (the task-definition advice of
// "【AWS ECS】ECS+Fargateのセキュリティまとめ" (Monex Tech Blog), Security Hub ECS.*), which
// read CloudFormation, Terraform, task-definition JSON and the live account
// alike through model.TaskDefinition.
package ecstask

import (
	"strconv"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// taskInputs are the formats that can declare a task definition.
var taskInputs = []model.Format{model.CloudFormation, model.Terraform, model.TaskDefJSON, model.LiveAWS}

// eachContainer calls fn for every container of every task definition.
func eachContainer(p *rule.Pass, fn func(td *model.TaskDefinition, c *model.Container)) {
	for td := range model.Each[*model.TaskDefinition](p.State) {
		for _, c := range td.Containers {
			fn(td, c)
		}
	}
}

// label names a container in messages.
func label(c *model.Container) string {
	if c.Name.Known() && c.Name.V != "" {
		return "container " + quote(c.Name.V)
	}
	return "a container"
}

// fargate reports whether the task definition is meant for Fargate.
func fargate(td *model.TaskDefinition) bool {
	return td.RequiresCompatibilities.Has("FARGATE")
}

// windows reports whether the task definition runs Windows containers.
func windows(td *model.TaskDefinition) bool {
	return len(td.OSFamily.V) >= 7 && td.OSFamily.V[:7] == "WINDOWS"
}

// quote is s as %q formats it.
func quote(s string) string { return strconv.Quote(s) }

// containerFix is the fix of a container rule for every format that
// writes container definitions: CloudFormation, task-definition JSON and
// Terraform (jsonencode objects or JSON heredocs).
func containerFix(fn rule.FixFunc) map[model.Format]rule.FixFunc {
	return map[model.Format]rule.FixFunc{model.CloudFormation: fn, model.TaskDefJSON: fn, model.Terraform: fn}
}
