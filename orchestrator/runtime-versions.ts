// Runtime versions as targets (`--runtime node@22,bun@1.3.14,deno@2.5`): the npm registry ships each
// runtime's binaries as platform packages (Node's official builds as node-<platform>-<arch>, Bun as
// @oven/bun-<platform>-<arch>, Deno as @deno/<platform>-<arch>[-glibc]); a range resolves to the
// newest version that matches it, which is downloaded once (integrity checked) into a per-user cache,
// one folder per package@version, made atomically and reused by every later run and project.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export class RuntimeVersionError extends Error {}

/** `node@22` → { name: 'node', range: '22' }; a plain name has no range (today's binary). */
export interface RuntimeSpec {
  /** What the user wrote: the target's label. */
  text: string;
  name: string;
  range: string | null;
}

export function parseRuntimeSpec(text: string): RuntimeSpec {
  const at = text.indexOf('@');
  if (at === -1) return { text, name: text, range: null };
  const name = text.slice(0, at);
  const range = text.slice(at + 1);
  if (range === '' || !/^[~^]?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?$|^latest$/.test(range)) {
    throw new RuntimeVersionError(`--runtime ${text}: expected ${name}@MAJOR[.MINOR[.PATCH]] (e.g. ${name}@22, ${name}@1.3.14) or ${name}@latest`);
  }
  return { text, name, range };
}

/** The npm package holding a runtime's binary for this machine, and where the binary is inside it. */
export function platformPackage(name: string, platform: string = process.platform, arch: string = process.arch): { pkg: string; binary: string } {
  const os = platform === 'win32' ? 'win' : platform;
  switch (name) {
    case 'node':
      if (!['linux', 'darwin', 'win'].includes(os)) break;
      return { pkg: `node-${os}-${arch}`, binary: os === 'win' ? 'node.exe' : 'bin/node' };
    case 'bun':
      if (!['linux', 'darwin', 'win32'].includes(platform === 'win32' ? 'win32' : platform)) break;
      return {
        pkg: `@oven/bun-${platform === 'win32' ? 'windows' : platform}-${arch === 'x64' ? 'x64' : 'aarch64'}`,
        binary: platform === 'win32' ? 'bin/bun.exe' : 'bin/bun',
      };
    case 'deno':
      if (platform === 'linux') return { pkg: `@deno/linux-${arch}-glibc`, binary: 'deno' };
      if (platform === 'darwin' || platform === 'win32') return { pkg: `@deno/${platform}-${arch}`, binary: platform === 'win32' ? 'deno.exe' : 'deno' };
      break;
    default:
      throw new RuntimeVersionError(`${name}: unknown runtime (known: node, bun, deno)`);
  }
  throw new RuntimeVersionError(`${name}: npm ships no ${name} binary for ${platform}-${arch}`);
}

type Version = [number, number, number, string];

function parseVersion(text: string): Version | null {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(text);
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3]), match[4] ?? ''];
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  // A release sorts above its prereleases.
  if (a[3] === b[3]) return 0;
  if (a[3] === '') return 1;
  if (b[3] === '') return -1;
  return a[3] < b[3] ? -1 : 1;
}

/** Whether a version matches a range: `22` (22.x.x), `2.5` (2.5.x), `1.3.14` (exactly), `^1.2`, `~1.2.3`, `latest` (handled by the caller). */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (v === null) return false;
  const caret = range.startsWith('^');
  const tilde = range.startsWith('~');
  const parts = range.replace(/^[~^]/, '').split('-')[0]!.split('.').map(Number);
  const prerelease = range.includes('-') ? range.slice(range.indexOf('-') + 1) : '';
  // Prereleases only when asked for by name.
  if (v[3] !== '' && v[3] !== prerelease) return false;
  if (!caret && !tilde) return parts.every((p, i) => v[i] === p);
  const floor: Version = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, prerelease];
  if (compareVersions(v, floor) < 0) return false;
  // ^: same major (same minor for 0.x); ~: same major and minor.
  if (caret) return v[0] === floor[0] && (floor[0] !== 0 || v[1] === floor[1]);
  return v[0] === floor[0] && v[1] === floor[1];
}

/** The newest version matching the range (`latest`: the registry's dist-tag), or null. */
export function pickVersion(versions: readonly string[], range: string, latest?: string): string | null {
  if (range === 'latest') return latest ?? null;
  const matching = versions.filter((v) => satisfies(v, range)).map((v) => [v, parseVersion(v)!] as const);
  matching.sort((a, b) => compareVersions(a[1], b[1]));
  return matching.at(-1)?.[0] ?? null;
}

/** The versions closest to a range that names none (for the error message). */
export function nearestVersions(versions: readonly string[], range: string, count = 4): string[] {
  const want = range.replace(/^[~^]/, '').split('.').map(Number);
  const target: Version = [want[0] ?? 0, want[1] ?? 0, want[2] ?? 0, ''];
  const releases = versions.map((v) => [v, parseVersion(v)] as const).filter((x): x is readonly [string, Version] => x[1] !== null && x[1][3] === '');
  const distance = (v: Version) => Math.abs(v[0] - target[0]) * 1e6 + Math.abs(v[1] - target[1]) * 1e3 + Math.abs(v[2] - target[2]);
  return releases
    .sort((a, b) => distance(a[1]) - distance(b[1]))
    .slice(0, count)
    .map((x) => x[0])
    .sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!));
}

/** Where installed runtimes live: $ANANKE_CACHE_DIR, else $XDG_CACHE_HOME/ananke, else ~/.cache/ananke; then runtimes/. */
export function runtimeCacheDir(): string {
  const base = process.env.ANANKE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ananke');
  return join(base, 'runtimes');
}

function registryUrl(): string {
  // npm passes its configured registry to scripts it runs.
  return (process.env.ANANKE_NPM_REGISTRY ?? process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(/\/?$/, '/');
}

interface PackageMetadata {
  versions: Record<string, { dist: { tarball: string; integrity?: string } }>;
  'dist-tags'?: Record<string, string>;
}

async function metadata(pkg: string): Promise<PackageMetadata> {
  const url = `${registryUrl()}${pkg.replace('/', '%2f')}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/vnd.npm.install-v1+json' } });
  } catch (error) {
    throw new RuntimeVersionError(
      `cannot reach the npm registry for ${pkg} (${url}): ${(error as Error).message}; with --offline, runs use the runtimes already in ${runtimeCacheDir()}`,
    );
  }
  if (response.status === 404) throw new RuntimeVersionError(`the npm registry has no package ${pkg}`);
  if (!response.ok) throw new RuntimeVersionError(`the npm registry answered ${response.status} for ${pkg} (${url})`);
  return (await response.json()) as PackageMetadata;
}

const MARKER = '.ananke-installed.json';

function folderName(pkg: string, version: string): string {
  return `${pkg.replace('/', '+')}@${version}`;
}

/** The installed versions of a package in the cache (finished installs only). */
export function cachedVersions(pkg: string, cacheDir = runtimeCacheDir()): string[] {
  if (!existsSync(cacheDir)) return [];
  const prefix = `${pkg.replace('/', '+')}@`;
  return readdirSync(cacheDir)
    .filter((name) => name.startsWith(prefix) && existsSync(join(cacheDir, name, MARKER)))
    .map((name) => name.slice(prefix.length));
}

async function download(url: string, integrity: string | undefined): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new RuntimeVersionError(`cannot download ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new RuntimeVersionError(`downloading ${url}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (integrity !== undefined) {
    const [algorithm, expected] = integrity.split('-', 2) as [string, string];
    const actual = createHash(algorithm).update(bytes).digest('base64');
    if (actual !== expected) throw new RuntimeVersionError(`${url}: the download does not match its registry integrity (${algorithm}); nothing was installed`);
  }
  return bytes;
}

export interface InstalledRuntime {
  spec: RuntimeSpec;
  pkg: string;
  version: string;
  binary: string;
  /** Whether this run downloaded it. */
  downloaded: boolean;
}

/**
 * Resolves a versioned spec to an exact version and makes sure it is installed: from the cache when
 * there (with `offline`, the newest cached match without asking the registry), else downloaded,
 * checked and unpacked into a temporary folder renamed into place.
 */
export async function installRuntime(
  spec: RuntimeSpec,
  o: { offline?: boolean; cacheDir?: string; log?: (line: string) => void } = {},
): Promise<InstalledRuntime> {
  if (spec.range === null) throw new RuntimeVersionError(`${spec.text}: no version asked for`);
  const { pkg, binary } = platformPackage(spec.name);
  const cacheDir = o.cacheDir ?? runtimeCacheDir();
  let version: string | null;
  let meta: PackageMetadata | null = null;
  if (o.offline) {
    const cached = cachedVersions(pkg, cacheDir);
    const newest = [...cached].sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!)).at(-1) ?? null;
    version = spec.range === 'latest' ? newest : pickVersion(cached, spec.range);
    if (version === null)
      throw new RuntimeVersionError(
        `--offline: no ${pkg} matching ${spec.range} in ${cacheDir} (cached: ${cachedVersions(pkg, cacheDir).join(', ') || 'none'})`,
      );
  } else {
    meta = await metadata(pkg);
    const versions = Object.keys(meta.versions);
    version = pickVersion(versions, spec.range, meta['dist-tags']?.latest);
    if (version === null) {
      throw new RuntimeVersionError(
        `${spec.text}: ${pkg} has no version matching ${spec.range}; the nearest: ${nearestVersions(versions, spec.range).join(', ')}`,
      );
    }
  }
  const folder = join(cacheDir, folderName(pkg, version));
  const binaryPath = join(folder, 'package', binary);
  if (existsSync(join(folder, MARKER))) return { spec, pkg, version, binary: binaryPath, downloaded: false };
  const dist = meta!.versions[version]!.dist;
  o.log?.(`downloading ${pkg}@${version} (${spec.text}) into ${cacheDir}`);
  const bytes = await download(dist.tarball, dist.integrity);
  mkdirSync(cacheDir, { recursive: true });
  const temporary = join(cacheDir, `.${folderName(pkg, version)}.${process.pid}.tmp`);
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary);
  try {
    writeFileSync(join(temporary, 'package.tgz'), bytes);
    const untar = spawnSync('tar', ['-xzf', 'package.tgz'], { cwd: temporary, encoding: 'utf8' });
    if (untar.status !== 0) throw new RuntimeVersionError(`unpacking ${pkg}@${version}: tar exited with ${untar.status}: ${untar.stderr}`);
    rmSync(join(temporary, 'package.tgz'));
    if (!existsSync(join(temporary, 'package', binary))) throw new RuntimeVersionError(`${pkg}@${version} holds no ${binary}; nothing was installed`);
    // Some packages ship the binary without its executable bit (their install script sets it).
    chmodSync(join(temporary, 'package', binary), 0o755);
    writeFileSync(join(temporary, MARKER), `${JSON.stringify({ pkg, version, binary, installedAt: new Date().toISOString() })}\n`);
    try {
      renameSync(temporary, folder);
    } catch (error) {
      // Another run installed the same version meanwhile: theirs is as good.
      if (!existsSync(join(folder, MARKER))) throw error;
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  return { spec, pkg, version, binary: binaryPath, downloaded: true };
}

/** `<binary> --version`'s first line, or why it does not run. */
export function binaryVersion(binary: string): { ok: true; line: string } | { ok: false; why: string } {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  const line = `${result.stdout ?? ''}`.split('\n').find((l) => l.trim() !== '');
  if (result.status === 0 && line !== undefined) return { ok: true, line: line.trim() };
  return { ok: false, why: result.error?.message ?? `exit ${result.status}: ${`${result.stderr ?? ''}`.trim().split('\n').slice(-2).join(' ')}` };
}

/** Reads what an installed runtime says it is (for tests and listings). */
export function installedMarker(folder: string): { pkg: string; version: string } | null {
  try {
    return JSON.parse(readFileSync(join(folder, MARKER), 'utf8')) as { pkg: string; version: string };
  } catch {
    return null;
  }
}
