package compose

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/secrets-in-env",
		Title:    "Secret-looking literal value in environment",
		Phase:    finding.PhaseRuntime,
		Severity: finding.High,
		Rationale: "A password, token or key written in a Compose file's environment is in the repository, in every " +
			"clone and in docker inspect output (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": do not embed secrets; use a secrets store). Use Compose " +
			"secrets (files mounted under /run/secrets), or an env file kept out of the repository. A value " +
			"Compose takes from the project's .env (a variable listed without a value, or written as ${VAR}) is " +
			"reported at its line in .env; values from the shell are not known and not judged. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    secrets: [db_password]\n    environment:\n      DB_PASSWORD_FILE: /run/secrets/db_password\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt   # not committed", fixSecretsInEnv, func(p *rule.Pass, s *model.ComposeService) {
		det := p.Settings.SecretDetector()
		for _, e := range s.Environment {
			kind, masked, ok := container.SecretEnv(det, e.Name, e.Value)
			if !ok {
				continue
			}
			if e.From.Line == 0 {
				p.Reportf(s, e.Value.Pos.Or(e.Pos), "%s: environment variable %s holds %s (%s); use Compose secrets or an env file kept out of the repository",
					label(s), e.Name.V, kind, masked)
				continue
			}
			// The value is written in .env: the finding is there, with the
			// environment entry that takes it as related place (where a
			// suppression may also go).
			at, uses := e.From, e.Value.Pos.Or(e.Pos)
			at.Related = &uses
			file := path.Base(e.From.File)
			p.ReportManualf(s, at, "%s gets %s from %s, which sets it to %s (%s); keep %s out of version control (.gitignore) and give the value where the project runs, or use Compose secrets",
				label(s), e.Name.V, file, kind, masked, file)
		}
	})
}

// fixSecretsInEnv moves a secret environment variable to the chosen env
// file: the entry leaves environment and the file is listed in env_file,
// so the container gets the same variable. Compose secrets would need the
// application to read a file instead, so they are not chosen for it. The
// value leaves the file (and is never printed).
func fixSecretsInEnv(p *rule.FixPass) {
	envFile := p.Choices.ComposeEnvFile
	if envFile == "" {
		p.Skipf("needs the env file the secret moves to: give --compose-env-file FILE (kept out of version control), or fix.compose_env_file in .shipshape.yaml")
		return
	}
	d := p.Doc()
	if d == nil {
		return
	}
	line := p.Finding.Pos.Line
	svc := serviceHolding(d, line)
	if svc == nil {
		if ext := topKeyHolding(d, line); ext != "" {
			p.Skipf("the variable is written in %s, which services merge (<<): move it to the env file there by hand, where it applies to every service that merges it", ext)
			return
		}
		p.Skipf("no service written at the finding")
		return
	}
	_, env := fix.Get(svc, "environment")
	if env == nil {
		p.Skipf("the service's environment is not written in the file")
		return
	}
	var name, value string
	var removal fix.Edit
	var err error
	switch env.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(env.Content); i += 2 {
			if k := env.Content[i]; k.Line <= line && fix.LastLine(env.Content[i+1]) >= line {
				name, value = k.Value, env.Content[i+1].Value
				if len(env.Content) == 2 {
					removal, err = d.RemoveKey(svc, "environment")
				} else {
					removal, err = d.RemoveKey(env, k.Value)
				}
			}
		}
	case yaml.SequenceNode:
		for i, it := range env.Content {
			if it.Line == line && it.Kind == yaml.ScalarNode {
				name, value, _ = strings.Cut(it.Value, "=")
				if len(env.Content) == 1 {
					removal, err = d.RemoveKey(svc, "environment")
				} else {
					removal, err = d.RemoveItem(env, i)
				}
			}
		}
	}
	if name == "" {
		p.Skipf("no environment variable written at the finding")
		return
	}
	if !p.Try(nil, err) {
		return
	}
	_, files := fix.Get(svc, "env_file")
	var add []fix.Edit
	switch {
	case files == nil:
		add, err = d.Set(svc, "env_file", []any{envFile})
	case files.Kind == yaml.SequenceNode:
		listed := false
		for _, f := range files.Content {
			_, path := fix.Get(f, "path")
			listed = listed || f.Value == envFile || (path != nil && path.Value == envFile)
		}
		if !listed {
			var e fix.Edit
			e, err = d.Append(files, envFile)
			add = []fix.Edit{e}
		}
	case files.Kind == yaml.ScalarNode && files.Value == envFile:
	default:
		p.Skipf("env_file names another file (%s): add %s to it by hand", files.Value, envFile)
		return
	}
	if !p.Try(add, err) {
		return
	}
	p.Edit(removal)
	p.Redact(value)
	p.Notef("write %s=VALUE in %s and keep that file out of version control (.gitignore)", name, envFile)
}
