// Python oracle for Braid's JSON Schemas: real modules of Debian's Python (the standard library's
// http, pstats, uuid, enum, inspect, ast, ssl, tomllib; pip's vendored rich, distro, chardet, packaging
// and pip's own models) go through Clew and Braid. Debian's /usr/bin/python3 imports each module,
// serializes generated instances of its data types with the standard library (python/judge.py:
// dataclasses, NamedTuples, TypedDicts, enums as their values, json.dumps), and judges every value and
// its mutants by reading it back into the type strictly and writing it again. A verdict is right when
// ajv with the emitted schema agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ConstraintIR } from '../../../core/braid/index.ts';
import { repoPath } from '../../support/platform.ts';
import { PYTHON, requireTool } from '../../support/tools.ts';
import { assertServersTakeSchemas, compiledFile, mutants, SchemaJudge, seeded, VerdictTally, type Json } from './verdicts.ts';

const STDLIB = '/usr/lib/python3.11';
const DIST = '/usr/lib/python3/dist-packages';
const MODULES = [
  'http',
  'pstats',
  'uuid',
  'enum',
  'inspect',
  'ast',
  'ssl',
  'tomllib._parser',
  'signal',
  'socket',
  ...[
    'color',
    'color_triplet',
    'console',
    'segment',
    'region',
    'measure',
    'layout',
    'markup',
    'progress',
    'pretty',
    'table',
    'text',
    'traceback',
    'tree',
    'ansi',
    'syntax',
    'box',
    'padding',
    'align',
  ].map((m) => `pip._vendor.rich.${m}`),
  'pip._vendor.distro.distro',
  'pip._vendor.chardet.enums',
  'pip._vendor.packaging._manylinux',
  'pip._vendor.packaging._musllinux',
  'pip._vendor.tomli._parser',
  'pip._vendor.pyparsing.core',
  'pip._vendor.pyparsing.helpers',
  'pip._internal.models.link',
  'pip._internal.operations.check',
  'pip._internal.operations.freeze',
  'pip._internal.commands.show',
  'pip._internal.self_outdated_check',
  'pip._internal.network.auth',
  'pip._internal.metadata.base',
];
const INSTANCES = 3;
const MUTANTS = 4;

interface PythonType {
  module: string;
  name: string;
  features?: string[];
  instances?: string[];
  skipped?: string;
}

/** The module's source file (a package's __init__.py). */
function sourceOf(module: string): string {
  const rel = module.replaceAll('.', '/');
  for (const base of [STDLIB, DIST]) {
    for (const path of [`${base}/${rel}.py`, `${base}/${rel}/__init__.py`]) if (existsSync(path)) return path;
  }
  throw new Error(`no source for ${module}`);
}

function runJudge(mode: 'generate' | 'judge', request: unknown): unknown {
  const run = spawnSync(PYTHON, [repoPath('test/harness/schemas/python/judge.py'), mode], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test('Python: the emitted JSON Schemas accept exactly the values the standard library writes and reads back, for real modules', async () => {
  requireTool(PYTHON, 'python3');
  const irs = new Map<string, ConstraintIR>();
  for (const module of MODULES) irs.set(module, await compiledFile('python', sourceOf(module)));

  const generated = runJudge('generate', { modules: MODULES, seed: 14, instances: INSTANCES }) as { types: PythonType[]; version: string };
  assert.match(generated.version, /^3\.11\./, "Debian bookworm's Python");
  const judged = generated.types.filter((t) => t.instances !== undefined);
  const skipped = new Map<string, number>();
  for (const t of generated.types)
    if (t.skipped) {
      const why = t.skipped.replace(/^(\w+): .*(declared in another module|generic|is not JSON data|keys other than str|without item type).*$/, '$1: $2');
      skipped.set(why, (skipped.get(why) ?? 0) + 1);
    }

  const random = seeded(14);
  const cases: Array<{ type: PythonType; value: Json; how: string }> = [];
  for (const t of judged) {
    for (const text of t.instances!) {
      const instance = JSON.parse(text) as Json;
      cases.push({ type: t, value: instance, how: 'instance' });
      for (const m of mutants(instance, random, MUTANTS)) cases.push({ type: t, value: m.value, how: m.how });
    }
  }
  const { verdicts } = runJudge('judge', { cases: cases.map((c) => ({ module: c.type.module, name: c.type.name, value: c.value })) }) as {
    verdicts: boolean[];
  };

  const judge = new SchemaJudge();
  const tally = new VerdictTally();
  cases.forEach((c, i) => {
    const schema = irs.get(c.type.module)!.schemas[c.type.name];
    // a type Python writes but Braid gave no schema: no value of it is accepted
    tally.add({
      language: 'python',
      type: `${c.type.module}.${c.type.name}`,
      features: c.type.features!,
      value: c.value,
      how: c.how,
      expected: verdicts[i]!,
      got: schema !== undefined && judge.accepts(schema, c.value),
    });
  });
  console.log(
    `Python ${generated.version}: ${judged.length} types from ${MODULES.length} modules; left out: ${[...skipped].map(([why, n]) => `${n} ${why}`).join('; ')}`,
  );
  tally.report(`Python schemas: ${tally.verdicts.length} values judged by Python's own reading and writing`, 0.95);

  for (const ir of irs.values()) await assertServersTakeSchemas(ir);
});
