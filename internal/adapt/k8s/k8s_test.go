package k8s_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt/k8s"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fuzzguard"
	_ "github.com/shipshape/shipshape/internal/inputs"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
	"github.com/shipshape/shipshape/internal/rule"
	_ "github.com/shipshape/shipshape/internal/rules/all"
)

func adaptText(t testing.TB, text string) *model.State {
	t.Helper()
	f, err := tree.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	res := k8s.Adapt("m.yaml", f)
	if len(res.States) != 1 {
		t.Fatalf("%d states", len(res.States))
	}
	return res.States[0]
}

func TestPrecedenceAndDefaults(t *testing.T) {
	st := adaptText(t, `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: nightly, tier: "1"}
          annotations:
            seccomp.security.alpha.kubernetes.io/pod: runtime/default
            container.seccomp.security.alpha.kubernetes.io/b: unconfined
            container.apparmor.security.beta.kubernetes.io/a: localhost/prof
        spec:
          hostPID: true
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
            appArmorProfile: {type: Unconfined}
            seLinuxOptions: {type: spc_t}
          containers:
            - name: a
              image: app:1
              command: [sh, -c]
              args: ["echo hi"]
              securityContext:
                runAsUser: 0
                seccompProfile: {type: Localhost}
              env:
                - {name: X, value: "1"}
                - name: Y
                  valueFrom: {secretKeyRef: {name: s, key: k}}
            - name: b
              image: app:2
`)
	ws := model.Of[*model.K8sWorkload](st)
	if len(ws) != 1 {
		t.Fatalf("%d workloads", len(ws))
	}
	w := ws[0]
	if w.ID != "CronJob/default/nightly" || w.Namespace != "default" || !w.HostPID.True() || w.PodLabels["tier"] != "1" {
		t.Errorf("workload: %+v", w)
	}
	a, b := w.Containers[0], w.Containers[1]
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("a.Pos.Line", a.Pos.Line, 23)
	check("a.RunAsUser", a.RunAsUser.V, int64(0))
	check("a.RunAsUser line", a.RunAsUser.Pos.Line, 28)
	check("b.RunAsUser", b.RunAsUser.V, int64(1000))
	check("b.RunAsNonRoot", b.RunAsNonRoot.True(), true)
	check("a.Seccomp", a.SeccompProfile.V, "Localhost")
	check("b.Seccomp (container annotation)", b.SeccompProfile.V, "Unconfined")
	check("b.Seccomp line", b.SeccompProfile.Pos.Line, 13)
	check("a.AppArmor (annotation over pod field)", a.AppArmorProfile.V, "Localhost")
	check("b.AppArmor (pod field)", b.AppArmorProfile.V, "Unconfined")
	check("b.SELinux", b.SELinuxType.V, "spc_t")
	check("a.Command", len(a.Command.Items), 2)
	check("a.Args", a.Args.Items[0].V, "echo hi")
	check("env literal", a.Env[0].Value.V, "1")
	check("env from secret", a.Env[1].ValueFrom, "secretKeyRef")
	check("env from secret value", a.Env[1].Value.Absent(), true)
	check("b privilege escalation absent", b.AllowPrivilegeEscalation.P, model.Absent)
}

func TestListsAndNetworkPolicies(t *testing.T) {
	st := adaptText(t, `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: PodList
    items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns, labels: {app: x}}
        spec: {containers: [{name: c, image: i}], ephemeralContainers: [{name: d, image: i}]}
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: np, namespace: ns}
    spec: {podSelector: {matchLabels: {app: x}, matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}}
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: all}
    spec: {}
---
apiVersion: v1
kind: Service
metadata: {name: svc}
`)
	ws := model.Of[*model.K8sWorkload](st)
	nps := model.Of[*model.K8sNetworkPolicy](st)
	if len(ws) != 1 || len(nps) != 2 {
		t.Fatalf("%d workloads, %d policies", len(ws), len(nps))
	}
	if len(ws[0].Containers) != 2 || ws[0].Containers[1].Section != "ephemeralContainers" {
		t.Errorf("containers: %+v", ws[0].Containers)
	}
	if !nps[0].Selector.Matches(ws[0].PodLabels, false) {
		t.Error("matchLabels app=x with env NotIn [prod] should select app=x")
	}
	if nps[0].Selector.Matches(map[string]string{"app": "x", "env": "prod"}, false) {
		t.Error("env=prod should not be selected")
	}
	if nps[1].Namespace != "default" || !nps[1].Selector.Matches(nil, false) {
		t.Error("a policy without podSelector selects every pod of the default namespace")
	}
}

func TestBadShapes(t *testing.T) {
	for _, text := range []string{
		"apiVersion: v1\nkind: Pod\nspec: [1, 2]\n",
		"apiVersion: v1\nkind: Pod\nspec: {containers: {a: b}}\n",
		"apiVersion: v1\nkind: Pod\nspec: {containers: [null, 3, {securityContext: 5, env: 7}]}\n",
		"apiVersion: v1\nkind: List\nitems: 3\n",
		"apiVersion: apps/v1\nkind: Deployment\nspec: {template: []}\n",
		"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {podSelector: {matchExpressions: [{key: a}]}}\n",
		"apiVersion: v1\nkind: Pod\nmetadata: []\nspec: {containers: [{name: [x], securityContext: {capabilities: {add: {a: 1}}}}]}\n",
	} {
		f, err := tree.Parse([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		res := k8s.Adapt("bad.yaml", f)
		for _, r := range rule.All() {
			r.Check(rule.NewPass(r, res.States[0], nil, func(finding.Finding) {}))
		}
	}
}

// fixtures are the rule fixtures, as fuzz seeds and a sanity check.
func fixtures(tb testing.TB) []string {
	files, _ := filepath.Glob("../../rules/k8s/testdata/*.yaml")
	if len(files) == 0 {
		tb.Fatal("no fixtures found")
	}
	return files
}

func FuzzAdapt(f *testing.F) {
	for _, p := range fixtures(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Pod}]}]\n"))
	rules := rule.All()
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		file, err := tree.Parse(data)
		if err != nil {
			return
		}
		res := k8s.Adapt("fuzz.yaml", file)
		for _, st := range res.States {
			for _, r := range rules {
				r.Check(rule.NewPass(r, st, nil, func(finding.Finding) {}))
			}
		}
	})
}
