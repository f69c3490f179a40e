package ecstask

import (
	"regexp"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/secrets-in-env",
		Title:    "Secret passed as a plain environment variable",
		Phase:    finding.PhaseRuntime,
		Severity: finding.High,
		Rationale: "Values in environment are stored in the task definition, visible to anyone who can describe it, " +
			"and copied into logs and crash reports. The guide \"【AWS ECS】ECS+Fargateのセキュリティまとめ\" (Monex Tech Blog) recommends fetching secrets from SSM Parameter Store " +
			"(or Secrets Manager) through the task definition's secrets, which ECS injects at start. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Secrets:\n  - Name: DB_PASSWORD\n    ValueFrom: !Sub arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/db-password",
			model.TaskDefJSON:    `"secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/app/db-password"}]`,
			model.Terraform:      `secrets = [{ name = "DB_PASSWORD", valueFrom = aws_ssm_parameter.db_password.arn }]  # inside container_definitions`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.8"}, Trivy: []string{"AVD-AWS-0036"}},
		Fixes:  containerFix(fixSecretsInEnv),
		Check: func(p *rule.Pass) {
			det := p.Settings.SecretDetector()
			eachContainer(p, func(td *model.TaskDefinition, c *model.Container) {
				for _, e := range c.Environment {
					if kind, masked, ok := container.SecretEnv(det, e.Name, e.Value); ok {
						p.Reportf(td, e.Value.Pos.Or(e.Pos), "%s: environment variable %s holds %s (%s); move it to secrets with valueFrom an SSM parameter or Secrets Manager ARN",
							label(c), e.Name.V, kind, masked)
					}
				}
			})
		},
	})
}

// envName finds the variable a finding's message names.
var envName = regexp.MustCompile(`environment variable (\S+) holds`)

// fixSecretsInEnv moves a secret environment variable to the container's
// secrets, read from an SSM parameter named by the chosen prefix and the
// variable's name. The secret itself leaves the file (and is never printed).
func fixSecretsInEnv(p *rule.FixPass) {
	prefix := p.Choices.SSMPrefix
	if prefix == "" {
		p.Skipf("needs the SSM parameter the secret moves to: give --ssm-prefix (such as /myapp/), or fix.ssm_prefix in .shipshape.yaml")
		return
	}
	c := p.Container()
	if c == nil {
		return
	}
	param := func(name string) string {
		param := prefix + name
		if !strings.HasPrefix(param, "/") && !strings.HasPrefix(param, "arn:") {
			param = "/" + param
		}
		return param
	}
	want := ""
	if m := envName.FindStringSubmatch(p.Finding.Message); m != nil {
		want = m[1]
	}
	name, value, err := c.MoveEnv(p.Finding.Pos.Line, want, func(name string) fix.Map {
		return fix.Map{{K: "Name", V: name}, {K: "ValueFrom", V: param(name)}}
	})
	if !p.Try(nil, err) || !p.Done(c) {
		return
	}
	p.Redact(value)
	p.Notef("store the value of %s in the SSM parameter %s (a SecureString) and let the task execution role read it (ssm:GetParameters, and kms:Decrypt for its key)", name, param(name))
}
