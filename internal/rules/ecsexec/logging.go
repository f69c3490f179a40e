package ecsexec

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"strings"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-exec/logging",
		Title:    "ECS Exec commands are not logged",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Medium,
		Rationale: "Exec logging records every command run in a container. NONE turns it off; OVERRIDE without a " +
			"CloudWatch log group or S3 bucket sends the log nowhere (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": keep ECS Exec logs in CloudWatch " +
			"and S3). AWS documentation: Amazon ECS Developer Guide, \"Monitor Amazon ECS containers with ECS Exec\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Configuration:\n  ExecuteCommandConfiguration:\n    Logging: OVERRIDE\n    LogConfiguration:\n      CloudWatchLogGroupName: !Ref ExecLogs\n      CloudWatchEncryptionEnabled: true\n      S3BucketName: !Ref ExecLogBucket\n      S3EncryptionEnabled: true\n      S3KeyPrefix: ecs-exec",
			model.Terraform:      "execute_command_configuration {\n  logging = \"OVERRIDE\"\n  log_configuration {\n    cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name\n    cloud_watch_encryption_enabled = true\n    s3_bucket_name                 = aws_s3_bucket.exec_logs.id\n    s3_bucket_encryption_enabled   = true\n  }\n}",
		},
		Inputs: clusterInputs,
		Peers:  rule.Peers{Checkov: []string{"CKV_AWS_223"}},
		Fixes:  map[model.Format]rule.FixFunc{model.CloudFormation: fixExecLogging},
		Check: func(p *rule.Pass) {
			for _, c := range execClusters(p.State) {
				switch {
				case c.ExecLogging.Is("NONE"):
					p.Reportf(c, c.ExecLogging.Pos, "ECS Exec logging is NONE: commands run in containers are not recorded; use OVERRIDE with a CloudWatch log group and an S3 bucket")
				case c.ExecLogging.Is("OVERRIDE") && c.ExecLogGroup.KnownEmpty() && c.ExecS3Bucket.KnownEmpty():
					p.Reportf(c, c.ExecLogConfig.Pos.Or(c.ExecLogging.Pos), "ECS Exec logging is OVERRIDE but names neither a CloudWatch log group nor an S3 bucket; set CloudWatchLogGroupName and S3BucketName")
				}
			}
		},
	})
}

// fixExecLogging turns exec logging on: OVERRIDE when the configuration
// names a log group or bucket, DEFAULT (the task definitions' awslogs
// settings) otherwise.
func fixExecLogging(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	exec := []string{"Configuration", "ExecuteCommandConfiguration"}
	logs := d.Property(p.Finding.Resource, append(exec, "LogConfiguration")...)
	_, group := fix.Get(logs, "CloudWatchLogGroupName")
	_, bucket := fix.Get(logs, "S3BucketName")
	if group != nil || bucket != nil {
		p.Try(d.SetProperty(p.Finding.Resource, append(exec, "Logging"), "OVERRIDE"))
		return
	}
	if n := d.Property(p.Finding.Resource, append(exec, "Logging")...); n != nil && strings.EqualFold(n.Value, "OVERRIDE") {
		p.Skipf("Logging is OVERRIDE without a destination: name the CloudWatch log group (CloudWatchLogGroupName) or S3 bucket (S3BucketName) that receives the exec logs")
		return
	}
	if p.Try(d.SetProperty(p.Finding.Resource, append(exec, "Logging"), "DEFAULT")) {
		p.Notef("Logging DEFAULT sends exec logs where the task definitions' awslogs settings send container logs; to keep them apart, use OVERRIDE with a LogConfiguration")
	}
}
