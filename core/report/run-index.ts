// What a results folder holds, run by run: each run folder's manifest (run.json: the plan and the
// outcome) and its records, summed up as one line a user can read (`npm run bench -- --list-runs`),
// and the rule for which earlier run a new one may be compared with: like with like only (same
// testbed, profile and benches, a run that finished cleanly), newest first, or the one named.
import * as v from 'valibot';
import { checkJsonText, type Checked } from '../record/baselines.ts';
import { borderlessTable } from './borderless.ts';
import type { LoadedRun } from './runs.ts';
import { fingerprintOf } from './testbed.ts';

const OutcomeSchema = v.looseObject({
  failures: v.array(v.string()),
  interrupted: v.nullable(v.string()),
  missed: v.union([v.number(), v.array(v.unknown())]),
  forks: v.optional(v.number()),
});

/** The parts of run.json this module reads (orchestrator/bench-run.ts and hosts-run.ts write it). */
export const RunManifestSchema = v.looseObject({
  kind: v.literal('ananke-bench-run'),
  runId: v.string(),
  startedAt: v.optional(v.string()),
  endedAt: v.optional(v.nullable(v.string())),
  /** run-all's arguments as given. */
  argv: v.optional(v.array(v.string())),
  profile: v.optional(v.string()),
  sampling: v.optional(v.nullable(v.string())),
  suites: v.optional(v.nullable(v.array(v.string()))),
  benches: v.array(v.string()),
  targets: v.optional(v.array(v.looseObject({ label: v.string(), runtime: v.string(), version: v.string() }))),
  plan: v.optional(v.looseObject({ forks: v.number() })),
  outcome: v.optional(v.nullable(OutcomeSchema)),
  /** Runs over SSH: one outcome per host. */
  hosts: v.optional(v.array(v.looseObject({ host: v.string(), failed: v.nullable(v.string()), outcome: v.nullable(OutcomeSchema) }))),
});

export type RunManifestView = v.InferOutput<typeof RunManifestSchema>;

/** Checks run.json's text; a broken manifest is a message naming the file and the JSON path. */
export function parseRunManifest(text: string, fileLabel: string): Checked<RunManifestView> {
  return checkJsonText(RunManifestSchema, text, fileLabel);
}

/**
 * How a run ended: 'complete' (every planned measurement has its record), 'failed' (a crash, a hang,
 * an error record, a measurement without a record), 'interrupted' (Ctrl-C), 'unfinished' (the
 * orchestrator itself stopped before writing the outcome), 'unknown' (no run.json: an older run or
 * records copied from elsewhere).
 */
export type RunState = 'complete' | 'failed' | 'interrupted' | 'unfinished' | 'unknown';

export interface RunSummary {
  runId: string;
  /** Where it was read from, as the user should see it. */
  folder: string;
  startedAt: string;
  profile: string | null;
  /** How each bench was sampled when not as the profile says ('tiny': a smoke test), else null. */
  sampling: string | null;
  /** The sampling definitions' fingerprints in its records (samplingKey), empty for older records. */
  samplingKeys: string[];
  suites: string[] | null;
  /** The benches planned (run.json), else the ones measured, in catalogue order. */
  benches: string[];
  /** Target labels with each one's runtime version(s). */
  targets: Array<{ label: string; versions: string[] }>;
  /** Forks run (base and adaptive). */
  forks: number;
  state: RunState;
  /** The machines measured on (testbed.ts fingerprints: CPU, cores, OS, architecture). */
  testbeds: string[];
  benchRecords: number;
}

function outcomeState(outcome: v.InferOutput<typeof OutcomeSchema>): RunState {
  if (outcome.interrupted !== null) return 'interrupted';
  const missed = typeof outcome.missed === 'number' ? outcome.missed : outcome.missed.length;
  return outcome.failures.length > 0 || missed > 0 ? 'failed' : 'complete';
}

function stateOf(manifest: RunManifestView | null): RunState {
  if (manifest === null) return 'unknown';
  if (manifest.hosts !== undefined) {
    const states = manifest.hosts.map((h) => (h.failed !== null ? 'failed' : h.outcome === null ? 'unfinished' : outcomeState(h.outcome)));
    for (const worst of ['interrupted', 'unfinished', 'failed'] as const) if (states.includes(worst)) return worst;
    return states.length > 0 ? 'complete' : 'unfinished';
  }
  if (manifest.outcome === undefined || manifest.outcome === null) return 'unfinished';
  return outcomeState(manifest.outcome);
}

/** One run folder summed up from its manifest (null when it has none) and its records. */
export function summarizeRun(folder: string, manifest: RunManifestView | null, runs: readonly LoadedRun[]): RunSummary {
  const records = runs.map((r) => r.run);
  const byLabel = new Map<string, Set<string>>();
  for (const t of manifest?.targets ?? []) byLabel.set(t.label, new Set());
  for (const r of records) byLabel.set(r.target.label, (byLabel.get(r.target.label) ?? new Set()).add(r.runtime.version));
  const measured = [...new Set(runs.flatMap((r) => r.benches.map((b) => b.id)))];
  const starts = records.map((r) => r.startedAt).sort();
  const forks = manifest?.outcome?.forks ?? Math.max(0, ...runs.map((r) => r.run.fork));
  return {
    runId: manifest?.runId ?? records[0]?.runId ?? folder,
    folder,
    startedAt: manifest?.startedAt ?? starts[0] ?? '',
    profile: manifest?.profile ?? records[0]?.profile ?? null,
    sampling: manifest?.sampling ?? (records[0] !== undefined && records[0].sampling !== records[0].profile ? records[0].sampling : null),
    samplingKeys: [...new Set(records.flatMap((r) => (r.samplingKey === undefined ? [] : [r.samplingKey])))].sort(),
    suites: manifest?.suites ?? null,
    benches: manifest?.benches ?? measured,
    targets: [...byLabel].map(([label, versions]) => ({ label, versions: [...versions] })),
    forks,
    state: stateOf(manifest),
    testbeds: [...new Set(records.map((r) => fingerprintOf(r.host)))],
    benchRecords: runs.reduce((n, r) => n + r.benches.length, 0),
  };
}

/** Why `earlier` is not like `current` (empty: comparable): another testbed, profile or bench set, or a run that did not finish cleanly. */
export function differencesFrom(current: RunSummary, earlier: RunSummary): string[] {
  const why: string[] = [];
  if (earlier.state !== 'complete') why.push(earlier.state === 'unknown' ? 'no run.json (cannot tell whether it finished)' : `${earlier.state} run`);
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  if (!sameSet(current.testbeds, earlier.testbeds)) why.push(`another testbed (${earlier.testbeds.join('; ') || 'unknown'})`);
  if (current.profile !== earlier.profile) why.push(`profile ${earlier.profile ?? 'unknown'}, not ${current.profile ?? 'unknown'}`);
  if (current.sampling !== earlier.sampling) why.push(`sampling ${earlier.sampling ?? 'as the profile'}, not ${current.sampling ?? 'as the profile'}`);
  else if (!sameSet(current.samplingKeys, earlier.samplingKeys))
    why.push(
      earlier.samplingKeys.length === 0
        ? 'sampled by an older harness (no sampling fingerprint)'
        : `sampled otherwise (${earlier.samplingKeys.join(', ')}, not ${current.samplingKeys.join(', ') || 'unknown'})`,
    );
  if (!sameSet(current.benches, earlier.benches)) why.push(`other benches (${earlier.benches.length}, not ${current.benches.length})`);
  return why;
}

/**
 * The newest run that started before `current` and is like it (differencesFrom is empty), with the
 * newer runs passed over and why, so the user can see what was not taken.
 */
export function previousComparable(
  current: RunSummary,
  candidates: readonly RunSummary[],
): { run: RunSummary | null; passedOver: Array<{ run: RunSummary; why: string[] }> } {
  const earlier = candidates
    .filter((c) => c.runId !== current.runId && c.startedAt !== '' && c.startedAt < current.startedAt)
    .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
  const passedOver: Array<{ run: RunSummary; why: string[] }> = [];
  for (const run of earlier) {
    const why = differencesFrom(current, run);
    if (why.length === 0) return { run, passedOver };
    passedOver.push({ run, why });
  }
  return { run: null, passedOver };
}

/** "20261204T131728Z-af04 (2026-12-04 13:17, quick, 74 benches)": how a run is named in messages. */
export function runName(run: RunSummary): string {
  const date = run.startedAt === '' ? 'date unknown' : run.startedAt.slice(0, 16).replace('T', ' ');
  return `${run.runId} (${date}, ${run.profile ?? 'profile unknown'}, ${run.benches.length} bench${run.benches.length === 1 ? '' : 'es'})`;
}

/** The runs of a results folder as a table, oldest first (`npm run bench -- --list-runs`). */
export function renderRunList(runs: readonly RunSummary[]): string {
  const table = borderlessTable(['run', 'started (UTC)', 'outcome', 'profile', 'suites', 'benches', 'targets', 'forks', 'testbed'], '  ');
  for (const run of runs) {
    const targets = run.targets.map((t) => (t.versions.length === 0 ? t.label : `${t.label} ${t.versions.join('/')}`)).join(', ');
    table.push([
      run.folder,
      run.startedAt.slice(0, 16).replace('T', ' '),
      run.state,
      run.profile ?? '?',
      run.suites?.join(',') ?? 'all',
      String(run.benches.length),
      targets,
      String(run.forks),
      run.testbeds.join('; ') || '?',
    ]);
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .filter((line) => line !== '')
    .join('\n');
}
