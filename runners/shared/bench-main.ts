// The body every runner shares: parse flags, list or select benches, run the core's driver with
// the runner's platform, and write NDJSON records (stdout or --out), flushed one by one.
// Only records go to stdout; usage, progress and failures go to stderr.
import { closeSync, openSync, writeSync } from 'node:fs';
import { setPlatform, type Platform } from '../../core/platform.ts';
import { OLDEST_RUNTIMES, parseRunnerArgs, RUNNER_USAGE } from '../../core/bench/args.ts';
import { selectBenches } from '../../core/catalogue.ts';
import { runBenchmarks } from '../../core/bench/driver.ts';
import { serve } from '../../core/bench/serve.ts';
import { generateRunId } from '../../core/bench/records.ts';
import { gitInfo, hostInfo, repoRoot } from './host-info.ts';

export interface RunnerEnvironment {
  platform: Platform;
  argv: string[];
  /** URL of the runner's main module (finds the repository root from dist/runners/<runtime>/). */
  moduleUrl: string;
  cwd: string;
  /** Writes text to stdout synchronously, so a record is out before the next bench starts. */
  writeStdout(text: string): void;
  writeStderr(text: string): void;
  /** Whether this runner may start subprocesses (git status for the run record). */
  canSpawn: boolean;
  /** The lines of stdin as they arrive (commands in --serve mode). */
  stdinLines(): AsyncIterable<string>;
  pid: number | null;
}

/** Splits a byte stream into lines (without their newline); a last line without one is kept. */
export async function* streamLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += decoder.decode(value, { stream: true });
    let newline = rest.indexOf('\n');
    while (newline !== -1) {
      yield rest.slice(0, newline).replace(/\r$/, '');
      rest = rest.slice(newline + 1);
      newline = rest.indexOf('\n');
    }
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

function fileWriter(path: string): { write(text: string): void; close(): void } {
  const fd = openSync(path, 'w');
  return {
    write(text) {
      const bytes = new TextEncoder().encode(text);
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    },
    close: () => closeSync(fd),
  };
}

/**
 * What this runtime lacks of what the runners need, or null: a synchronous import.meta.resolve
 * (Node < 18.19 has none, Bun 1.0 returns a promise) and, on Bun, Bun.file().bytes() (Bun < 1.1.9).
 */
export function missingCapability(): string | null {
  const meta = import.meta as { resolve?: (specifier: string) => unknown };
  if (typeof meta.resolve !== 'function') return 'import.meta.resolve is missing';
  if (typeof meta.resolve('mitata') !== 'string') return 'import.meta.resolve does not return a string';
  const bun = (globalThis as { Bun?: { file(path: string): { bytes?: unknown } } }).Bun;
  if (bun !== undefined && typeof bun.file(import.meta.url.startsWith('file:') ? new URL(import.meta.url).pathname : '').bytes !== 'function')
    return 'Bun.file().bytes() is missing';
  return null;
}

/** Runs the runner; resolves with its exit code (2 for usage errors, 3 for a runtime too old to run it). */
export async function benchMain(env: RunnerEnvironment): Promise<number> {
  const missing = missingCapability();
  if (missing !== null) {
    const { name, version } = env.platform.runtime;
    env.writeStderr(`this runtime is too old to run the harness (${name} ${version}: ${missing}); the oldest versions known to run it: ${OLDEST_RUNTIMES}\n`);
    return 3;
  }
  const parsed = parseRunnerArgs(env.argv);
  if (!parsed.ok) {
    env.writeStderr(`${parsed.message}\n`);
    return 2;
  }
  const args = parsed.args;
  if (args.help) {
    env.writeStderr(`${RUNNER_USAGE}\n`);
    return 0;
  }
  const selection = selectBenches(args.suites, args.bench);
  if (!selection.ok) {
    env.writeStderr(`${selection.message}\n`);
    return 2;
  }
  setPlatform(env.platform);
  const root = args.root ?? repoRoot(env.moduleUrl, env.cwd);
  if (args.serve) {
    // Only records and replies go to stdout; the orchestrator writes the records to its results files.
    return serve({
      lines: env.stdinLines(),
      write: env.writeStdout,
      pid: env.pid,
      repoRoot: root,
      host: hostInfo(),
      git: gitInfo(root, env.canSpawn),
      progress: (line) => env.writeStderr(`${line}\n`),
    });
  }
  if (args.list) {
    for (const e of selection.entries)
      env.writeStdout(`${JSON.stringify({ suite: e.suite, id: e.id, params: e.params, group: e.group, measures: e.measures })}\n`);
    return 0;
  }

  let out: { write(text: string): void; close(): void };
  if (args.out !== null) {
    try {
      out = fileWriter(args.out);
    } catch (error) {
      env.writeStderr(`cannot write ${args.out}: ${(error as { code?: string }).code ?? String(error)}\n`);
      return 2;
    }
  } else {
    out = { write: env.writeStdout, close: () => {} };
  }

  try {
    await runBenchmarks({
      entries: selection.entries,
      runId: args.runId ?? generateRunId(env.platform.runtime.name),
      profile: args.profile,
      sampling: args.sampling ?? args.profile,
      fork: args.fork,
      calibrate: args.calibrate,
      shard: args.shard,
      repoRoot: root,
      host: hostInfo(),
      git: gitInfo(root, env.canSpawn),
      emit: (record) => out.write(`${JSON.stringify(record)}\n`),
      progress: (line) => env.writeStderr(`${line}\n`),
    });
  } finally {
    out.close();
  }
  return 0;
}
