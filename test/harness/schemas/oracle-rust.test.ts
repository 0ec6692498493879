// Rust oracle for Braid's JSON Schemas: protocol types written as real crates write them (rust/src/
// protocol.rs: lsp-types, dap, jsonrpc, cargo_metadata shapes with serde's attributes) go through Clew
// and Braid. A small program built offline with Debian's cargo and packaged serde crates writes values
// of them with serde_json and judges every value and its mutants: valid when serde_json reads it into
// the type and writing that value again gives every member unchanged. A verdict is right when ajv
// with the emitted schema agrees. The build is cached in a temporary folder the test reuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../../support/platform.ts';
import { requireTool } from '../../support/tools.ts';
import { syncTree } from './build-cache.ts';
import { judgeWithProgram } from './compiled-oracle.ts';

const CARGO = '/usr/bin/cargo';
const REGISTRY = '/usr/share/cargo/registry';
const PROJECT = repoPath('test/harness/schemas/rust');

test("Rust: the emitted JSON Schemas accept exactly the values serde_json writes and reads back, for protocol types in real crates' style", async () => {
  const install = 'apt-get install cargo librust-serde-json-dev librust-serde-derive-dev';
  requireTool(CARGO, 'cargo');
  for (const crate of ['serde_json', 'serde_derive']) {
    assert.ok(
      existsSync(REGISTRY) && readdirSync(REGISTRY).some((d) => d.startsWith(`${crate}-`)),
      `${REGISTRY} has no ${crate}: ${install} (.ci/run installs it)`,
    );
  }
  const build = syncTree(PROJECT, join(tmpdir(), 'ananke-schema-oracle-rust'));
  const cargo = spawnSync(CARGO, ['build', '--offline', '--quiet', '--target-dir', join(build, 'target')], { cwd: build, encoding: 'utf8' });
  assert.equal(cargo.status, 0, `cargo build failed:\n${cargo.stderr}`);
  await judgeWithProgram({
    language: 'rust',
    binary: join(build, 'target', 'debug', 'schema-oracle'),
    types: join(PROJECT, 'src', 'protocol.rs'),
    judgedBy: 'serde_json',
    mutantsPerInstance: 6,
  });
});
