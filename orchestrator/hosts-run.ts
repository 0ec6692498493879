// One run over several hosts. Every host is prepared (tree shipped, dependencies installed, runtime
// versions read) and then measures with its own session, all hosts at once, each streaming its
// records into results/<run>/<host>/. Two modes:
// - compare: every host runs every bench; the table has a column per runtime and host, and ratios
//   are formed within a host, never across;
// - split: the benches are shared out among the hosts of one testbed (for throughput); a bench is
//   never split across testbeds, and one testbed's hosts pool into one column.
// A host that cannot be reached, refuses the key, lacks a runtime, dies or hangs is reported with its
// reason; its records so far are kept and the other hosts finish.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PRECISION } from '../core/report/precision.ts';
import type { RunCollector } from '../core/report/runs.ts';
import { selectIds, writeJsonAtomic } from './bench-run.ts';
import type { Host } from './hosts.ts';
import { collectRunDir, runFiles } from './measure.ts';
import type { RunOptions } from './options.ts';
import { ProgressReporter } from './progress.ts';
import { hostTargets, prepareHost, treeFiles, treeHash, treeTarball, type PreparedHost } from './remote.ts';
import { Session, type SessionOutcome } from './session.ts';
import { closeMaster, controlDir, removeControlDir } from './ssh.ts';

export type HostsMode = 'compare' | 'split';

export interface HostReport {
  host: string;
  testbed: string;
  /** Why the host did not measure at all, or null. */
  failed: string | null;
  prepared: Omit<PreparedHost, 'host'> | null;
  benches: string[];
  outcome: SessionOutcome | null;
  /** Runtimes the host lacks. */
  missing: string[];
}

/** Shares benches out among the hosts of each testbed, dealt in catalogue order (a bench is never split). */
export function splitBenches(benches: readonly string[], hosts: readonly Host[]): Map<string, string[]> {
  const parts = new Map(hosts.map((h) => [h.name, [] as string[]]));
  const byTestbed = new Map<string, Host[]>();
  for (const host of hosts) byTestbed.set(host.testbed, [...(byTestbed.get(host.testbed) ?? []), host]);
  for (const group of byTestbed.values())
    benches.forEach((bench, i) => {
      parts.get(group[i % group.length]!.name)!.push(bench);
    });
  return parts;
}

export async function measureOnHosts(o: {
  options: RunOptions;
  hosts: Host[];
  runtimes: string[];
  mode: HostsMode;
  root: string;
  runDir: string;
  runId: string;
  argv: string[];
  log: (line: string) => void;
}): Promise<{ reports: HostReport[]; collector: RunCollector; interrupted: string | null }> {
  const { options } = o;
  const benches = selectIds(options.suites, options.bench);
  mkdirSync(o.runDir, { recursive: true });
  const control = controlDir();
  const files = treeFiles(o.root);
  const hash = treeHash(o.root, files);
  let tarball: Buffer | null = null;
  const tarballOnce = () => (tarball ??= treeTarball(o.root, files));
  const reports: HostReport[] = o.hosts.map((host) => ({
    host: host.name,
    testbed: host.testbed,
    failed: null,
    prepared: null,
    benches: [],
    outcome: null,
    missing: [],
  }));
  const manifestPath = join(o.runDir, 'run.json');
  const startedAt = new Date().toISOString();
  let endedAt: string | null = null;
  const manifest = () => ({
    kind: 'ananke-bench-run',
    version: 1,
    runId: o.runId,
    startedAt,
    endedAt,
    mode: o.mode,
    argv: o.argv,
    profile: options.profile,
    suites: options.suites,
    benches,
    plan: { forks: options.forks },
    tree: hash,
    hosts: reports,
  });
  writeJsonAtomic(manifestPath, manifest());
  const sessions: Session[] = [];
  let interrupted: string | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted !== null) return;
    interrupted = signal;
    o.log(`\n${signal}: stopping every host; records written so far are kept in ${o.runDir}/`);
    for (const session of sessions) void session.interrupt(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // Prepare every host at once; one that fails is reported and left out.
    const prepared = await Promise.all(
      o.hosts.map(async (host, i) => {
        try {
          const ready = await prepareHost({ host, control, root: o.root, files, hash, tarball: tarballOnce, runtimes: o.runtimes, log: o.log });
          const { host: _, ...rest } = ready;
          reports[i]!.prepared = rest;
          o.log(
            `${host.name}: ${Object.entries(ready.versions)
              .map(([r, v]) => `${r} ${v}`)
              .join(', ')}${ready.uploaded ? '' : ' (tree already there)'}`,
          );
          return ready;
        } catch (error) {
          reports[i]!.failed = (error as Error).message;
          o.log(`✗ ${host.name}: ${(error as Error).message}`);
          return null;
        }
      }),
    );
    const ready = o.hosts.filter((_, i) => prepared[i] !== null);
    const parts = o.mode === 'split' ? splitBenches(benches, ready) : new Map(ready.map((h) => [h.name, [...benches]]));
    const reporter = new ProgressReporter(process.stderr, { tty: false });
    await Promise.all(
      o.hosts.map(async (host, i) => {
        const ready = prepared[i];
        if (ready === null || ready === undefined || interrupted !== null) return;
        const report = reports[i]!;
        const { specs, missing } = hostTargets(ready, o.runtimes, control);
        report.missing = missing;
        for (const m of missing) o.log(`${host.name}: no ${m}; the other runtimes run`);
        report.benches = parts.get(host.name) ?? [];
        if (specs.length === 0 || report.benches.length === 0) {
          if (specs.length === 0) report.failed = `none of ${o.runtimes.join(', ')} runs there`;
          return;
        }
        const session = new Session({
          runId: o.runId,
          runDir: join(o.runDir, host.name),
          targets: specs,
          benches: report.benches,
          profile: options.profile,
          ...(options.sampling ? { sampling: options.sampling } : {}),
          ...(options.warmup ? { warmup: options.warmup } : {}),
          shard: options.shard,
          calibrate: options.calibrate,
          forks: options.forks,
          rounds: options.rounds,
          order: options.order,
          seed: options.seed,
          adaptive:
            options.adaptive === null
              ? null
              : {
                  goal: { ...DEFAULT_PRECISION, maxForks: options.adaptive.maxForks, rerunNoisy: options.adaptive.rerunNoisy },
                  budgetMs: options.adaptive.budgetMs,
                },
          commandTimeoutMs: (host.timeoutSeconds ?? options.timeoutSeconds) * 1000,
          reporter: {
            step: (info) => reporter.step({ ...info, target: `${info.target}@${host.name}` }),
            message: (line) => o.log(line.startsWith('✗') ? `✗ ${host.name}: ${line.slice(2)}` : `${host.name}: ${line}`),
          },
        });
        mkdirSync(join(o.runDir, host.name), { recursive: true });
        sessions.push(session);
        report.outcome = await session.run();
      }),
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await Promise.all(o.hosts.map((host) => closeMaster(host, control)));
    removeControlDir(control);
    endedAt = new Date().toISOString();
    writeJsonAtomic(manifestPath, manifest());
  }
  const collector = await collectRunDir(runFiles(o.runDir));
  return { reports, collector, interrupted };
}
