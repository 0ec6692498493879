// Measuring on another machine: ship exactly the tree being measured (every tracked file as it is
// in the working tree, local changes included, the built dist/ and the lockfile) to the host,
// install its dependencies there once per lockfile, report the host's runtime versions, and start
// runners there whose protocol travels over the SSH channel (their stdin/stdout are ssh's).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from './hosts.ts';
import type { ProcessSpec } from './runner-process.ts';
import { describeSshFailure, remotePath, sshArgs, sshExec } from './ssh.ts';
import { RUNTIMES, type LocatedRuntime, type TargetSpec } from './targets.ts';

export class RemoteError extends Error {}

/** The files that make up the measured tree: tracked files present in the working tree, and dist/. */
export function treeFiles(root: string): string[] {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new RemoteError(`git ls-files failed in ${root}: ${listed.stderr}`);
  const tracked = listed.stdout.split('\0').filter((f) => f !== '' && !f.startsWith('dist/') && exists(join(root, f)));
  const dist = readdirSync(join(root, 'dist'), { recursive: true })
    .map(String)
    .map((f) => `dist/${f}`)
    .filter((f) => statSync(join(root, f)).isFile());
  return [...tracked, ...dist].sort();
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A content hash of the tree (paths and bytes), so a host keeps one copy per distinct tree. */
export function treeHash(root: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The tree as a gzipped tarball (system tar, file list on stdin). */
export function treeTarball(root: string, files: readonly string[]): Buffer {
  const tar = spawnSync('tar', ['-czf', '-', '--null', '-T', '-'], { cwd: root, input: files.join('\0'), maxBuffer: 1 << 30 });
  if (tar.status !== 0) throw new RemoteError(`tar failed: ${tar.stderr?.toString() ?? ''}`);
  return tar.stdout;
}

export interface PreparedHost {
  host: Host;
  /** The tree's folder on the host (quoted for its shell). */
  tree: string;
  treeHash: string;
  /** `<runtime> --version` on the host, or why it failed. */
  versions: Record<string, string>;
  uploaded: boolean;
  installed: boolean;
}

async function run(host: Host, control: string, command: string, what: string, o: { input?: Buffer; timeoutMs?: number } = {}): Promise<string> {
  const result = await sshExec(host, control, command, o);
  if (result.code === 255) throw new RemoteError(describeSshFailure(host, result.stderr));
  if (result.code !== 0) throw new RemoteError(`${what} failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return result.stdout;
}

/** How a runtime's runner is started in the tree on a host: node from the host's PATH, bun and deno from the installed node_modules. */
export function remoteBinary(runtime: string): string {
  return runtime === 'node' ? 'node' : `node_modules/.bin/${runtime}`;
}

/**
 * Ships the tree to the host (skipped when the same tree is there), installs its lockfile's
 * dependencies (once per lockfile, shared by trees) and reads the runtimes' versions there.
 */
export async function prepareHost(o: {
  host: Host;
  control: string;
  root: string;
  files: string[];
  hash: string;
  tarball: () => Buffer;
  runtimes: readonly string[];
  log: (line: string) => void;
}): Promise<PreparedHost> {
  const { host, control } = o;
  const work = remotePath(host.workdir);
  const tree = `${work}/trees/${o.hash}`;
  const present =
    (
      await run(host, control, `mkdir -p ${work}/trees ${work}/installs && if [ -f ${tree}/.ananke-tree ]; then echo present; fi`, 'preparing the work folder')
    ).trim() === 'present';
  if (!present) {
    o.log(`${host.name}: sending the tree (${o.files.length} files, ${o.hash})`);
    await run(
      host,
      control,
      `rm -rf ${tree}.part && mkdir -p ${tree}.part && tar -xzf - -C ${tree}.part && touch ${tree}.part/.ananke-tree && rm -rf ${tree} && mv ${tree}.part ${tree}`,
      'unpacking the tree',
      { input: o.tarball(), timeoutMs: 600_000 },
    );
  }
  const lock = createHash('sha256')
    .update(readFileSync(join(o.root, 'package-lock.json')))
    .digest('hex')
    .slice(0, 16);
  const install = `${work}/installs/${lock}`;
  const installed = (await run(host, control, `if [ -f ${install}/.ananke-installed ]; then echo present; fi`, 'looking for an install')).trim() !== 'present';
  if (installed) {
    o.log(`${host.name}: installing the dependencies of lockfile ${lock} (${host.install})`);
    await run(
      host,
      control,
      `rm -rf ${install}.part && mkdir -p ${install}.part && cp ${tree}/package.json ${tree}/package-lock.json ${install}.part/ && cd ${install}.part && { ${host.install} ; } >install.log 2>&1 && touch .ananke-installed && cd .. && rm -rf ${install} && mv ${install}.part ${install} || { tail -5 ${install}.part/install.log >&2; exit 1; }`,
      `installing the dependencies (${host.install})`,
      { timeoutMs: 900_000 },
    );
  }
  await run(host, control, `ln -sfn ../../installs/${lock}/node_modules ${tree}/node_modules`, 'linking the install');
  const versions: Record<string, string> = {};
  for (const runtime of o.runtimes) {
    const result = await sshExec(host, control, `cd ${tree} && ${remoteBinary(runtime)} --version`);
    if (result.code === 255) throw new RemoteError(describeSshFailure(host, result.stderr));
    versions[runtime] =
      result.code === 0 ? result.stdout.trim().split('\n')[0]! : `missing (${result.stderr.trim().split('\n').at(-1) ?? `exit ${result.code}`})`;
  }
  return { host, tree, treeHash: o.hash, versions, uploaded: !present, installed };
}

/** The targets of a prepared host: one per runtime it has, labelled runtime@host, started over ssh. */
export function hostTargets(prepared: PreparedHost, runtimes: readonly string[], control: string): { specs: TargetSpec[]; missing: string[] } {
  const specs: TargetSpec[] = [];
  const missing: string[] = [];
  for (const name of runtimes) {
    const how = RUNTIMES[name];
    if (how === undefined)
      throw new RemoteError(`--runtime ${name}: unknown runtime (known: ${Object.keys(RUNTIMES).join(', ')}); versions from npm are not measured on hosts yet`);
    const version = prepared.versions[name] ?? 'missing';
    if (version.startsWith('missing')) {
      missing.push(`${name} (${version})`);
      continue;
    }
    const runtime: LocatedRuntime = { name, binary: 'ssh', args: [], override: null, version: `${version} on ${prepared.host.name}` };
    specs.push({ target: { label: name, runtime: name, revision: null }, checkout: prepared.tree, runtime, host: prepared.host, control });
  }
  return { specs, missing };
}

/** The ssh command that starts a target's runner in serve mode on its host. */
export function remoteServeCommand(spec: TargetSpec): ProcessSpec {
  const host = spec.host!;
  const how = RUNTIMES[spec.target.runtime]!;
  const args = how.args.map((a) => (/^[A-Za-z0-9_./=:@-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`));
  return {
    command: 'ssh',
    args: [...sshArgs(host, spec.control!), `cd ${spec.checkout} && exec ${remoteBinary(spec.target.runtime)} ${args.join(' ')} --serve`],
    cwd: process.cwd(),
  };
}
