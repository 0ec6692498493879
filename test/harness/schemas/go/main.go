// The Go judge of the schema oracle.
//
//	go run . samples   prints [{type, features, instances}]: values of types.go's types written by encoding/json
//	go run . judge     reads [{type, value}] on stdin, prints [true|false]: whether encoding/json reads the value
//	                   into the type (unknown fields refused) and writing it again gives the same JSON. Go's reader
//	                   fills in what is missing, so the value must be what its writer writes, member for member.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"time"
)

type entry struct {
	name     string
	features []string
	make     func() any
	samples  []any
}

func ptr[T any](v T) *T { return &v }

func types() []entry {
	created := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	started := time.Date(2024, 5, 1, 12, 0, 5, 250000000, time.UTC)
	meta := ObjectMeta{Name: "web-0", Namespace: "default", UID: "3f6c", Generation: 2, CreationTimestamp: created, Labels: map[string]string{"app": "web"},
		OwnerReferences: []OwnerReference{{APIVersion: "apps/v1", Kind: "StatefulSet", Name: "web", UID: "9a1", Controller: ptr(true)}}}
	container := Container{Name: "nginx", Image: "nginx:1.25", Ports: []ContainerPort{{ContainerPort: 80, Protocol: "TCP"}},
		Env:       []EnvVar{{Name: "MODE", Value: "prod"}, {Name: "POD", ValueFrom: &EnvVarSource{FieldRef: &ObjectFieldSelector{FieldPath: "metadata.name"}}}},
		Resources: ResourceRequirements{Limits: map[string]Quantity{"memory": {s: "128Mi"}}}}
	pod := Pod{TypeMeta: TypeMeta{Kind: "Pod", APIVersion: "v1"}, ObjectMeta: meta,
		Spec:   PodSpec{Containers: []Container{container}, RestartPolicy: "Always", TerminationGracePeriodSeconds: ptr(int64(30))},
		Status: PodStatus{Phase: "Running", PodIP: "10.0.0.7", StartTime: &started, Conditions: []PodCondition{{Type: "Ready", Status: "True", LastTransitionTime: started}}}}
	bare := Pod{Spec: PodSpec{Containers: []Container{{Name: "sidecar"}}}}
	desc := Descriptor{MediaType: "application/vnd.oci.image.config.v1+json", Digest: "sha256:abc", Size: 1469}
	layer := Descriptor{MediaType: "application/vnd.oci.image.layer.v1.tar+gzip", Digest: "sha256:def", Size: 3370706, URLs: []string{"https://x/y"},
		Annotations: map[string]string{"org.opencontainers.image.title": "rootfs"}, Data: []byte("hi"), Platform: &Platform{Architecture: "amd64", OS: "linux", OSFeatures: []string{"sse4"}}}
	return []entry{
		{"TypeMeta", []string{"omitempty"}, func() any { return &TypeMeta{} }, []any{TypeMeta{Kind: "Pod", APIVersion: "v1"}, TypeMeta{}}},
		{"OwnerReference", []string{"pointer omitempty", "named string type"}, func() any { return &OwnerReference{} }, []any{meta.OwnerReferences[0], OwnerReference{APIVersion: "v1", Kind: "Node", Name: "n", UID: "u", BlockOwnerDeletion: ptr(false)}}},
		{"ObjectMeta", []string{"omitempty", "time", "pointer omitempty", "map", "struct omitempty"}, func() any { return &ObjectMeta{} }, []any{meta, ObjectMeta{Name: "x", DeletionTimestamp: &created, Finalizers: []string{"f"}}}},
		{"ListMeta", []string{"omitempty", "pointer omitempty"}, func() any { return &ListMeta{} }, []any{ListMeta{Continue: "tok", RemainingItemCount: ptr(int64(3))}}},
		{"ContainerPort", []string{"integer widths", "omitempty"}, func() any { return &ContainerPort{} }, []any{ContainerPort{Name: "http", HostPort: 8080, ContainerPort: 80, Protocol: "TCP"}}},
		{"EnvVar", []string{"pointer omitempty", "nested struct"}, func() any { return &EnvVar{} }, []any{container.Env[0], container.Env[1]}},
		{"Container", []string{"omitempty", "struct omitempty", "custom MarshalJSON"}, func() any { return &Container{} }, []any{container, Container{Name: "init", Command: []string{"sh", "-c"}, Stdin: true}}},
		{"PodSpec", []string{"nil slice", "pointer omitempty", "map"}, func() any { return &PodSpec{} }, []any{pod.Spec, PodSpec{Priority: ptr(int32(-5))}}},
		{"PodCondition", []string{"time", "struct omitempty"}, func() any { return &PodCondition{} }, []any{pod.Status.Conditions[0]}},
		{"PodStatus", []string{"pointer omitempty", "time"}, func() any { return &PodStatus{} }, []any{pod.Status, PodStatus{}}},
		{"Pod", []string{"inline embedded", "tagged embedded", "struct omitempty"}, func() any { return &Pod{} }, []any{pod, bare}},
		{"PodList", []string{"generic instantiation", "inline embedded", "tagged embedded", "nil slice"}, func() any { return &PodList{} }, []any{PodList{Pods: List[Pod]{Items: []Pod{bare}}}, PodList{}}},
		{"LabelSelector", []string{"anonymous struct", "nil slice", "map"}, func() any { return &LabelSelector{} }, []any{LabelSelector{MatchLabels: map[string]string{"a": "b"}}}},
		{"ResourceQuotaStatus", []string{"json string option", "unexported field"}, func() any { return &ResourceQuotaStatus{} }, []any{ResourceQuotaStatus{Used: 3, Hard: 10}, ResourceQuotaStatus{Used: -1}}},
		{"Platform", []string{"omitempty", "dotted names"}, func() any { return &Platform{} }, []any{*layer.Platform, Platform{Architecture: "arm64", OS: "linux", Variant: "v8", OSVersion: "10"}}},
		{"Descriptor", []string{"base64 bytes", "pointer omitempty", "map"}, func() any { return &Descriptor{} }, []any{desc, layer}},
		{"Manifest", []string{"untagged embedded", "nil slice", "pointer omitempty"}, func() any { return &Manifest{} }, []any{Manifest{Versioned: Versioned{SchemaVersion: 2}, Config: desc, Layers: []Descriptor{layer}, Subject: &desc}, Manifest{Versioned: Versioned{SchemaVersion: 2}, Config: desc}}},
		{"Index", []string{"untagged embedded", "nil slice"}, func() any { return &Index{} }, []any{Index{Versioned: Versioned{SchemaVersion: 2}, Manifests: []Descriptor{desc}}}},
		{"ImageConfig", []string{"map of empty structs", "omitempty"}, func() any { return &ImageConfig{} }, []any{ImageConfig{User: "root", ExposedPorts: map[string]struct{}{"80/tcp": {}}, Env: []string{"PATH=/bin"}, Cmd: []string{"nginx"}}}},
		{"RootFS", []string{"nil slice"}, func() any { return &RootFS{} }, []any{RootFS{Type: "layers", DiffIDs: []string{"sha256:1"}}, RootFS{Type: "layers"}}},
		{"Image", []string{"inline embedded", "struct omitempty", "pointer omitempty", "time"}, func() any { return &Image{} }, []any{
			Image{Created: &created, Author: "me", Platform: Platform{Architecture: "amd64", OS: "linux"}, RootFS: RootFS{Type: "layers", DiffIDs: []string{}}, History: []History{{CreatedBy: "RUN x", EmptyLayer: true}}},
		}},
		{"Record", []string{"pointer embedded", "embedded non-struct", "fixed array", "json skip", "interface"}, func() any { return &Record{} }, []any{
			Record{Base: &Base{ID: 7, Comment: "c"}, Name: "n", Checksum: [4]byte{1, 2, 3, 4}, Ratio: 0.5, Extra: map[string]any{"k": []any{1.0}}},
			Record{Name: "", Meta: TypeMeta{Kind: "K"}, Extra: nil},
		}},
	}
}

// normal decodes JSON into plain values with numbers kept exact, for comparing.
func normal(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func sameNumbers(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, found := y[k]; !found || !sameNumbers(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameNumbers(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, errx := x.Float64()
		fy, erry := y.Float64()
		return errx == nil && erry == nil && fx == fy
	default:
		return reflect.DeepEqual(a, b)
	}
}

func judge(e entry, value json.RawMessage) bool {
	target := e.make()
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.DisallowUnknownFields()
	if err := dec.Decode(target); err != nil {
		return false
	}
	written, err := json.Marshal(target)
	if err != nil {
		return false
	}
	a, errA := normal(value)
	b, errB := normal(written)
	return errA == nil && errB == nil && sameNumbers(a, b)
}

func main() {
	all := types()
	byName := map[string]entry{}
	for _, e := range all {
		byName[e.name] = e
	}
	switch mode := os.Args[1]; mode {
	case "samples":
		out := []map[string]any{}
		for _, e := range all {
			instances := []json.RawMessage{}
			for _, s := range e.samples {
				data, err := json.Marshal(s)
				if err != nil {
					panic(err)
				}
				instances = append(instances, data)
			}
			out = append(out, map[string]any{"type": e.name, "features": e.features, "instances": instances})
		}
		data, _ := json.Marshal(out)
		fmt.Println(string(data))
	case "judge":
		input, _ := io.ReadAll(os.Stdin)
		var cases []struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(input, &cases); err != nil {
			panic(err)
		}
		verdicts := make([]bool, len(cases))
		for i, c := range cases {
			e, ok := byName[c.Type]
			if !ok {
				panic("unknown type " + c.Type)
			}
			verdicts[i] = judge(e, c.Value)
		}
		data, _ := json.Marshal(verdicts)
		fmt.Println(string(data))
	default:
		fmt.Fprintln(os.Stderr, "usage: schemaoracle samples | judge")
		os.Exit(2)
	}
}
