// Package k8s adapts Kubernetes manifests (YAML or JSON, one or many
// documents, List kinds) into the model: workloads with their pod templates
// and containers, and NetworkPolicies. Kubernetes field names are case
// sensitive, so keys are matched exactly.
package k8s

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// DefaultNamespace is the namespace of objects that do not name one.
const DefaultNamespace = "default"

// maxListDepth bounds nested List kinds.
const maxListDepth = 8

// LooksLikeManifest is a cheap test on raw bytes, before parsing.
func LooksLikeManifest(data []byte) bool {
	return bytes.Contains(data, []byte("apiVersion")) && bytes.Contains(data, []byte("kind"))
}

// LooksLikeTemplate reports whether a manifest that failed to parse is a
// Helm chart template or another Go template ({{ ... }}), which is not YAML
// until rendered.
func LooksLikeTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("{{")) && bytes.Contains(data, []byte("}}"))
}

// IsManifest reports whether a parsed document is a Kubernetes object: a
// mapping with a string apiVersion and kind.
func IsManifest(root *tree.Node) bool {
	if root == nil || root.Kind != tree.Map {
		return false
	}
	av, ok1 := root.Get("apiVersion").Text()
	k, ok2 := root.Get("kind").Text()
	return ok1 && ok2 && av != "" && k != ""
}

// IsManifestFile reports whether any document of f is a Kubernetes object.
func IsManifestFile(f *tree.File) bool {
	for _, d := range f.Docs {
		if IsManifest(d) {
			return true
		}
	}
	return false
}

// Adapt turns the objects of a parsed manifest file into one state. The
// scan merges the states of every manifest of a scan before the rules run,
// so that NetworkPolicies select pods declared in other files.
func Adapt(file string, f *tree.File) adapt.Result {
	a := adapter{file: file}
	for _, w := range f.Warnings {
		a.res.Warn(w.Kind, model.Pos{File: file, Line: w.Line}, w.Msg)
	}
	for _, c := range f.Comments() {
		a.res.Comments = append(a.res.Comments, adapt.Comment{Pos: model.Pos{File: file, Line: c.Line}, Text: c.Text})
	}
	a.st = model.NewState(file, model.Kubernetes)
	for _, doc := range f.Docs {
		a.object(doc, 0)
	}
	a.res.States = append(a.res.States, a.st)
	return a.res
}

type adapter struct {
	file string
	res  adapt.Result
	st   *model.State
}

func (a *adapter) pos(n *tree.Node) model.Pos {
	if n == nil {
		return model.Pos{}
	}
	return model.Pos{File: a.file, Line: n.Line, Col: n.Col}
}

// object adapts one Kubernetes object, or the items of a List.
func (a *adapter) object(n *tree.Node, depth int) {
	if !IsManifest(n) {
		return
	}
	kind, _ := n.Get("kind").Text()
	if kind == "List" || strings.HasSuffix(kind, "List") {
		items := n.Get("items")
		if items.IsNull() {
			return
		}
		if items.Kind != tree.Seq {
			a.res.Warnf(a.pos(items), kind+" items is not a list")
			return
		}
		if depth >= maxListDepth {
			a.res.Warnf(a.pos(n), "Lists nested too deeply; inner items not read")
			return
		}
		for _, it := range items.Items {
			a.object(it, depth+1)
		}
		return
	}
	switch kind {
	case "Pod":
		a.workload(n, kind, n.Get("metadata"), n.Get("spec"), n.Get("spec"), "")
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController":
		tmpl := mapAt(n, "spec", "template")
		a.workload(n, kind, tmpl.Get("metadata"), tmpl.Get("spec"), tmpl, "")
	case "CronJob":
		tmpl := mapAt(n, "spec", "jobTemplate", "spec", "template")
		a.workload(n, kind, tmpl.Get("metadata"), tmpl.Get("spec"), tmpl, "")
	case "NetworkPolicy":
		a.networkPolicy(n)
	case "Role", "ClusterRole":
		a.role(n, kind)
	case "RoleBinding", "ClusterRoleBinding":
		a.binding(n, kind)
	case "", "CustomResourceDefinition", "PodSecurityPolicy", "PodTemplate":
	default:
		a.customTemplates(n, kind)
	}
}

// maxTemplateDepth bounds the search for pod templates in custom resources.
const maxTemplateDepth = 10

// customTemplates adapts the pod templates of a kind this adapter does not
// know (Argo Rollout, Kubeflow MPIJob, JobSet, RayCluster, Knative Service,
// ...): every mapping under spec whose own spec lists containers with their
// images. Each becomes a workload named after its path, so that a custom
// resource running several kinds of pods (launcher and workers) is judged pod
// by pod.
func (a *adapter) customTemplates(n *tree.Node, kind string) {
	var walk func(t *tree.Node, path string, depth int)
	walk = func(t *tree.Node, path string, depth int) {
		if t == nil || depth > maxTemplateDepth {
			return
		}
		switch t.Kind {
		case tree.Map:
			if spec := t.Get("spec"); spec != nil && spec.Kind == tree.Map {
				if c := spec.Get("containers"); c != nil && c.Kind == tree.Seq {
					if fullContainers(c) {
						a.workload(n, kind, t.Get("metadata"), spec, t, "#"+path)
					}
					return
				}
			}
			for _, p := range t.Pairs {
				walk(p.Value, path+"."+p.Key.Value, depth+1)
			}
		case tree.Seq:
			for i, it := range t.Items {
				walk(it, path+"["+strconv.Itoa(i)+"]", depth+1)
			}
		}
	}
	walk(n.Get("spec"), "spec", 0)
}

// fullContainers reports whether every container of a custom resource's pod
// template names its image. Containers without one are a patch the operator
// merges into pods it builds with defaults of its own (CloudNativePG's
// Pooler), which the template alone does not show.
func fullContainers(list *tree.Node) bool {
	for _, it := range list.Items {
		if it.Kind != tree.Map || it.Get("image") == nil {
			return false
		}
	}
	return len(list.Items) > 0
}

// mapAt follows keys through mappings, returning nil when one is missing.
func mapAt(n *tree.Node, keys ...string) *tree.Node {
	for _, k := range keys {
		if n == nil || n.Kind != tree.Map {
			return nil
		}
		n = n.Get(k)
	}
	if n == nil || n.Kind != tree.Map {
		return nil
	}
	return n
}

// pair returns the key and value of an exact key of a mapping.
func pair(n *tree.Node, key string) (k, v *tree.Node) {
	if n == nil || n.Kind != tree.Map {
		return nil, nil
	}
	for i := range n.Pairs {
		if n.Pairs[i].Key.Value == key {
			return n.Pairs[i].Key, n.Pairs[i].Value
		}
	}
	return nil, nil
}

// meta reads the common object fields.
func (a *adapter) meta(n *tree.Node, kind string) (model.Meta, model.Str, string) {
	md := n.Get("metadata")
	name := a.str(md, "name")
	ns := DefaultNamespace
	if v, ok := md.Get("namespace").Text(); ok && v != "" {
		ns = v
		if isTemplated(v) || strings.Contains(v, "${") {
			ns = "" // unknown: filled in by Helm, envsubst or a pipeline
		}
	}
	label := name.V
	if !name.Known() || label == "" {
		label = "?"
		if g, ok := md.Get("generateName").Text(); ok && g != "" {
			label = g + "*"
		}
	}
	id := kind + "/" + ns + "/" + label
	m := model.Meta{ID: id, Type: kind, Format: model.Kubernetes, Pos: a.pos(n)}
	m.Ignores = a.checkovSkips(md.Get("annotations"))
	return m, name, ns
}

// checkovSkips reads Checkov's skip annotations ("checkov.io/skip1:
// CKV_K8S_20=reason"), which suppress the rules whose peers they name.
func (a *adapter) checkovSkips(annotations *tree.Node) []model.Ignore {
	if annotations == nil || annotations.Kind != tree.Map {
		return nil
	}
	var out []model.Ignore
	for _, p := range annotations.Pairs {
		if !strings.HasPrefix(p.Key.Value, "checkov.io/skip") {
			continue
		}
		v, ok := p.Value.Text()
		if !ok {
			continue
		}
		id, reason, _ := strings.Cut(v, "=")
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, model.Ignore{RuleID: id, Reason: strings.TrimSpace(reason), Source: "checkov", Pos: a.pos(p.Key)})
		}
	}
	return out
}

// workload adapts an object that runs pods, given the pod's metadata and
// spec; at is where the pod template is written. idSuffix tells apart the
// pod templates of one object that has several.
func (a *adapter) workload(n *tree.Node, kind string, podMeta, spec, at *tree.Node, idSuffix string) {
	m, name, ns := a.meta(n, kind)
	m.ID += idSuffix
	w := &model.K8sWorkload{Meta: m, Kind: kind, Name: name, Namespace: ns, PodSpecPos: a.pos(at).Or(m.Pos)}
	w.PodLabels, w.PodLabelsUnknown = a.labels(podMeta.Get("labels"))
	if spec == nil || spec.Kind != tree.Map {
		if spec != nil && !spec.IsNull() {
			a.res.Warnf(a.pos(spec), kind+" pod spec is not a mapping")
		}
		a.st.Add(w)
		return
	}
	w.HostNetwork = a.bool(spec, "hostNetwork")
	w.HostPID = a.bool(spec, "hostPID")
	w.HostIPC = a.bool(spec, "hostIPC")
	osName, _ := mapAt(spec, "os").Get("name").Text()
	nodeOS, _ := mapAt(spec, "nodeSelector").Get("kubernetes.io/os").Text()
	w.Windows = strings.EqualFold(osName, "windows") || strings.EqualFold(nodeOS, "windows")
	annotations := podMeta.Get("annotations")
	pod := a.podSecurity(spec.Get("securityContext"), annotations)
	for _, section := range []string{"containers", "initContainers", "ephemeralContainers"} {
		list := spec.Get(section)
		if list.IsNull() {
			continue
		}
		if list.Kind != tree.Seq {
			a.res.Warnf(a.pos(list), section+" is not a list")
			continue
		}
		for _, it := range list.Items {
			if it.IsNull() {
				continue
			}
			if it.Kind != tree.Map {
				a.res.Warnf(a.pos(it), "an item of "+section+" is not a mapping")
				continue
			}
			w.Containers = append(w.Containers, a.container(it, section, pod, annotations))
		}
	}
	w.HostPathVolumes = a.hostPaths(spec)
	a.st.Add(w)
}

// hostPaths reads the pod's hostPath volumes and whether its containers
// mount them read-only.
func (a *adapter) hostPaths(spec *tree.Node) []model.K8sHostPath {
	vols := spec.Get("volumes")
	if vols == nil || vols.Kind != tree.Seq {
		return nil
	}
	var out []model.K8sHostPath
	for _, v := range vols.Items {
		hk, hp := pair(v, "hostPath")
		if hk == nil || hp.IsNull() {
			continue
		}
		name, _ := v.Get("name").Text()
		h := model.K8sHostPath{Name: name, Pos: a.pos(hk), Path: a.str(hp, "path")}
		if h.Path.Absent() {
			h.Path.P = model.Unknown
		}
		h.ReadOnly = name != "" && a.mountedReadOnly(spec, name)
		out = append(out, h)
	}
	return out
}

// mountedReadOnly reports whether every mount of a volume in the pod's
// containers is readOnly (and there is one).
func (a *adapter) mountedReadOnly(spec *tree.Node, volume string) bool {
	mounts := 0
	for _, section := range []string{"containers", "initContainers", "ephemeralContainers"} {
		for _, c := range spec.Get(section).List() {
			for _, m := range c.Get("volumeMounts").List() {
				if n, _ := m.Get("name").Text(); n != volume {
					continue
				}
				mounts++
				if ro, ok := m.Get("readOnly").Bool(); !ok || !ro {
					return false
				}
			}
		}
	}
	return mounts > 0
}

// role adapts a Role or ClusterRole.
func (a *adapter) role(n *tree.Node, kind string) {
	m, name, ns := a.meta(n, kind)
	if kind == "ClusterRole" {
		ns = ""
		m.ID = kind + "/" + strings.TrimPrefix(m.ID, kind+"/"+DefaultNamespace+"/")
	}
	r := &model.K8sRole{Meta: m, Kind: kind, Name: name, Namespace: ns}
	r.Aggregated = n.Get("aggregationRule") != nil
	for _, it := range n.Get("rules").List() {
		if it.Kind != tree.Map {
			continue
		}
		r.Rules = append(r.Rules, model.K8sPolicyRule{
			APIGroups: texts(it.Get("apiGroups")), Resources: texts(it.Get("resources")),
			Verbs: texts(it.Get("verbs")), NonResourceURLs: texts(it.Get("nonResourceURLs")), Pos: a.pos(it),
		})
	}
	a.st.Add(r)
}

// binding adapts a RoleBinding or ClusterRoleBinding.
func (a *adapter) binding(n *tree.Node, kind string) {
	m, name, _ := a.meta(n, kind)
	b := &model.K8sBinding{Meta: m, Kind: kind, Name: name}
	rk, ref := pair(n, "roleRef")
	b.RoleKind, _ = text(ref.Get("kind"))
	b.RoleName, _ = text(ref.Get("name"))
	b.RolePos = a.pos(rk)
	for _, it := range n.Get("subjects").List() {
		k, _ := text(it.Get("kind"))
		nm, _ := text(it.Get("name"))
		ns, _ := text(it.Get("namespace"))
		b.Subjects = append(b.Subjects, model.K8sSubject{Kind: k, Name: nm, Namespace: ns, Pos: a.pos(it)})
	}
	a.st.Add(b)
}

// texts reads a list of known strings, leaving out templated ones.
func texts(n *tree.Node) []string {
	var out []string
	for _, it := range n.List() {
		if t, ok := text(it); ok {
			out = append(out, t)
		}
	}
	return out
}

// podSettings are the pod-level security settings containers inherit.
type podSettings struct {
	runAsNonRoot model.Bool
	runAsUser    model.Int
	seccomp      model.Str
	appArmor     model.Str
	seLinuxType  model.Str
}

func (a *adapter) podSecurity(sc, annotations *tree.Node) podSettings {
	var p podSettings
	p.runAsNonRoot = a.bool(sc, "runAsNonRoot")
	p.runAsUser = a.int(sc, "runAsUser")
	p.seccomp = a.profileType(sc, "seccompProfile")
	if p.seccomp.Absent() {
		p.seccomp = a.annotationProfile(annotations, "seccomp.security.alpha.kubernetes.io/pod")
	}
	p.appArmor = a.profileType(sc, "appArmorProfile")
	p.seLinuxType = a.str(mapAt(sc, "seLinuxOptions"), "type")
	return p
}

func (a *adapter) container(n *tree.Node, section string, pod podSettings, annotations *tree.Node) *model.K8sContainer {
	c := &model.K8sContainer{Section: section, Pos: a.pos(n)}
	c.Name = a.str(n, "name")
	c.Pos = c.Name.Pos.Or(c.Pos)
	c.Image = a.str(n, "image")
	c.Command = a.list(n, "command")
	c.Args = a.list(n, "args")
	sk, sc := pair(n, "securityContext")
	if sk != nil && !sc.IsNull() {
		c.SecurityContext = model.Block{P: model.Known, Pos: a.pos(sk)}
	}
	c.Privileged = a.bool(sc, "privileged")
	c.AllowPrivilegeEscalation = a.bool(sc, "allowPrivilegeEscalation")
	c.ReadOnlyRootFilesystem = a.bool(sc, "readOnlyRootFilesystem")
	c.RunAsNonRoot = orBool(a.bool(sc, "runAsNonRoot"), pod.runAsNonRoot)
	c.RunAsUser = orInt(a.int(sc, "runAsUser"), pod.runAsUser)
	name := ""
	if c.Name.Known() {
		name = c.Name.V
	}
	seccomp := a.profileType(sc, "seccompProfile")
	if seccomp.Absent() && name != "" {
		seccomp = a.annotationProfile(annotations, "container.seccomp.security.alpha.kubernetes.io/"+name)
	}
	c.SeccompProfile = orStr(seccomp, pod.seccomp)
	apparmor := a.profileType(sc, "appArmorProfile")
	if apparmor.Absent() && name != "" {
		apparmor = a.annotationProfile(annotations, "container.apparmor.security.beta.kubernetes.io/"+name)
	}
	c.AppArmorProfile = orStr(apparmor, pod.appArmor)
	c.SELinuxType = orStr(a.str(mapAt(sc, "seLinuxOptions"), "type"), pod.seLinuxType)
	ck, caps := pair(sc, "capabilities")
	if ck != nil && !caps.IsNull() {
		c.Capabilities = model.Block{P: model.Known, Pos: a.pos(ck)}
	}
	c.CapAdd = a.list(caps, "add")
	c.CapDrop = a.list(caps, "drop")
	c.Env = a.env(n.Get("env"))
	for _, port := range n.Get("ports").List() {
		if hp := a.int(port, "hostPort"); hp.P != model.Absent {
			c.HostPorts = append(c.HostPorts, hp)
		}
	}
	if n.Get("image") == nil {
		patchContainer(c)
	}
	return c
}

// patchContainer marks as unknown the settings a container leaves out when
// it names no image. The API requires an image, so such a container is a
// patch (a kustomize overlay, an operator's template override) merged into a
// base that may set them: what the patch sets is judged, what it leaves out
// is not.
func patchContainer(c *model.K8sContainer) {
	for _, b := range []*model.Bool{&c.Privileged, &c.AllowPrivilegeEscalation, &c.ReadOnlyRootFilesystem, &c.RunAsNonRoot} {
		if b.P == model.Absent {
			b.P = model.Unknown
		}
	}
	if c.RunAsUser.P == model.Absent {
		c.RunAsUser.P = model.Unknown
	}
	for _, s := range []*model.Str{&c.SeccompProfile, &c.AppArmorProfile, &c.SELinuxType} {
		if s.P == model.Absent {
			s.P = model.Unknown
		}
	}
	if c.CapDrop.P == model.Absent {
		c.CapDrop.P = model.Unknown
	}
}

func (a *adapter) env(n *tree.Node) []model.K8sEnvVar {
	if n == nil || n.Kind != tree.Seq {
		return nil
	}
	var out []model.K8sEnvVar
	for _, it := range n.Items {
		if it.Kind != tree.Map {
			continue
		}
		e := model.K8sEnvVar{EnvVar: model.EnvVar{Name: a.str(it, "name"), Value: a.str(it, "value"), Pos: a.pos(it)}}
		if vf := it.Get("valueFrom"); vf != nil && vf.Kind == tree.Map && len(vf.Pairs) > 0 {
			e.ValueFrom = vf.Pairs[0].Key.Value
		}
		out = append(out, e)
	}
	return out
}

// profileType reads seccompProfile.type or appArmorProfile.type.
func (a *adapter) profileType(sc *tree.Node, field string) model.Str {
	k, v := pair(sc, field)
	if k == nil || v.IsNull() {
		return model.Str{}
	}
	if v.Kind != tree.Map {
		return model.Str{P: model.Unknown, Pos: a.pos(k)}
	}
	t := a.str(v, "type")
	if t.Absent() {
		return model.Str{P: model.Unknown, Pos: a.pos(k)}
	}
	return t
}

// annotationProfile reads a seccomp or AppArmor annotation, normalising its
// value to the securityContext profile types.
func (a *adapter) annotationProfile(annotations *tree.Node, key string) model.Str {
	s := a.str(annotations, key)
	if !s.Known() {
		return s
	}
	v := strings.TrimSpace(s.V)
	switch {
	case v == "runtime/default" || v == "docker/default":
		s.V = "RuntimeDefault"
	case strings.HasPrefix(v, "localhost/"):
		s.V = "Localhost"
	case v == "unconfined":
		s.V = "Unconfined"
	default:
		s.P, s.V = model.Unknown, ""
	}
	return s
}

func (a *adapter) networkPolicy(n *tree.Node) {
	m, name, ns := a.meta(n, "NetworkPolicy")
	np := &model.K8sNetworkPolicy{Meta: m, Name: name, Namespace: ns}
	spec := n.Get("spec")
	if spec != nil && spec.Kind != tree.Map && !spec.IsNull() {
		np.Selector.Unknown = true
	} else {
		np.Selector = a.selector(spec.Get("podSelector"))
	}
	a.st.Add(np)
}

// selector reads a label selector; absent or empty selects everything.
func (a *adapter) selector(n *tree.Node) model.K8sSelector {
	var s model.K8sSelector
	if n.IsNull() {
		return s
	}
	if n.Kind != tree.Map {
		s.Unknown = true
		return s
	}
	if ml := n.Get("matchLabels"); !ml.IsNull() {
		var unknown bool
		s.MatchLabels, unknown = a.labels(ml)
		s.Unknown = s.Unknown || unknown
	}
	if me := n.Get("matchExpressions"); !me.IsNull() {
		if me.Kind != tree.Seq {
			s.Unknown = true
			return s
		}
		for _, it := range me.Items {
			key, ok1 := it.Get("key").Text()
			op, ok2 := it.Get("operator").Text()
			if !ok1 || !ok2 || isTemplated(key) || isTemplated(op) {
				s.Unknown = true
				continue
			}
			r := model.K8sSelectorRequirement{Key: key, Operator: op}
			for _, v := range it.Get("values").List() {
				t, ok := v.Text()
				if !ok || isTemplated(t) {
					s.Unknown = true
					continue
				}
				r.Values = append(r.Values, t)
			}
			s.MatchExpressions = append(s.MatchExpressions, r)
		}
	}
	return s
}

// labels reads a map of labels; unknown is set when one could not be read.
func (a *adapter) labels(n *tree.Node) (labels map[string]string, unknown bool) {
	if n.IsNull() {
		return nil, false
	}
	if n.Kind != tree.Map {
		return nil, true
	}
	labels = make(map[string]string, len(n.Pairs))
	for _, p := range n.Pairs {
		v, ok := p.Value.Text()
		if p.Value.IsNull() {
			v, ok = "", true
		}
		if !ok || isTemplated(v) || isTemplated(p.Key.Value) {
			unknown = true
			continue
		}
		labels[p.Key.Value] = v
	}
	return labels, unknown
}

// isTemplated reports whether a value is an unrendered template expression.
func isTemplated(s string) bool { return strings.Contains(s, "{{") }

// scalar reads a property with conv: absent when not written (or null),
// unknown when conv cannot read it.
func scalar[T any](a *adapter, n *tree.Node, key string, conv func(*tree.Node) (T, bool)) (v T, p model.Presence, pos model.Pos) {
	k, val := pair(n, key)
	if k == nil || val.IsNull() {
		return v, model.Absent, pos
	}
	v, ok := conv(val)
	if !ok {
		var zero T
		return zero, model.Unknown, a.pos(k)
	}
	return v, model.Known, a.pos(k)
}

// text reads a scalar that is not an unrendered template.
func text(n *tree.Node) (string, bool) {
	t, ok := n.Text()
	return t, ok && !isTemplated(t)
}

func (a *adapter) str(n *tree.Node, key string) model.Str {
	v, p, pos := scalar(a, n, key, text)
	return model.Str{V: v, P: p, Pos: pos}
}

func (a *adapter) bool(n *tree.Node, key string) model.Bool {
	v, p, pos := scalar(a, n, key, (*tree.Node).Bool)
	return model.Bool{V: v, P: p, Pos: pos}
}

func (a *adapter) int(n *tree.Node, key string) model.Int {
	v, p, pos := scalar(a, n, key, (*tree.Node).Int)
	return model.Int{V: v, P: p, Pos: pos}
}

func (a *adapter) list(n *tree.Node, key string) model.List {
	k, v := pair(n, key)
	if k == nil || v.IsNull() {
		return model.List{}
	}
	l := model.List{Pos: a.pos(k), P: model.Known}
	if v.Kind == tree.Scalar && isTemplated(v.Value) {
		l.P = model.Unknown
		return l
	}
	if v.Kind == tree.Map {
		l.P = model.Unknown
		return l
	}
	for _, it := range v.List() {
		s := model.Str{Pos: a.pos(it).Or(l.Pos), P: model.Unknown}
		if t, ok := text(it); ok {
			s.P, s.V = model.Known, t
		}
		l.Items = append(l.Items, s)
	}
	return l
}

func orBool(c, p model.Bool) model.Bool {
	if c.P != model.Absent {
		return c
	}
	return p
}

func orInt(c, p model.Int) model.Int {
	if c.P != model.Absent {
		return c
	}
	return p
}

func orStr(c, p model.Str) model.Str {
	if c.P != model.Absent {
		return c
	}
	return p
}

// TemplateMessage is the diagnostic for an unrendered Helm or Go template.
func TemplateMessage(parseErr string) string {
	return fmt.Sprintf("looks like a Helm chart template ({{ ... }}), which is not YAML until rendered (%s); not scanned: run `helm template` and scan its output", parseErr)
}
