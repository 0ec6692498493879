// A/B of two revisions as one interleaved run: the base revision prepared in a cached git worktree,
// the head the working tree (built first) or another prepared revision, and per runtime two targets,
// runtime:base and runtime:head, measured bench by bench in every fork like any comparison. Shared
// by bench:compare and the regression gate's compare mode.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { NoiseBands } from '../core/report/bands.ts';
import type { Target } from '../core/record/schema.ts';
import { measure, runtimeTargets, type Measured } from './measure.ts';
import type { RunOptions } from './options.ts';
import type { TargetSpec } from './targets.ts';
import { headState, prepareRevision, WorktreeError } from './worktree.ts';

export interface CompareRequest {
  root: string;
  options: RunOptions;
  runtimes: string[];
  base: string;
  /** Another revision for the head; null: the working tree. */
  head: string | null;
  /** Where prepared worktrees are kept (default <root>/.ananke/worktrees). */
  worktrees?: string;
  /** Build the working tree's dist/ before measuring it (default true). */
  build?: boolean;
  /** How a worktree is installed and built (default `npm ci`). */
  prepareCommand?: string;
  /** A known slowdown of one bench on the head targets (the harness's sensitivity check). */
  inject?: { bench: string; fraction: number } | null;
  runId: string;
  argv: string[];
  log: (line: string) => void;
  /** The noise bands verdicts are judged with (null: the default band); benches still unsure get more forks. */
  bands?: NoiseBands | null;
}

export interface CompareOutcome {
  measured: Measured;
  specs: TargetSpec[];
  skipped: string[];
  base: Target['revision'];
  head: Target['revision'];
}

export async function compareRun(req: CompareRequest): Promise<CompareOutcome> {
  const worktrees = req.worktrees ?? join(req.root, '.ananke', 'worktrees');
  const base = await prepareRevision({
    root: req.root,
    rev: req.base,
    cacheDir: worktrees,
    ...(req.prepareCommand ? { prepareCommand: req.prepareCommand } : {}),
    log: req.log,
  });
  if (base.reused) req.log(`base ${req.base} (${base.commit.slice(0, 12)}): reusing ${base.checkout}`);
  let headCheckout = req.root;
  let head: Target['revision'];
  if (req.head !== null) {
    const prepared = await prepareRevision({
      root: req.root,
      rev: req.head,
      cacheDir: worktrees,
      ...(req.prepareCommand ? { prepareCommand: req.prepareCommand } : {}),
      log: req.log,
    });
    headCheckout = prepared.checkout;
    head = { role: 'head', rev: req.head, commit: prepared.commit };
  } else {
    if (req.build !== false) {
      req.log('building the working tree (npm run build)');
      const built = spawnSync('npm', ['run', 'build'], { cwd: req.root, encoding: 'utf8' });
      if (built.status !== 0)
        throw new WorktreeError(
          `the working tree failed to build (npm run build exited with ${built.status}); nothing was measured:\n${`${built.stdout ?? ''}${built.stderr ?? ''}`.trimEnd().split('\n').slice(-12).join('\n')}`,
        );
    }
    const state = headState(req.root);
    head = { role: 'head', rev: state.dirty ? 'working tree (uncommitted changes)' : 'working tree', commit: state.commit };
  }
  const baseRevision = { role: 'base', rev: req.base, commit: base.commit };
  // The same runtime binaries for both (the working tree's): only the code differs.
  const bases = await runtimeTargets(req.runtimes, base.checkout, req.log, baseRevision, req.root, { offline: req.options.offline });
  const heads = await runtimeTargets(req.runtimes, headCheckout, req.log, head, req.root, { offline: req.options.offline });
  // Interleaved per runtime: node:base, node:head, bun:base, bun:head, …
  const specs: TargetSpec[] = [];
  for (const name of req.runtimes) {
    const b = bases.specs.find((s) => s.target.label === `${name}:base`);
    const h = heads.specs.find((s) => s.target.label === `${name}:head`);
    if (b === undefined || h === undefined) continue;
    specs.push(b, req.inject ? { ...h, inject: req.inject } : h);
  }
  const skipped = [...new Set([...bases.skipped, ...heads.skipped])];
  if (specs.length === 0) throw new WorktreeError('none of the requested runtimes is installed for both revisions; nothing ran');
  const measured = await measure({
    options: req.options,
    specs,
    root: req.root,
    runId: req.runId,
    argv: req.argv,
    log: req.log,
    verdicts: { bands: req.bands ?? null },
  });
  return { measured, specs, skipped, base: baseRevision, head };
}
