package ecstask

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/non-root-user",
		Title:    "Container runs as root",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "Without a user the container runs as the image's user, which is root unless the image sets USER " +
			"(Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": specify USER; unset means root). Root in a container is root on the host after any escape. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "ContainerDefinitions:\n  - Name: app\n    Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:1.4.2\n    User: \"1000:1000\"",
			model.TaskDefJSON:    `"user": "1000:1000"`,
			model.Terraform:      `user = "1000:1000"  # inside container_definitions`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.1"}},
		Fixes:  containerFix(fixNonRootUser),
		Check: func(p *rule.Pass) {
			eachContainer(p, func(td *model.TaskDefinition, c *model.Container) {
				if windows(td) {
					return
				}
				switch {
				case c.User.Absent():
					p.Reportf(td, c.Pos, "%s sets no user, so it runs as the image's user (root unless the image sets USER); set user to a non-root UID such as \"1000:1000\"", label(c))
				case c.User.Known() && IsRootUser(c.User.V):
					p.Reportf(td, c.User.Pos, "%s runs as root (user %q); set a non-root UID such as \"1000:1000\"", label(c), c.User.V)
				}
			})
		},
	})
}

// IsRootUser reports whether a user spec ("root", "0", "0:0", "root:root")
// names the root user.
func IsRootUser(u string) bool {
	u = strings.TrimSpace(u)
	user, _, _ := strings.Cut(u, ":")
	return user == "" || user == "0" || user == "root"
}

// fixNonRootUser sets the container's user to the chosen non-root user.
func fixNonRootUser(p *rule.FixPass) {
	if p.Choices.User == "" || IsRootUser(p.Choices.User) {
		p.Skipf("needs a non-root user: give --user UID[:GID] (such as 1000:1000), or fix.user in .shipshape.yaml")
		return
	}
	rule.SetContainer(p.Choices.User, "User")(p)
	if _, skip, _, _ := p.Result(); skip == "" {
		p.Notef("the image must let user %s read its files and write where it writes", p.Choices.User)
	}
}
