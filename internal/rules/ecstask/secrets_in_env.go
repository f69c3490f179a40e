package ecstask

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
	"go.yaml.in/yaml/v4"
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

// fixSecretsInEnv moves a secret environment variable to the container's
// secrets, read from an SSM parameter named by the chosen prefix and the
// variable's name. The secret itself leaves the file (and is never printed).
func fixSecretsInEnv(p *rule.FixPass) {
	prefix := p.Choices.SSMPrefix
	if prefix == "" {
		p.Skipf("needs the SSM parameter the secret moves to: give --ssm-prefix (such as /myapp/), or fix.ssm_prefix in .shipshape.yaml")
		return
	}
	d := p.Doc()
	if d == nil {
		return
	}
	f := p.Finding.Format
	c, err := d.ContainerAt(f, p.Finding.Resource, p.Finding.Pos.Line)
	if !p.Try(nil, err) {
		return
	}
	_, env := fix.Get(c, "Environment")
	if env == nil || env.Kind != yaml.SequenceNode {
		p.Skipf("the environment is not a list written in the file")
		return
	}
	idx := -1
	for i, it := range env.Content {
		if it.Line <= p.Finding.Pos.Line {
			idx = i
		}
	}
	if idx < 0 {
		p.Skipf("no environment variable written at the finding")
		return
	}
	item := env.Content[idx]
	_, name := fix.Get(item, "Name")
	_, value := fix.Get(item, "Value")
	if name == nil || name.Kind != yaml.ScalarNode || name.Tag != "!!str" || value == nil {
		p.Skipf("the variable's name is not written as text")
		return
	}
	param := prefix + name.Value
	if !strings.HasPrefix(param, "/") && !strings.HasPrefix(param, "arn:") {
		param = "/" + param
	}
	secret := fix.SpellMap(f, fix.Map{{K: "Name", V: name.Value}, {K: "ValueFrom", V: param}})
	var removal fix.Edit
	if len(env.Content) == 1 {
		removal, err = d.RemoveKey(c, "Environment")
	} else {
		removal, err = d.RemoveItem(env, idx)
	}
	if !p.Try(nil, err) {
		return
	}
	_, list := fix.Get(c, "Secrets")
	if list == nil {
		if !p.Try(d.Set(c, fix.Spell(f, "Secrets"), []any{secret})) {
			return
		}
	} else {
		e, err := d.Append(list, secret)
		if !p.Try([]fix.Edit{e}, err) {
			return
		}
	}
	p.Edit(removal)
	p.Redact(value.Value)
	p.Notef("store the value of %s in the SSM parameter %s (a SecureString) and let the task execution role read it (ssm:GetParameters, and kms:Decrypt for its key)", name.Value, param)
}
