// Oracle: Clew's Rust functions (owner, parameter names and type text, return type), type
// declarations (kind, fields, variants) and `use` declarations agree with syn, Rust's de-facto
// parser crate (oracle-rust/, built offline with Debian's cargo from Debian's packaged crates), on
// crates Debian packages: library crates and procedural-macro crates, two groups checked apart.
import { test } from 'node:test';
import { repoPath } from '../../support/platform.ts';
import { cachedBuild, requireTool, runOrFail } from '../../support/tools.ts';
import { checkDeclarations } from './declarations.ts';
import type { KnownDisagreement } from './score.ts';

const CARGO = '/usr/bin/cargo';
const RUSTC = '/usr/bin/rustc';
/** Debian's packaged crates (librust-*-dev): the oracle's dependencies and the files it reads. */
const REGISTRY = '/usr/share/cargo/registry';

/** The files of each group, under REGISTRY. */
const GROUPS: Record<string, string[]> = {
  'library crates': [
    'either-1.6.1/src/lib.rs',
    'scopeguard-1.1.0/src/lib.rs',
    'humantime-2.1.0/src/date.rs',
    'humantime-2.1.0/src/duration.rs',
    'itoa-1.0.1/src/lib.rs',
    'regex-1.7.1/src/re_bytes.rs',
    'regex-1.7.1/src/compile.rs',
    'regex-1.7.1/src/exec.rs',
    'serde_json-1.0.87/src/de.rs',
    'serde_json-1.0.87/src/value/mod.rs',
    'serde_json-1.0.87/src/map.rs',
    'rand-0.8.5/src/rng.rs',
    'rand-0.8.5/src/seq/mod.rs',
    'indexmap-1.9.2/src/map.rs',
    'memchr-2.5.0/src/memchr/mod.rs',
    'log-0.4.17/src/lib.rs',
    'once_cell-1.17.0/src/lib.rs',
    'once_cell-1.17.0/src/race.rs',
    'smallvec-1.9.0/src/lib.rs',
    'spin-0.9.5/src/lib.rs',
  ],
  'proc-macro crates': [
    'serde_derive-1.0.152/src/de.rs',
    'serde_derive-1.0.152/src/ser.rs',
    'serde_derive-1.0.152/src/bound.rs',
    'ctor-0.1.26/src/lib.rs',
    'derive_arbitrary-1.1.3/src/lib.rs',
    'const-random-macro-0.1.13/src/lib.rs',
    'proc-macro-hack-0.5.19/src/lib.rs',
  ],
};

/** Disagreements understood and accepted, each with why. */
const KNOWN: KnownDisagreement[] = [];

/**
 * The syn lister, built once (debug profile: 10 s cold, against 36 s for release) into
 * .ananke/oracles (git ignores it), rebuilt when its sources change.
 */
function rustOracle(): string {
  requireTool(CARGO, 'cargo');
  requireTool(RUSTC, 'rustc');
  requireTool(`${REGISTRY}/syn-1.0.107/Cargo.toml`, 'librust-syn-dev');
  const folder = repoPath('test/harness/clew/oracle-rust');
  const target = repoPath('.ananke/oracles/rust-target');
  const sources = ['Cargo.toml', 'Cargo.lock', '.cargo/config.toml', 'src/main.rs'].map((f) => `${folder}/${f}`);
  return cachedBuild(`${target}/debug/oracle-rust`, sources, () => {
    // the folder's .cargo/config.toml points crates-io at the Debian registry, offline
    // CARGO_HOME of its own: no user configuration (rustup's) or registry cache takes part
    runOrFail(CARGO, ['build', '--offline', '--locked', '--target-dir', target], {
      cwd: folder,
      env: { ...process.env, RUSTC, CARGO_HOME: repoPath('.ananke/oracles/cargo-home') },
    });
  });
}

test('Rust: functions, types and use declarations match syn on library and procedural-macro crates, apart', async () => {
  const oracle = rustOracle();
  await checkDeclarations({
    language: 'rust',
    title: `Rust oracle (syn 1.0.107, ${CARGO})`,
    root: REGISTRY,
    groups: GROUPS,
    packages: 'the librust-*-dev packages .ci/run lists',
    oracle: (paths) => JSON.parse(runOrFail(oracle, paths)) as Record<string, string[]>,
    options: { fieldKinds: ['struct', 'union'], variantKinds: ['enum'], importNames: true },
    kinds: ['fields', 'function', 'import', 'params', 'results', 'type', 'variants'],
    known: KNOWN,
  });
});
