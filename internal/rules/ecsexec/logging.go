package ecsexec

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
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
		Fixes:  map[model.Format]rule.FixFunc{model.CloudFormation: fixExecLogging, model.Terraform: fixExecLogging},
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

// fixExecLogging turns exec logging on: OVERRIDE, with both encryption
// flags, when the configuration names a log group or bucket or the user
// chose them (--exec-log-group, --exec-log-bucket); DEFAULT (the task
// definitions' awslogs settings) otherwise, saying why.
func fixExecLogging(p *rule.FixPass) {
	e := openExec(p)
	if e == nil {
		return
	}
	group, bucket := e.get(e.logs(e.n.group)), e.get(e.logs(e.n.bucket))
	var err error
	switch {
	case group || bucket:
		err = e.set(e.exec(e.n.logging), "OVERRIDE")
		for _, dest := range [][2]string{{e.n.group, e.n.groupEnc}, {e.n.bucket, e.n.bucketEnc}} {
			if err == nil && e.get(e.logs(dest[0])) {
				err = e.set(e.logs(dest[1]), true)
			}
		}
	case p.Choices.ExecLogGroup != "" || p.Choices.ExecLogBucket != "":
		if err = e.set(e.exec(e.n.logging), "OVERRIDE"); err != nil {
			break
		}
		var conf fix.Map
		if g := p.Choices.ExecLogGroup; g != "" {
			conf = append(conf, fix.KV{K: e.n.group, V: g}, fix.KV{K: e.n.groupEnc, V: true})
		}
		if b := p.Choices.ExecLogBucket; b != "" {
			conf = append(conf, fix.KV{K: e.n.bucket, V: b}, fix.KV{K: e.n.bucketEnc, V: true})
		}
		if e.get(e.exec(e.n.logConf)) {
			for _, kv := range conf {
				if err == nil {
					err = e.set(e.logs(kv.K), kv.V)
				}
			}
		} else {
			err = e.set(e.exec(e.n.logConf), conf)
		}
		p.Notef("ECS writes encrypted exec logs only to a log group with a KMS key and a bucket with default encryption; the task role needs logs:PutLogEvents / s3:PutObject on them")
	case e.is(e.exec(e.n.logging), "OVERRIDE"):
		p.Skipf("Logging is OVERRIDE without a destination: give --exec-log-group NAME and/or --exec-log-bucket NAME (or fix.exec_log_group, fix.exec_log_bucket in .shipshape.yaml)")
		return
	default:
		if err = e.set(e.exec(e.n.logging), "DEFAULT"); err == nil {
			p.Notef("no exec log destination was given (--exec-log-group, --exec-log-bucket, or fix.exec_log_group, fix.exec_log_bucket), so Logging is DEFAULT: exec logs go where the task definitions' awslogs settings send container logs; give a destination to get OVERRIDE with encryption")
		}
	}
	if p.Try(nil, err) {
		p.Done(e)
	}
}
