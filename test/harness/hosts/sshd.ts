// Throwaway OpenSSH servers for the tests: each on its own 127.0.0.x address and high port, with its
// own host key, one authorised throwaway user key and its own work folder; nothing of the machine's
// own SSH set-up is read or touched (the client gets its own known_hosts and key).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../../support/platform.ts';
import { tempDir } from '../../support/temp.ts';

export const SSHD = '/usr/sbin/sshd';

export interface ThrowawaySshd {
  name: string;
  address: string;
  port: number;
  dir: string;
  /** The authorised key, and one the server does not know. */
  identity: string;
  strangerIdentity: string;
  process: ChildProcess;
  /** Stops the server and every session it serves (a host that dies mid-run). */
  kill(): void;
  /** Cuts every open session but keeps the server listening (a connection lost, the host still there). */
  cutSessions(): void;
}

function keygen(path: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(address: string, port: number, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, address, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - start > timeoutMs) throw new Error(`sshd on ${address}:${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pids of a process's descendants (its per-connection sshd children and theirs). */
function descendants(pid: number): number[] {
  const out = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const children = (p: number): number[] => out.filter(([, ppid]) => ppid === p).flatMap(([c]) => [c!, ...children(c!)]);
  return children(pid);
}

export async function startSshd(name: string, address: string): Promise<ThrowawaySshd> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install Debian's openssh-server (.ci/run does)`);
  const dir = tempDir(`ananke-sshd-${name}-`);
  keygen(join(dir, 'hostkey'));
  keygen(join(dir, 'id'));
  keygen(join(dir, 'stranger'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id.pub')));
  mkdirSync('/run/sshd', { recursive: true });
  const port = await freePort(address);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress ${address}`,
      `Port ${port}`,
      `HostKey ${join(dir, 'hostkey')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin yes',
      'StrictModes no',
      'UsePAM no',
      'LogLevel ERROR',
      `AllowUsers ${userInfo().username}`,
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (c) => (log += c));
  try {
    await waitForPort(address, port);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}: ${log}`);
  }
  return {
    name,
    address,
    port,
    dir,
    identity: join(dir, 'id'),
    strangerIdentity: join(dir, 'stranger'),
    process: child,
    kill() {
      for (const pid of [...descendants(child.pid!), child.pid!]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    },
    cutSessions() {
      for (const pid of descendants(child.pid!)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    },
  };
}

/** A hosts.toml entry for a throwaway server: its own known_hosts, the key given, an install that links this checkout's node_modules. */
export function hostEntry(
  sshd: ThrowawaySshd,
  o: { name?: string; identity?: string; testbed?: string; install?: string; port?: number; workdir?: string } = {},
): string {
  return [
    '[[host]]',
    `name = "${o.name ?? sshd.name}"`,
    `address = "${userInfo().username}@${sshd.address}"`,
    `port = ${o.port ?? sshd.port}`,
    `identity = "${o.identity ?? sshd.identity}"`,
    `workdir = "${o.workdir ?? join(sshd.dir, 'work')}"`,
    `ssh_options = ["UserKnownHostsFile=${join(sshd.dir, 'known_hosts')}", "GlobalKnownHostsFile=/dev/null", "StrictHostKeyChecking=no", "LogLevel=ERROR"]`,
    ...(o.testbed === undefined ? [] : [`testbed = "${o.testbed}"`]),
    `install = "${o.install ?? `ln -s ${repoPath('node_modules')} node_modules`}"`,
    '',
  ].join('\n');
}
