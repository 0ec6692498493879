// Types in the shapes Kubernetes (k8s.io/api, apimachinery) and the OCI image spec
// (opencontainers/image-spec) give them: embedded and inline structs, json tags, omitempty,
// pointers, nil slices and maps, a quoted number, a generic list, and a type that writes itself.
// Clew reads this file; main.go writes values of these types and judges JSON with encoding/json.
package main

import (
	"encoding/json"
	"time"
)

// ---- apimachinery

type TypeMeta struct {
	Kind       string `json:"kind,omitempty"`
	APIVersion string `json:"apiVersion,omitempty"`
}

type UID string

type OwnerReference struct {
	APIVersion         string `json:"apiVersion"`
	Kind               string `json:"kind"`
	Name               string `json:"name"`
	UID                UID    `json:"uid"`
	Controller         *bool  `json:"controller,omitempty"`
	BlockOwnerDeletion *bool  `json:"blockOwnerDeletion,omitempty"`
}

type ObjectMeta struct {
	Name              string            `json:"name,omitempty"`
	GenerateName      string            `json:"generateName,omitempty"`
	Namespace         string            `json:"namespace,omitempty"`
	UID               UID               `json:"uid,omitempty"`
	ResourceVersion   string            `json:"resourceVersion,omitempty"`
	Generation        int64             `json:"generation,omitempty"`
	CreationTimestamp time.Time         `json:"creationTimestamp,omitempty"`
	DeletionTimestamp *time.Time        `json:"deletionTimestamp,omitempty"`
	Labels            map[string]string `json:"labels,omitempty"`
	Annotations       map[string]string `json:"annotations,omitempty"`
	OwnerReferences   []OwnerReference  `json:"ownerReferences,omitempty"`
	Finalizers        []string          `json:"finalizers,omitempty"`
}

type ListMeta struct {
	ResourceVersion    string `json:"resourceVersion,omitempty"`
	Continue           string `json:"continue,omitempty"`
	RemainingItemCount *int64 `json:"remainingItemCount,omitempty"`
}

// Quantity writes itself, as resource.Quantity does ("500m", "1Gi").
type Quantity struct {
	s string
}

func (q Quantity) MarshalJSON() ([]byte, error) { return json.Marshal(q.s) }

func (q *Quantity) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &q.s) }

// ---- core/v1

type PodPhase string

type Protocol string

type ContainerPort struct {
	Name          string   `json:"name,omitempty"`
	HostPort      int32    `json:"hostPort,omitempty"`
	ContainerPort int32    `json:"containerPort"`
	Protocol      Protocol `json:"protocol,omitempty"`
}

type EnvVar struct {
	Name      string        `json:"name"`
	Value     string        `json:"value,omitempty"`
	ValueFrom *EnvVarSource `json:"valueFrom,omitempty"`
}

type EnvVarSource struct {
	FieldRef *ObjectFieldSelector `json:"fieldRef,omitempty"`
}

type ObjectFieldSelector struct {
	APIVersion string `json:"apiVersion,omitempty"`
	FieldPath  string `json:"fieldPath"`
}

type ResourceRequirements struct {
	Limits   map[string]Quantity `json:"limits,omitempty"`
	Requests map[string]Quantity `json:"requests,omitempty"`
}

type Container struct {
	Name       string               `json:"name"`
	Image      string               `json:"image,omitempty"`
	Command    []string             `json:"command,omitempty"`
	Args       []string             `json:"args,omitempty"`
	WorkingDir string               `json:"workingDir,omitempty"`
	Ports      []ContainerPort      `json:"ports,omitempty"`
	Env        []EnvVar             `json:"env,omitempty"`
	Resources  ResourceRequirements `json:"resources,omitempty"`
	Stdin      bool                 `json:"stdin,omitempty"`
}

type PodSpec struct {
	Containers                    []Container       `json:"containers"`
	RestartPolicy                 string            `json:"restartPolicy,omitempty"`
	TerminationGracePeriodSeconds *int64            `json:"terminationGracePeriodSeconds,omitempty"`
	NodeSelector                  map[string]string `json:"nodeSelector,omitempty"`
	ServiceAccountName            string            `json:"serviceAccountName,omitempty"`
	HostNetwork                   bool              `json:"hostNetwork,omitempty"`
	Priority                      *int32            `json:"priority,omitempty"`
}

type PodCondition struct {
	Type               string    `json:"type"`
	Status             string    `json:"status"`
	LastTransitionTime time.Time `json:"lastTransitionTime,omitempty"`
	Reason             string    `json:"reason,omitempty"`
	Message            string    `json:"message,omitempty"`
}

type PodStatus struct {
	Phase      PodPhase       `json:"phase,omitempty"`
	Conditions []PodCondition `json:"conditions,omitempty"`
	PodIP      string         `json:"podIP,omitempty"`
	StartTime  *time.Time     `json:"startTime,omitempty"`
}

type Pod struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata,omitempty"`
	Spec       PodSpec   `json:"spec,omitempty"`
	Status     PodStatus `json:"status,omitempty"`
}

// List is the generic form of the *List types (PodList …).
type List[T any] struct {
	TypeMeta `json:",inline"`
	ListMeta `json:"metadata,omitempty"`
	Items    []T `json:"items"`
}

type PodList struct {
	Pods List[Pod] `json:"pods"`
}

type LabelSelector struct {
	MatchLabels map[string]string `json:"matchLabels,omitempty"`
	// an anonymous struct, as some CRDs declare their specs
	Expression struct {
		Key      string   `json:"key"`
		Operator string   `json:"operator"`
		Values   []string `json:"values"`
	} `json:"expression"`
}

type ResourceQuotaStatus struct {
	// written as a string: `json:",string"`
	Used     int64 `json:"used,string"`
	Hard     int64 `json:"hard,string,omitempty"`
	internal int
}

// ---- OCI image spec

type Versioned struct {
	SchemaVersion int `json:"schemaVersion"`
}

type Platform struct {
	Architecture string   `json:"architecture"`
	OS           string   `json:"os"`
	OSVersion    string   `json:"os.version,omitempty"`
	OSFeatures   []string `json:"os.features,omitempty"`
	Variant      string   `json:"variant,omitempty"`
}

type Descriptor struct {
	MediaType    string            `json:"mediaType"`
	Digest       string            `json:"digest"`
	Size         int64             `json:"size"`
	URLs         []string          `json:"urls,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	Data         []byte            `json:"data,omitempty"`
	Platform     *Platform         `json:"platform,omitempty"`
	ArtifactType string            `json:"artifactType,omitempty"`
}

type Manifest struct {
	Versioned
	MediaType   string            `json:"mediaType,omitempty"`
	Config      Descriptor        `json:"config"`
	Layers      []Descriptor      `json:"layers"`
	Subject     *Descriptor       `json:"subject,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type Index struct {
	Versioned
	MediaType string       `json:"mediaType,omitempty"`
	Manifests []Descriptor `json:"manifests"`
}

type ImageConfig struct {
	User         string              `json:"User,omitempty"`
	ExposedPorts map[string]struct{} `json:"ExposedPorts,omitempty"`
	Env          []string            `json:"Env,omitempty"`
	Entrypoint   []string            `json:"Entrypoint,omitempty"`
	Cmd          []string            `json:"Cmd,omitempty"`
	Labels       map[string]string   `json:"Labels,omitempty"`
	StopSignal   string              `json:"StopSignal,omitempty"`
}

type RootFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diff_ids"`
}

type History struct {
	Created    *time.Time `json:"created,omitempty"`
	CreatedBy  string     `json:"created_by,omitempty"`
	EmptyLayer bool       `json:"empty_layer,omitempty"`
}

type Image struct {
	Created  *time.Time `json:"created,omitempty"`
	Author   string     `json:"author,omitempty"`
	Platform `json:",inline"`
	Config   ImageConfig `json:"config,omitempty"`
	RootFS   RootFS      `json:"rootfs"`
	History  []History   `json:"history,omitempty"`
}

// ---- embedding corner cases

type Base struct {
	ID      int64  `json:"id"`
	Comment string `json:"comment,omitempty"`
}

type Name string

type Record struct {
	*Base
	Name
	Meta     TypeMeta `json:"meta"`
	Checksum [4]byte  `json:"checksum"`
	Secret   string   `json:"-"`
	Ratio    float64  `json:"ratio"`
	Extra    any      `json:"extra"`
}
