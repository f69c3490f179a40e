// Package ecsexec holds the rules on ECS Exec and on the cluster ("【AWS ECS】ECS+Fargateのセキュリティまとめ" (Monex Tech Blog):
// encrypt exec sessions with KMS, keep exec logs in CloudWatch and S3, watch
// CloudTrail for ExecuteCommand; Container Insights; Fargate storage keys).
package ecsexec

import (
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

var clusterInputs = []model.Format{model.CloudFormation, model.Terraform, model.LiveAWS}

// servicesOf returns the services of the state that run on cluster c: those
// whose Cluster refers to it, and, when the state declares one cluster only,
// those whose Cluster cannot be resolved.
func servicesOf(st *model.State, c *model.ECSCluster) []*model.ECSService {
	clusters := model.Of[*model.ECSCluster](st)
	var out []*model.ECSService
	for _, s := range model.Of[*model.ECSService](st) {
		if t, ok := model.Target[*model.ECSCluster](st, s.Cluster, func(x *model.ECSCluster) model.Str { return x.Name }); ok {
			if t == c {
				out = append(out, s)
			}
			continue
		}
		if s.Cluster.P == model.Unknown && len(clusters) == 1 {
			out = append(out, s)
		}
	}
	return out
}

// execServices returns the services with ECS Exec enabled.
func execServices(st *model.State) []*model.ECSService {
	var out []*model.ECSService
	for _, s := range model.Of[*model.ECSService](st) {
		if s.EnableExecuteCommand.True() {
			out = append(out, s)
		}
	}
	return out
}

// execInUse reports whether ECS Exec is configured on the cluster or enabled
// on one of its services: only then do the exec rules apply.
func execInUse(st *model.State, c *model.ECSCluster) bool {
	if c.ExecConfig.Present() {
		return true
	}
	for _, s := range servicesOf(st, c) {
		if s.EnableExecuteCommand.True() {
			return true
		}
	}
	return false
}

// execClusters returns the clusters ECS Exec is used on.
func execClusters(st *model.State) []*model.ECSCluster {
	var out []*model.ECSCluster
	for _, c := range model.Of[*model.ECSCluster](st) {
		if execInUse(st, c) {
			out = append(out, c)
		}
	}
	return out
}

// reportExecServices reports msg on every service with ECS Exec enabled,
// unless covered finds the control in the state.
func reportExecServices(p *rule.Pass, covered func(*model.State) bool, msg string) {
	services := execServices(p.State)
	if len(services) == 0 || covered(p.State) {
		return
	}
	for _, s := range services {
		p.Reportf(s, s.EnableExecuteCommand.Pos, "%s", msg)
	}
}
