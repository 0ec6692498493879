// Go oracle for Braid's JSON Schemas: Kubernetes- and OCI-style types (go/types.go: embedded and inline
// structs, json tags, omitempty, pointers, nil slices and maps, a quoted number, a generic list, a type
// with MarshalJSON) go through Clew and Braid. A program built with Debian's Go writes values of them
// with encoding/json and judges every value and its mutants: valid when encoding/json reads it into the
// type (unknown fields refused) and writes exactly it again (Go's reader fills in whatever is missing,
// so only what its writer writes counts). A verdict is right when ajv with the emitted schema agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../../support/platform.ts';
import { requireTool } from '../../support/tools.ts';
import { syncTree } from './build-cache.ts';
import { judgeWithProgram } from './compiled-oracle.ts';

const GO = '/usr/bin/go';
const PROJECT = repoPath('test/harness/schemas/go');

test('Go: the emitted JSON Schemas accept exactly the values encoding/json writes, for Kubernetes- and OCI-style types', async () => {
  requireTool(GO, 'golang-go');
  const build = syncTree(PROJECT, join(tmpdir(), 'ananke-schema-oracle-go'), new Set(['cache']));
  const binary = join(build, 'oracle');
  const env = { ...process.env, GOCACHE: join(build, 'cache', 'build'), GOPATH: join(build, 'cache', 'path'), GOFLAGS: '-buildvcs=false', GO111MODULE: 'on' };
  const go = spawnSync(GO, ['build', '-o', binary, '.'], { cwd: build, encoding: 'utf8', env });
  assert.equal(go.status, 0, `go build failed:\n${go.stderr}`);
  await judgeWithProgram({ language: 'go', binary, types: join(PROJECT, 'types.go'), judgedBy: 'encoding/json', mutantsPerInstance: 8 });
});
