package scan

import (
	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// Check runs the rules on states that were built elsewhere (the live AWS
// adapter reads an account instead of files) and applies severity
// overrides, config suppressions (by path, resource ID, ARN or name) and
// the baseline exactly as Run does. Scopes counts the states in Files.
func Check(states []*model.State, diags []finding.Diagnostic, o Options) *Result {
	if o.Config == nil {
		o.Config = &config.Config{}
	}
	if o.Settings == nil {
		o.Settings = &rule.Settings{TrustedRegistries: o.Config.Registries(), Strict: o.Config.Strict, Params: o.Config.Rules}
	}
	if o.Rules == nil {
		o.Rules = EnabledRules(o.Config)
	}
	o.rules = indexRules(o.Rules)
	result := &Result{Rules: len(o.Rules), Files: len(states)}
	result.Diagnostics = append(result.Diagnostics, diags...)
	var all []finding.Finding
	for _, st := range states {
		var ds []finding.Diagnostic
		all, ds = runRules(o.rules, []*model.State{st}, o.Settings, all)
		result.Diagnostics = append(result.Diagnostics, ds...)
	}
	finish(result, all, nil, &o)
	return result
}
