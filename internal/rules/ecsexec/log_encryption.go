package ecsexec

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-exec/log-encryption",
		Title:    "ECS Exec logs are not encrypted",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Medium,
		Rationale: "Exec logs hold whatever was typed and printed in a container, secrets included. The configuration in " +
			"\"【AWS ECS】ECS+Fargateのセキュリティまとめ\" (Monex Tech Blog) sets CloudWatchEncryptionEnabled and S3EncryptionEnabled; with them ECS refuses to " +
			"write to a destination that is not encrypted, so the log group also needs a KMS key. AWS documentation: Amazon ECS Developer Guide, \"Monitor Amazon ECS containers with ECS Exec\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Configuration:\n  ExecuteCommandConfiguration:\n    LogConfiguration:\n      CloudWatchEncryptionEnabled: true\n      S3EncryptionEnabled: true\n# and on the log group (a resource of its own):\nExecLogs:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    KmsKeyId: !GetAtt LogKey.Arn",
			model.Terraform:      "log_configuration {\n  cloud_watch_encryption_enabled = true\n  s3_bucket_encryption_enabled   = true\n}\n# and kms_key_id on aws_cloudwatch_log_group",
		},
		Inputs: clusterInputs,
		Fixes:  map[model.Format]rule.FixFunc{model.CloudFormation: fixExecLogEncryption, model.Terraform: fixExecLogEncryptionTF},
		Check: func(p *rule.Pass) {
			for _, c := range execClusters(p.State) {
				if c.ExecLogging.Is("NONE") || (c.ExecLogging.Known() && !c.ExecLogging.Is("OVERRIDE")) {
					continue
				}
				if !c.ExecLogGroup.KnownEmpty() {
					if c.ExecLogGroupEncrypt.NotTrue() {
						p.Reportf(c, c.ExecLogGroupEncrypt.Pos.Or(c.ExecLogConfig.Pos), "ECS Exec logs go to a CloudWatch log group without %s; set it to true and give the log group a KMS key", rule.Prop(c.Format, "CloudWatchEncryptionEnabled"))
					} else if lg, ok := model.Target[*model.LogGroup](p.State, c.ExecLogGroup, func(l *model.LogGroup) model.Str { return l.Name }); ok && lg.KMSKey.Absent() {
						key := rule.Prop(lg.Format, "KmsKeyId")
						p.Reportf(lg, lg.Pos, "log group %s receives ECS Exec logs with %s, but has no %s, so ECS cannot write to it; set %s", lg.ID, rule.Prop(c.Format, "CloudWatchEncryptionEnabled"), key, key)
					}
				}
				if !c.ExecS3Bucket.KnownEmpty() && c.ExecS3Encrypt.NotTrue() {
					p.Reportf(c, c.ExecS3Encrypt.Pos.Or(c.ExecLogConfig.Pos), "ECS Exec logs go to an S3 bucket without S3EncryptionEnabled; set it to true")
				}
			}
		},
	})
}

// fixExecLogEncryption sets CloudWatchEncryptionEnabled and
// S3EncryptionEnabled for the destinations written; on a log group that
// receives encrypted exec logs without a key, it sets the chosen KmsKeyId.
func fixExecLogEncryption(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	if p.Finding.ResourceType == "AWS::Logs::LogGroup" {
		if key, ok := p.KMSKey(d); ok {
			p.Try(d.SetProperty(p.Finding.Resource, []string{"KmsKeyId"}, key))
		}
		return
	}
	logs := []string{"Configuration", "ExecuteCommandConfiguration", "LogConfiguration"}
	conf := d.Property(p.Finding.Resource, logs...)
	for _, dest := range [][2]string{{"CloudWatchLogGroupName", "CloudWatchEncryptionEnabled"}, {"S3BucketName", "S3EncryptionEnabled"}} {
		if _, v := fix.Get(conf, dest[0]); v != nil {
			if !p.Try(d.SetProperty(p.Finding.Resource, append(logs, dest[1]), true)) {
				return
			}
		}
	}
	p.Notef("ECS writes encrypted exec logs only to a log group with a KmsKeyId and a bucket with default encryption")
}

// fixExecLogEncryptionTF is fixExecLogEncryption for Terraform.
func fixExecLogEncryptionTF(p *rule.FixPass) {
	if p.Finding.ResourceType == "aws_cloudwatch_log_group" {
		if key, ok := p.TFKMSKey(); ok {
			rule.SetTF(key, "kms_key_id")(p)
		}
		return
	}
	e := openExec(p)
	if e == nil {
		return
	}
	var err error
	for _, dest := range [][2]string{{e.n.group, e.n.groupEnc}, {e.n.bucket, e.n.bucketEnc}} {
		if err == nil && e.get(e.logs(dest[0])) {
			err = e.set(e.logs(dest[1]), true)
		}
	}
	if p.Try(nil, err) && p.Done(e) {
		p.Notef("ECS writes encrypted exec logs only to a log group with a kms_key_id and a bucket with default encryption")
	}
}
