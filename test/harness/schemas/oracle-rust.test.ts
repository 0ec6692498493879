// Rust oracle for Braid's JSON Schemas: protocol types written as real crates write them (rust/src/
// protocol.rs: lsp-types, dap, jsonrpc, cargo_metadata shapes with serde's attributes) go through Clew
// and Braid. A small program built offline with Debian's cargo and packaged serde crates writes values
// of them with serde_json and judges every value and its mutants: valid when serde_json reads it into
// the type and writing that value again gives every member unchanged. A verdict is right when ajv
// with the emitted schema agrees. The build is cached in a temporary folder the test reuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../../../core/braid/index.ts';
import { Clew } from '../../../core/clew/index.ts';
import { repoPath, usePlatform } from '../../support/platform.ts';
import { requireTool } from '../../support/tools.ts';
import { syncTree } from './build-cache.ts';
import { assertLarkEmbedsSchemas, assertXGrammarCompiles, mutants, SchemaJudge, seeded, VerdictTally, type Json } from './verdicts.ts';

const CARGO = '/usr/bin/cargo';
const REGISTRY = '/usr/share/cargo/registry';
const PROJECT = repoPath('test/harness/schemas/rust');
const MUTANTS = 6;

function run(binary: string, mode: string, input?: string): unknown {
  const out = spawnSync(binary, [mode], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

test('Rust: the emitted JSON Schemas accept exactly the values serde_json writes and reads back, for protocol types in real crates\' style', async () => {
  const install = 'apt-get install cargo librust-serde-json-dev librust-serde-derive-dev';
  requireTool(CARGO, install);
  for (const crate of ['serde_json', 'serde_derive']) {
    assert.ok(existsSync(REGISTRY) && readdirSync(REGISTRY).some((d) => d.startsWith(`${crate}-`)), `${REGISTRY} has no ${crate}: ${install} (.ci/run installs it)`);
  }
  const build = syncTree(PROJECT, join(tmpdir(), 'ananke-schema-oracle-rust'));
  const cargo = spawnSync(CARGO, ['build', '--offline', '--quiet', '--target-dir', join(build, 'target')], { cwd: build, encoding: 'utf8' });
  assert.equal(cargo.status, 0, `cargo build failed:\n${cargo.stderr}`);
  const binary = join(build, 'target', 'debug', 'schema-oracle');

  await usePlatform();
  const clew = await Clew.create();
  await clew.load('rust');
  const path = join(PROJECT, 'src', 'protocol.rs');
  const result = clew.extract(readFileSync(path, 'utf8'), { language: 'rust', file: path });
  result.dispose?.();
  const ir = compile(result.constraints, { language: 'rust' });

  const samples = run(binary, 'samples') as Array<{ type: string; features: string[]; instances: Json[] }>;
  const random = seeded(14);
  const cases: Array<{ type: string; features: string[]; value: Json; how: string }> = [];
  for (const s of samples) {
    for (const instance of s.instances) {
      cases.push({ type: s.type, features: s.features, value: instance, how: 'instance' });
      for (const m of mutants(instance, random, MUTANTS)) cases.push({ type: s.type, features: s.features, value: m.value, how: m.how });
    }
  }
  const verdicts = run(binary, 'judge', JSON.stringify(cases.map((c) => ({ type: c.type, value: c.value })))) as boolean[];

  const judge = new SchemaJudge();
  const tally = new VerdictTally();
  cases.forEach((c, i) => {
    const schema = ir.schemas[c.type];
    tally.add({ language: 'rust', type: c.type, features: c.features, value: c.value, how: c.how, expected: verdicts[i]!, got: schema !== undefined && judge.accepts(schema, c.value) });
  });
  tally.report(`Rust schemas: ${tally.verdicts.length} values of ${samples.length} types judged by serde_json`, 0.95);
  assertLarkEmbedsSchemas(ir);
  await assertXGrammarCompiles(ir.schemas);
});
