// A code revision ready to be measured: a git worktree of the commit with its dependencies installed
// and dist/ built, cached per commit (reused as long as its marker says the preparation finished),
// so comparing against main a second time starts measuring at once. A revision that fails to
// install or build says so with the end of its log, and nothing else is touched.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from './bench-run.ts';

export class WorktreeError extends Error {}

export interface PreparedRevision {
  /** What the user named ('main', 'HEAD~2'). */
  rev: string;
  commit: string;
  checkout: string;
  /** Whether an earlier preparation was reused. */
  reused: boolean;
}

const MARKER = '.ananke-prepared.json';
const LOG = '.ananke-prepare.log';

function git(root: string, args: string[]): { ok: boolean; out: string; err: string } {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return { ok: result.status === 0, out: (result.stdout ?? '').trim(), err: (result.stderr ?? result.error?.message ?? '').trim() };
}

/** The commit a revision names, or a WorktreeError saying it names none. */
export function resolveCommit(root: string, rev: string): string {
  const result = git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (!result.ok || !/^[0-9a-f]{40}$/.test(result.out)) throw new WorktreeError(`${rev}: not a commit in ${root} (git rev-parse found none)`);
  return result.out;
}

/** The checkout's own commit and whether its tracked files differ from it. */
export function headState(root: string): { commit: string | null; dirty: boolean | null } {
  const head = git(root, ['rev-parse', 'HEAD']);
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  return { commit: head.ok ? head.out : null, dirty: status.ok ? status.out.length > 0 : null };
}

function tail(path: string, lines = 12): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function runLogged(command: string, cwd: string, logFile: string): Promise<number> {
  const log = openSync(logFile, 'a');
  return new Promise((resolve) => {
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', log, log] });
    child.on('error', () => resolve(127));
    child.on('close', (code) => {
      closeSync(log);
      resolve(code ?? 1);
    });
  });
}

/**
 * A worktree of `rev` under `cacheDir`, installed and built with `prepareCommand` (default `npm ci`,
 * whose prepare step builds dist/). Reuses a finished earlier preparation of the same commit.
 */
export async function prepareRevision(o: {
  root: string;
  rev: string;
  cacheDir: string;
  prepareCommand?: string;
  log?: (line: string) => void;
}): Promise<PreparedRevision> {
  const commit = resolveCommit(o.root, o.rev);
  const checkout = join(o.cacheDir, commit);
  const marker = join(checkout, MARKER);
  if (existsSync(marker)) {
    try {
      const done = JSON.parse(readFileSync(marker, 'utf8')) as { commit?: string };
      if (done.commit === commit) return { rev: o.rev, commit, checkout, reused: true };
    } catch {
      // A torn marker: prepare again.
    }
  }
  mkdirSync(o.cacheDir, { recursive: true });
  if (existsSync(checkout)) {
    // An unfinished earlier attempt: start over.
    git(o.root, ['worktree', 'remove', '--force', checkout]);
    rmSync(checkout, { recursive: true, force: true });
    git(o.root, ['worktree', 'prune']);
  }
  const added = git(o.root, ['worktree', 'add', '--detach', checkout, commit]);
  if (!added.ok) throw new WorktreeError(`could not make a worktree of ${o.rev} (${commit.slice(0, 12)}) at ${checkout}: ${added.err}`);
  const command = o.prepareCommand ?? 'npm ci';
  const logFile = join(checkout, LOG);
  o.log?.(`preparing ${o.rev} (${commit.slice(0, 12)}) in ${checkout}: ${command} (log: ${logFile})`);
  const code = await runLogged(command, checkout, logFile);
  if (code !== 0) {
    throw new WorktreeError(
      `${o.rev} (${commit.slice(0, 12)}) failed to install or build (\`${command}\` exited with ${code}); nothing was measured. ` +
        `Its worktree stays at ${checkout} for a look; the end of ${logFile}:\n${tail(logFile)}`,
    );
  }
  writeJsonAtomic(marker, { commit, rev: o.rev, command, preparedAt: new Date().toISOString() });
  return { rev: o.rev, commit, checkout, reused: false };
}
