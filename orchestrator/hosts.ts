// Other machines to measure on, reached with the system's OpenSSH client: from a hosts file
// (`--hosts hosts.toml`) or `--host user@addr[:port]` (repeatable). Every connection runs with
// BatchMode=yes (never a password prompt) and shares one multiplexed connection per host.
//
//   [[host]]
//   name = "lab-1"                      # the folder and column label (default: the address)
//   address = "bench@10.0.0.5"          # user@host
//   port = 22
//   identity = "~/.ssh/bench_ed25519"   # ssh -i
//   workdir = "~/ananke-bench"          # where trees and installs live on the host (default ~/.ananke-bench)
//   ssh_options = ["StrictHostKeyChecking=accept-new"]   # more ssh -o options
//   testbed = "x64-lab"                 # hosts of one testbed may share the work in split mode (default: the name)
//   timeout = 300                       # seconds one bench may take there (default: --timeout)
//   install = "npm ci --ignore-scripts && npm rebuild bun deno"   # how a lockfile's dependencies are installed there
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { parse as parseToml } from 'smol-toml';
import * as v from 'valibot';

export class HostError extends Error {}

export interface Host {
  name: string;
  /** user@host or host. */
  address: string;
  port: number | null;
  identity: string | null;
  workdir: string;
  sshOptions: string[];
  testbed: string;
  timeoutSeconds: number | null;
  install: string;
}

/** Installs a lockfile's dependencies without running the project's own build (dist/ is shipped built). */
export const DEFAULT_INSTALL = 'npm ci --ignore-scripts --no-audit --no-fund && npm rebuild bun deno';
export const DEFAULT_WORKDIR = '~/.ananke-bench';

const HostSchema = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-" only'))),
  address: v.pipe(v.string(), v.minLength(1)),
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
  identity: v.optional(v.string()),
  workdir: v.optional(v.string()),
  ssh_options: v.optional(v.array(v.string())),
  testbed: v.optional(v.string()),
  timeout: v.optional(v.pipe(v.number(), v.minValue(1))),
  install: v.optional(v.string()),
});

const HostsFileSchema = v.strictObject({ host: v.pipe(v.array(HostSchema), v.minLength(1, 'at least one [[host]]')) });

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}

function fromEntry(entry: v.InferOutput<typeof HostSchema>): Host {
  const name = entry.name ?? entry.address.replace(/^.*@/, '').replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    name,
    address: entry.address,
    port: entry.port ?? null,
    identity: entry.identity === undefined ? null : expandHome(entry.identity),
    workdir: entry.workdir ?? DEFAULT_WORKDIR,
    sshOptions: entry.ssh_options ?? [],
    testbed: entry.testbed ?? name,
    timeoutSeconds: entry.timeout ?? null,
    install: entry.install ?? DEFAULT_INSTALL,
  };
}

/** Reads a hosts file; a mistake names the file and the path of the entry. */
export function readHostsFile(path: string): Host[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new HostError(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseToml(text);
  } catch (error) {
    throw new HostError(`${path}: not valid TOML (${(error as Error).message.split('\n')[0]})`);
  }
  const result = v.safeParse(HostsFileSchema, parsed);
  if (!result.success) {
    const problems = result.issues.map(
      (issue) => `${(issue.path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('') || '(file)'}: ${issue.message}`,
    );
    throw new HostError(`${path}: ${problems.join('; ')}`);
  }
  return checkNames(result.output.host.map(fromEntry));
}

/** `--host user@addr[:port]`. */
export function parseHostFlag(text: string): Host {
  const match = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(text);
  if (match === null) throw new HostError(`--host ${text}: expected [user@]address[:port]`);
  const [, user, address, port] = match;
  return fromEntry({
    address: user === undefined ? address! : `${user}@${address}`,
    ...(port === undefined ? {} : { port: Number(port) }),
    name: `${address!.replace(/[[\]]/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}${port === undefined ? '' : `_${port}`}`,
  });
}

function checkNames(hosts: Host[]): Host[] {
  const seen = new Set<string>();
  for (const host of hosts) {
    if (seen.has(host.name)) throw new HostError(`two hosts are named ${host.name}: give each a name`);
    seen.add(host.name);
  }
  return hosts;
}

/** The hosts of a command line: the file's, then the --host flags'. */
export function hostsFrom(o: { file: string | null; flags: readonly string[] }): Host[] {
  return checkNames([...(o.file === null ? [] : readHostsFile(o.file)), ...o.flags.map(parseHostFlag)]);
}
