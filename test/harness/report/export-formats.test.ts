// Each export format checked against its published definition: Bencher Metric Format against
// bencher.dev's JSON Schema (bmf.json, draft-07), github-action-benchmark's customSmallerIsBetter
// input against its BenchmarkResult (src/extract.ts: { name, value, unit, range?, extra? }, all but
// value strings; the action reads an array of them) written as a JSON Schema and tried on the
// README's own example first, CSV read back by Python's csv module (RFC 4180 dialect).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Ajv } from 'ajv';
import { exporterFor } from '../../../core/report/exporters/index.ts';
import { fixtureReport } from './fixture.ts';

/** bencher.dev/bmf.json as published (draft-07). */
const BMF_SCHEMA = {
  $id: 'https://bencher.dev/bmf.json',
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  patternProperties: {
    '.+': {
      type: 'object',
      patternProperties: {
        '.+': {
          type: 'object',
          properties: { value: { type: 'number' }, lower_value: { type: 'number' }, upper_value: { type: 'number' } },
          required: ['value'],
        },
      },
    },
  },
};

/** github-action-benchmark's BenchmarkResult[], strictly: no other keys. */
const GITHUB_BENCHMARK_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      value: { type: 'number' },
      unit: { type: 'string', minLength: 1 },
      range: { type: 'string' },
      extra: { type: 'string' },
    },
    required: ['name', 'value', 'unit'],
    additionalProperties: false,
  },
};

/** The customSmallerIsBetter example in github-action-benchmark's README. */
const GITHUB_BENCHMARK_EXAMPLE = [
  { name: 'My Custom Smaller Is Better Benchmark - CPU Load', unit: 'Percent', value: 50 },
  {
    name: 'My Custom Smaller Is Better Benchmark - Memory Used',
    unit: 'Megabytes',
    value: 100,
    range: '3',
    extra: 'Value for Tooltip: 25\nOptional Num #2: 100\nAnything Else!',
  },
];

function validate(schema: object, data: unknown): string {
  const check = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return check(data) ? '' : JSON.stringify(check.errors);
}

test("bmf: valid against bencher.dev's schema; every latency carries its interval", () => {
  const parsed = JSON.parse(exporterFor('bmf')!.render(fixtureReport(3), { color: false }));
  assert.equal(validate(BMF_SCHEMA, parsed), '');
  assert.equal(Object.keys(parsed).length, 24);
  // bun's three forks: 134 680 ns × 0.99, × 1.01 × 1.00 and × 0.99 × 1.01 (fixture.ts): their median and range.
  const latency = parsed['bun/extract_snippet_50b'].latency;
  assert.deepEqual([Math.round(latency.lower_value), Math.round(latency.value), Math.round(latency.upper_value)], [133_333, 134_667, 136_027]);
});

test("github-benchmark: customSmallerIsBetter input, valid against the action's BenchmarkResult", () => {
  assert.equal(validate(GITHUB_BENCHMARK_SCHEMA, GITHUB_BENCHMARK_EXAMPLE), '');
  const parsed = JSON.parse(exporterFor('github-benchmark')!.render(fixtureReport(3), { color: false }));
  assert.equal(validate(GITHUB_BENCHMARK_SCHEMA, parsed), '');
  assert.equal(parsed.length, 24);
  const bun = parsed.find((r: { name: string }) => r.name === 'bun/extract_snippet_50b');
  assert.deepEqual([bun.unit, Math.round(bun.value), bun.range], ['ns', 134_667, '± 1360']);
  assert.equal(bun.extra, 'bun 1.4.5, 3 forks · clew\nmedian of 3 fork medians, interval 133–136 µs\nagainst the fastest: ★ fastest\nstatus: ✓ OK');
  const node = parsed.find((r: { name: string }) => r.name === 'node/extract_snippet_50b');
  assert.match(node.extra, /\nagainst the fastest: 1\.36× \[1\.31–1\.40×\] slower\n/);
});

test("csv: RFC 4180, read back by Python's csv module: a row per target and bench, raw figures", () => {
  const text = exporterFor('csv')!.render(fixtureReport(3), { color: false });
  assert.ok(text.endsWith('\r\n'));
  const python = spawnSync(
    '/usr/bin/python3',
    ['-c', "import csv, io, json, sys; print(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline='')))))"],
    { input: text, encoding: 'utf8' },
  );
  assert.equal(python.status, 0, python.stderr);
  const rows = JSON.parse(python.stdout) as Array<Record<string, string>>;
  assert.equal(rows.length, 24);
  const node = rows.find((r) => r.bench === 'extract_snippet_50b' && r.target === 'node')!;
  assert.deepEqual(
    [
      node.suite,
      node.runtime,
      node.version,
      node.forks,
      node.rank,
      Number(node.ratio_to_fastest).toFixed(3),
      node.status,
      node.target_ns,
      node.change,
      node.noisy,
    ],
    ['clew', 'node', '20.20.2', '3', 'slower', '1.365', 'ok', '200000', '', '0'],
  );
  const missing = rows.filter((r) => r.bench === 'go_extraction_5000').map((r) => r.target);
  assert.deepEqual(missing, ['node', 'bun']);
});
