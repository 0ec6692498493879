#!/usr/bin/env node
// @ts-check
// V8 bytes allocated per Clew extraction on every language's 100- and 500-line fixture, and the
// WebAssembly memory growth over further extractions (core/clew/README.md, "Query cost"). The memory
// suite measures the TypeScript fixtures alone; this covers the five languages the same way: the
// heapUsed delta across one extraction started right after a young-generation GC (a full one makes
// V8 recompile during the next extraction, core/bench/memory.ts), median (and min, max) over trials,
// after a warm-up. That figure moves by several KB from process to process (the state V8's young
// generation is left in), so a second one comes from V8's sampling heap profiler counting the objects
// collected as well: bytes allocated over many extractions (a sample every 256 bytes on average,
// scaled by V8 to an estimate of every allocation), divided by their number; it repeats within 1-2%.
// Allocation figures hold on a busy machine; no timing is taken.
//
// Usage: npm run build && node --expose-gc scripts/clew-allocation.mjs [--root DIR] [--growth N] [--sampled N]
//   --root DIR    a checkout whose dist/ to measure (default: this one), e.g. a worktree at an older commit
//   --growth N    extractions per fixture over which WASM memory growth is read (default 1000)
//   --sampled N   extractions per fixture the sampling profiler watches (default 1000)
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = {
  typescript: 'typescript/%s/entity_service_%n.ts',
  python: 'python/%s/entity_service_%n.py',
  rust: 'rust/%s/entity_service_%n.rs',
  go: 'go/%s/entity_service_%n.go',
  zig: 'zig/%s/entity_service_%n.zig',
};
const SIZES = [
  ['small', 100],
  ['medium', 500],
];
const WARMUP = 50;
const TRIALS = 31;

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const root = resolve(option('--root', fileURLToPath(new URL('..', import.meta.url))));
const growthRuns = Number(option('--growth', '1000'));
const sampledRuns = Number(option('--sampled', '1000'));
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const gc = globalThis.gc;

const { setPlatform } = await import(`${root}/dist/core/platform.js`);
const { detectPlatform } = await import(`${root}/dist/runners/detect.js`);
setPlatform(await detectPlatform());
const { Clew } = await import(`${root}/dist/core/clew/index.js`);
const { initTreeSitter } = await import(`${root}/dist/core/clew/tree-sitter-module.js`);
const clew = await Clew.create();
for (const language of Object.keys(FIXTURES)) await clew.load(language);
const { module } = await initTreeSitter();

const kb = (bytes) => (bytes / 1024).toFixed(1);

/** Allocated bytes across one call right after a full GC, per trial. */
function allocations(op) {
  const out = [];
  for (let t = 0; t < TRIALS; t++) {
    gc({ type: 'minor' });
    const before = process.memoryUsage().heapUsed;
    op();
    out.push(process.memoryUsage().heapUsed - before);
  }
  return out.sort((a, b) => a - b);
}

const session = new Session();
session.connect();

/** Bytes allocated per call over `runs` calls, by V8's sampling heap profiler (collected objects included). */
async function sampled(op, runs) {
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMinorGC: true,
    includeObjectsCollectedByMajorGC: true,
  });
  for (let i = 0; i < runs; i++) op();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  let total = 0;
  const stack = [profile.head];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    total += node.selfSize;
    stack.push(...node.children);
  }
  return total / runs;
}

console.log(
  `${root}: KB allocated per extraction: heapUsed delta, median (min–max) of ${TRIALS}; sampled over ${sampledRuns}; WASM growth over ${growthRuns} more`,
);
for (const [size, lines] of SIZES) {
  for (const [language, pattern] of Object.entries(FIXTURES)) {
    const file = `${root}/fixtures/${pattern.replace('%s', String(size)).replace('%n', String(lines))}`;
    const source = readFileSync(file, 'utf8');
    const op = () => clew.extract(source, { language, file });
    for (let i = 0; i < WARMUP; i++) op();
    const bytes = allocations(op);
    const estimate = await sampled(op, sampledRuns);
    const wasmBefore = module.HEAPU8.buffer.byteLength;
    for (let i = 0; i < growthRuns; i++) op();
    const growth = module.HEAPU8.buffer.byteLength - wasmBefore;
    console.log(
      `${language.padEnd(10)} ${String(lines).padStart(4)} lines  ${kb(bytes[TRIALS >> 1]).padStart(7)} (${kb(bytes[0])}–${kb(bytes[TRIALS - 1])})  sampled ${kb(estimate).padStart(6)}  WASM growth ${growth} B`,
    );
  }
}
session.disconnect();
