// The system OpenSSH client, used the one way a harness should: BatchMode (a host that wants a
// password or an unknown key is an error, not a prompt), one multiplexed master connection per host
// (ControlMaster/ControlPersist, sockets in a private folder), and failures read back into reasons a
// user can act on (authentication refused, nothing listening, unreachable).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host } from './hosts.ts';

/** A private folder for the master sockets of one run (short: a socket path must fit 104 bytes). */
export function controlDir(): string {
  return mkdtempSync(join(tmpdir(), 'ak-'));
}

export function removeControlDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** ssh's arguments up to and including the destination (a remote command follows). */
export function sshArgs(host: Host, controlPath: string): string[] {
  const args = [
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${join(controlPath, '%C')}`,
    '-o',
    'ControlPersist=60',
  ];
  if (host.port !== null) args.push('-p', String(host.port));
  if (host.identity !== null) args.push('-i', host.identity, '-o', 'IdentitiesOnly=yes');
  for (const option of host.sshOptions) args.push('-o', option);
  args.push(host.address);
  return args;
}

/** A workdir for the remote shell: `~/x` becomes "$HOME/x" (double-quoted, so $HOME expands). */
export function remotePath(path: string): string {
  const expanded = path === '~' ? '$HOME' : path.startsWith('~/') ? `$HOME/${path.slice(2)}` : path;
  if (/["`\\]/.test(expanded)) throw new Error(`a remote path may not hold quotes or backslashes: ${path}`);
  return `"${expanded}"`;
}

/** What an ssh failure (exit 255) means, from its stderr. */
export function describeSshFailure(host: Host, stderr: string): string {
  const where = `${host.address}${host.port === null ? '' : `:${host.port}`}`;
  if (/Permission denied|Too many authentication failures/i.test(stderr))
    return `authentication refused by ${where} (check the identity file and the host's authorized_keys; BatchMode never asks for a password)`;
  if (/Connection refused/i.test(stderr)) return `connection refused by ${where} (no sshd listening there?)`;
  if (/timed out|No route to host|Network is unreachable/i.test(stderr)) return `${where} is unreachable (${stderr.trim().split('\n').at(-1)})`;
  if (/Could not resolve hostname/i.test(stderr)) return `unknown host ${host.address}`;
  if (/Host key verification failed/i.test(stderr))
    return `${where}'s host key is not known (add it to known_hosts, or ssh_options = ["StrictHostKeyChecking=accept-new"])`;
  if (/closed by remote host|Connection reset|Broken pipe/i.test(stderr)) return `the connection to ${where} was lost`;
  return `ssh to ${where} failed: ${stderr.trim().split('\n').slice(-2).join(' | ') || 'no message'}`;
}

export interface RemoteResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one shell command on the host (optionally feeding `input` to it); resolves with its exit code and output. */
export function sshExec(host: Host, controlPath: string, command: string, o: { input?: Buffer; timeoutMs?: number } = {}): Promise<RemoteResult> {
  return new Promise((resolve) => {
    const child = spawn('ssh', [...sshArgs(host, controlPath), command], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    const timer =
      o.timeoutMs === undefined
        ? null
        : setTimeout(() => {
            stderr += `\n(timed out after ${Math.round(o.timeoutMs! / 1000)} s)`;
            child.kill('SIGKILL');
          }, o.timeoutMs);
    child.on('error', (error) => {
      if (timer !== null) clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code) => {
      if (timer !== null) clearTimeout(timer);
      resolve({ code: code ?? 255, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(o.input);
  });
}

/** Ends the host's master connection (nothing to do when there is none). */
export function closeMaster(host: Host, controlPath: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('ssh', ['-O', 'exit', ...sshArgs(host, controlPath)], { stdio: 'ignore' });
    child.on('error', () => resolve());
    child.on('close', () => resolve());
  });
}
