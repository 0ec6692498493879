// The Go oracle of the schema tests: Kubernetes- and OCI-style types written and read by encoding/json.
module schemaoracle

go 1.19
