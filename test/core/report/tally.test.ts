// The tally of repeated comparisons (bench:compare --repeat, the A/A and A/B checks): verdicts per
// bench, how many said slower or faster, and the range of changes each bench read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTally, tallyVerdicts, type RevisionCell, type RevisionReport } from '../../../core/report/revisions.ts';

type Verdict = RevisionCell['verdict'];

/** One comparison: per bench, its verdict and head / base. */
function report(cells: Record<string, [Verdict, number]>): RevisionReport {
  return {
    runtimes: ['node'],
    base: { rev: 'HEAD', commit: null },
    head: { rev: 'working tree', commit: null },
    rows: Object.entries(cells).map(([id, [verdict, estimate]]) => ({
      suite: 'multi-lang',
      id,
      cells: [{ runtime: 'node', verdict, ratio: { estimate, low: estimate * 0.97, high: estimate * 1.03 } } as unknown as RevisionCell],
    })),
  };
}

const reports = [
  report({ slowed: ['slower', 1.1], plain: ['same', 0.99], other: ['unsure', 1.02] }),
  report({ slowed: ['slower', 1.14], plain: ['unsure', 1.02], other: ['faster', 0.95] }),
  report({ slowed: ['unsure', 1.05], plain: ['same', 1], other: ['unsure', Number.NaN] }),
];

test('the tally counts verdicts and keeps each change read, leaving out a change that could not be formed', () => {
  const tally = tallyVerdicts(reports).get('node')!;
  assert.deepEqual(
    [...tally].map(([id, t]) => [id, t.slower, t.faster, t.same, t.unsure, t.changes.map((c) => Math.round(c * 1000) / 1000)]),
    [
      ['slowed', 2, 0, 0, 1, [0.1, 0.14, 0.05]],
      ['plain', 0, 0, 2, 1, [-0.01, 0.02, 0]],
      ['other', 0, 1, 0, 2, [0.02, -0.05]],
    ],
  );
});

test('the rendered tally gives the range read over all comparisons, each bench that said slower or faster, and the benches asked for', () => {
  assert.equal(
    renderTally(tallyVerdicts(reports), 3),
    [
      'node: 3 run(s), 9 bench comparison(s), 3 said slower or faster (33.33%); read -5.0% to +14.0%',
      '  slowed: 2 slower, 0 faster, 0 same, 1 unsure; read +5.0% to +14.0%',
      '  other: 0 slower, 1 faster, 0 same, 2 unsure; read -5.0% to +2.0%',
    ].join('\n'),
  );
  assert.equal(
    renderTally(tallyVerdicts([reports[2]!]), 1, ['slowed', 'plain']),
    [
      'node: 1 run(s), 3 bench comparison(s), 0 said slower or faster (0.00%); read +0.0% to +5.0%',
      '  slowed: 0 slower, 0 faster, 0 same, 1 unsure; read +5.0%',
      '  plain: 0 slower, 0 faster, 1 same, 0 unsure; read +0.0%',
    ].join('\n'),
  );
  assert.equal(
    renderTally(tallyVerdicts([report({ other: ['unsure', Number.NaN] })]), 1, ['other']),
    'node: 1 run(s), 1 bench comparison(s), 0 said slower or faster (0.00%); no change read\n  other: 0 slower, 0 faster, 0 same, 1 unsure; no change read',
  );
});
