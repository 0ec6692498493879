// Collecting records into runs: corrupt lines are reported by file and line, the rest kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunCollector } from '../../../core/report/runs.ts';
import { benchRecord, runRecord } from './helpers.ts';

test('a corrupt line is reported with file and line number; the other lines are kept', () => {
  const collector = new RunCollector();
  const lines = [
    JSON.stringify(runRecord('node')),
    JSON.stringify(benchRecord('a', { p50: 1 })),
    '{"type":"bench","schema":1,"runId":"run-1","su',
    '',
    JSON.stringify({ ...benchRecord('b', { p50: 2 }), samples: 'many' }),
    JSON.stringify(benchRecord('c', { p50: 3 })),
  ];
  for (const [i, text] of lines.entries()) collector.addLine('results/x/node.ndjson', i + 1, text);
  assert.equal(collector.runs.length, 1);
  assert.deepEqual(
    collector.runs[0]!.benches.map((b) => b.id),
    ['a', 'c'],
  );
  assert.deepEqual(
    collector.problems.map((p) => `${p.source}:${p.line}`),
    ['results/x/node.ndjson:3', 'results/x/node.ndjson:5'],
  );
  assert.match(collector.problems[0]!.message, /not valid JSON/);
  assert.match(collector.problems[1]!.message, /samples: Invalid type: Expected number but received "many"/);
});

test('records belong to the run record of the same run id in the same file', () => {
  const collector = new RunCollector();
  collector.addValue('bun.ndjson', 1, benchRecord('early', { p50: 1 }));
  collector.addValue('bun.ndjson', 2, runRecord('bun'));
  collector.addValue('node.ndjson', 1, runRecord('node'));
  collector.addValue('bun.ndjson', 3, benchRecord('a', { p50: 1 }));
  collector.addValue('bun.ndjson', 4, { type: 'error', schema: 1, runId: 'run-1', suite: 'clew', id: 'b', message: 'boom' });
  collector.addValue('bun.ndjson', 5, { type: 'done', schema: 1, runId: 'run-1', endedAt: 'x', counts: { bench: 1, error: 1 } });
  assert.deepEqual(
    collector.runs.map((r) => [r.run.runtime.name, r.benches.length, r.errors.length, r.done !== null]),
    [
      ['bun', 1, 1, true],
      ['node', 0, 0, false],
    ],
  );
  assert.deepEqual(
    collector.problems.map((p) => `${p.source}:${p.line}`),
    ['bun.ndjson:1'],
  );
  assert.match(collector.problems[0]!.message, /comes before any run record/);
});
