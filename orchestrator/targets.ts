// Targets: what a run compares, and how to start each one's runner in serve mode. A plain runtime
// name is the binary found in node_modules/.bin, then on PATH; a revision target (bench:compare)
// runs the same runtime on another checkout's dist/. ANANKE_RUNNER_<NAME> replaces a runtime's
// command (the tests' fake runners).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { Target } from '../core/record/schema.ts';
import type { Host } from './hosts.ts';
import type { ProcessSpec } from './runner-process.ts';

/** How each runtime starts a runner: the binary, and the arguments before the runner's own flags (paths relative to the checkout). */
export const RUNTIMES: Record<string, { binary: string; args: string[] }> = {
  node: { binary: 'node', args: ['--expose-gc', 'dist/runners/node/main.js'] },
  bun: { binary: 'bun', args: ['dist/runners/bun/main.js'] },
  // --allow-all: Deno lets only fully privileged programs read /proc/thread-self, where the runner
  // reads its thread's scheduler accounting (core/platform.ts schedStat; the drift marking uses it).
  deno: { binary: 'deno', args: ['run', '--allow-all', '--v8-flags=--expose-gc', 'dist/runners/deno/main.js'] },
};

export interface LocatedRuntime {
  name: string;
  binary: string;
  /** Arguments before `--serve`; entries under dist/ are relative to the checkout. */
  args: string[];
  /** The environment variable that replaced the command, if any. */
  override: string | null;
  /** `<binary> --version`'s first line. */
  version: string;
}

/** One target as the orchestrator starts it. */
export interface TargetSpec {
  target: Target;
  /** The checkout whose dist/ the runner runs (the repository root, or a worktree). */
  checkout: string;
  runtime: LocatedRuntime;
  /** A known slowdown of one bench on this target (bench:compare --inject-slowdown, the harness's sensitivity check). */
  inject?: { bench: string; fraction: number };
  /** Another machine the target runs on (over ssh), with its master-connection folder; absent locally. */
  host?: Host;
  control?: string;
}

export class TargetError extends Error {}

function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function versionOf(binary: string): string {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15000 });
  const line = `${result.stdout ?? ''}`.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? `unknown (${result.error?.message ?? `exit ${result.status}`})` : line.trim();
}

/** Finds a runtime's binary; `missing` says why not when it is not installed. Unknown names throw. */
export function locateRuntime(name: string, root: string): LocatedRuntime | { name: string; missing: string } {
  const variable = `ANANKE_RUNNER_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const override = process.env[variable];
  if (override !== undefined && override.trim() !== '') {
    const [command, ...args] = override.trim().split(/\s+/);
    const binary = command!.includes('/') ? (existsSync(resolve(root, command!)) ? resolve(root, command!) : null) : which(command!);
    if (binary === null) return { name, missing: `${command} (from ${variable}) not found` };
    return { name, binary, args, override: variable, version: versionOf(binary) };
  }
  const spec = RUNTIMES[name];
  if (spec === undefined) throw new TargetError(`--runtime ${name}: unknown runtime (known: ${Object.keys(RUNTIMES).join(', ')})`);
  const local = join(root, 'node_modules', '.bin', spec.binary);
  const binary = existsSync(local) ? local : which(spec.binary);
  if (binary === null) return { name, missing: `${spec.binary} not found in node_modules/.bin or on PATH` };
  return { name, binary, args: spec.args, override: null, version: versionOf(binary) };
}

/** The runner's entry under the checkout, which must have been built. */
export function checkBuilt(runtime: LocatedRuntime, checkout: string): void {
  const entry = runtime.args.find((a) => a.startsWith('dist/'));
  if (entry !== undefined && !existsSync(join(checkout, entry))) {
    throw new TargetError(`${join(checkout, entry)} is missing: build dist/ first (npm install runs the build, or npm run build)`);
  }
}

/** The serve-mode command of a target. */
export function serveCommand(spec: TargetSpec): ProcessSpec {
  return { command: spec.runtime.binary, args: [...spec.runtime.args, '--serve'], cwd: spec.checkout };
}

/** A label usable in a file name: 'node:base' → 'node_base'. */
export function fileLabel(label: string): string {
  return label.replace(/[^A-Za-z0-9._@-]/g, '_');
}
