// Runs the bench scripts as a user would (a child process), with fake runners substituted.
import { spawn, type ChildProcess } from 'node:child_process';
import { repoPath } from '../../support/platform.ts';
import { tempDir as testTempDir } from '../../support/temp.ts';

/** From sources (.ts) the scripts load core/report through tsx; from dist/ they load the compiled files. */
const fromSource = import.meta.url.endsWith('.ts');

export const FAKE_RUNNER = 'node test/harness/orchestrator/fixtures/fake-runner.mjs';

/** A folder for one test's results, removed after the file's tests. */
export function tempDir(): string {
  return testTempDir('ananke-orchestrator-');
}

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ScriptOptions {
  env?: Record<string, string | undefined>;
  /** Called once the child is started (e.g. to signal it later). */
  onStart?: (child: ChildProcess) => void;
}

/** Environment without the caller's runner overrides or package-manager hints. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('ANANKE_RUNNER_') && key !== 'npm_config_user_agent') env[key] = value;
  }
  if (fromSource) env.ANANKE_CORE_FROM_SOURCE = '1';
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runScript(script: string, args: string[], options: ScriptOptions = {}): Promise<ScriptResult> {
  const nodeArgs = [...(fromSource ? ['--import', 'tsx'] : []), repoPath(`scripts/${script}`), ...args];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: repoPath(''), env: cleanEnv(options.env ?? {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    options.onStart?.(child);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runner overrides: each runtime's fake runner with its own extra arguments (null = not installed). */
export function fakeRunners(extra: Partial<Record<'node' | 'bun' | 'deno', string | null>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['node', 'bun', 'deno'] as const) {
    const more = extra[name];
    env[`ANANKE_RUNNER_${name.toUpperCase()}`] = more === null ? `/nonexistent/${name}` : `${FAKE_RUNNER} --as ${name} ${more ?? ''}`.trim();
  }
  return env;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
