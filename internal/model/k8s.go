package model

// K8sWorkload is a Kubernetes object that runs pods: a Pod, or a controller
// with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
// CronJob, ReplicationController). Meta.ID is "Kind/namespace/name" and
// Meta.Type the kind.
type K8sWorkload struct {
	Meta
	Kind string
	Name Str
	// Namespace is metadata.namespace, "default" when it is not written, ""
	// when it is unknown (an unrendered template).
	Namespace string
	// PodLabels are the labels of the pods it runs (the pod template's, or a
	// Pod's own); PodLabelsUnknown is set when some could not be read.
	PodLabels        map[string]string
	PodLabelsUnknown bool
	// PodSpecPos is where the pod spec is written.
	PodSpecPos  Pos
	HostNetwork Bool
	HostPID     Bool
	HostIPC     Bool
	// Windows is set for pods that run on Windows nodes (spec.os.name or a
	// kubernetes.io/os node selector), where the Linux security settings do
	// not apply.
	Windows bool
	// Containers are the containers, init containers and ephemeral
	// containers, with the pod's security context already applied where a
	// container does not set its own.
	Containers []*K8sContainer
	// HostPathVolumes are the pod's hostPath volumes.
	HostPathVolumes []K8sHostPath
}

// K8sHostPath is a hostPath volume of a pod.
type K8sHostPath struct {
	// Name is the volume's name; Path the node path (Unknown when templated).
	Name string
	Path Str
	// Pos is where the volume is declared.
	Pos Pos
	// ReadOnly is true when every container that mounts the volume mounts
	// it readOnly (and at least one mounts it).
	ReadOnly bool
}

// K8sRole is a Role or ClusterRole with its rules.
type K8sRole struct {
	Meta
	Kind string
	Name Str
	// Namespace is metadata.namespace ("default" when not written) for a
	// Role, "" for a ClusterRole.
	Namespace string
	Rules     []K8sPolicyRule
	// Aggregated is set for a ClusterRole with an aggregationRule, whose
	// rules the controller fills in.
	Aggregated bool
}

// K8sPolicyRule is one rule of a Role or ClusterRole.
type K8sPolicyRule struct {
	APIGroups, Resources, Verbs, NonResourceURLs []string
	Pos                                          Pos
}

// K8sBinding is a RoleBinding or ClusterRoleBinding.
type K8sBinding struct {
	Meta
	Kind string
	Name Str
	// RoleKind and RoleName are the roleRef.
	RoleKind, RoleName string
	RolePos            Pos
	Subjects           []K8sSubject
}

// K8sSubject is one subject of a binding.
type K8sSubject struct {
	Kind, Name, Namespace string
	Pos                   Pos
}

// K8sContainer is one container of a pod, with its effective security
// settings: a container value overrides the pod's, and each value's Pos is
// where the one in force is written (an annotation line for the annotation
// forms of AppArmor and seccomp).
type K8sContainer struct {
	Name Str
	// Section is "containers", "initContainers" or "ephemeralContainers".
	Section string
	// Pos is where the container is declared (its "- name:" line).
	Pos     Pos
	Image   Str
	Command List
	Args    List
	// SecurityContext is the container's own securityContext block.
	SecurityContext Block
	Privileged      Bool
	// AllowPrivilegeEscalation defaults to true when absent.
	AllowPrivilegeEscalation Bool
	ReadOnlyRootFilesystem   Bool
	RunAsNonRoot             Bool
	RunAsUser                Int
	// SeccompProfile is the profile type: RuntimeDefault, Localhost or
	// Unconfined (annotation values are normalised to these).
	SeccompProfile Str
	// AppArmorProfile is the profile type: RuntimeDefault, Localhost or
	// Unconfined (annotation values are normalised to these).
	AppArmorProfile Str
	// SELinuxType is seLinuxOptions.type.
	SELinuxType Str
	CapAdd      List
	CapDrop     List
	// Capabilities is the capabilities block.
	Capabilities Block
	// Env holds the env entries; an entry taken from a Secret, ConfigMap or
	// field has an absent Value and ValueFrom naming the source kind.
	Env []K8sEnvVar
	// HostPorts are the ports' hostPort values.
	HostPorts []Int
}

// K8sEnvVar is one env entry of a container.
type K8sEnvVar struct {
	EnvVar
	// ValueFrom is the valueFrom source ("secretKeyRef", "configMapKeyRef",
	// "fieldRef", "resourceFieldRef"), empty for a literal value.
	ValueFrom string
}

// K8sNetworkPolicy is a NetworkPolicy.
type K8sNetworkPolicy struct {
	Meta
	Name Str
	// Namespace is metadata.namespace, "default" when it is not written, ""
	// when it is unknown (the policy may then be in any namespace).
	Namespace string
	// Selector is spec.podSelector; the empty selector selects every pod of
	// the namespace.
	Selector K8sSelector
}

// K8sSelector is a label selector.
type K8sSelector struct {
	MatchLabels      map[string]string
	MatchExpressions []K8sSelectorRequirement
	// Unknown is set when part of the selector could not be read; such a
	// selector may select anything.
	Unknown bool
}

// K8sSelectorRequirement is one matchExpressions entry.
type K8sSelectorRequirement struct {
	Key      string
	Operator string // In, NotIn, Exists, DoesNotExist
	Values   []string
}

// Matches reports whether the selector selects pods with the given labels.
// An unknown selector, or unknown labels, may match and count as matching.
func (s K8sSelector) Matches(labels map[string]string, labelsUnknown bool) bool {
	if s.Unknown || labelsUnknown {
		return true
	}
	for k, v := range s.MatchLabels {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	for _, r := range s.MatchExpressions {
		got, ok := labels[r.Key]
		switch r.Operator {
		case "In":
			if !ok || !containsString(r.Values, got) {
				return false
			}
		case "NotIn":
			if ok && containsString(r.Values, got) {
				return false
			}
		case "Exists":
			if !ok {
				return false
			}
		case "DoesNotExist":
			if ok {
				return false
			}
		default:
			return true // an operator the API rejects: cannot judge
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
