// scripts/clew-allocation.mjs, which the allocation figures in the READMEs come from: every language
// and size, two measurements of the same thing that must agree, and the WASM memory's growth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { repoPath } from '../../support/platform.ts';

test('clew-allocation reports the heapUsed delta, the sampling profiler estimate and WASM growth per fixture', () => {
  const out = execFileSync(process.execPath, ['--expose-gc', repoPath('scripts/clew-allocation.mjs'), '--growth', '20', '--sampled', '100'], {
    encoding: 'utf8',
  });
  const rows = [...out.matchAll(/^(\w+) +(\d+) lines +([\d.]+) \(([-\d.]+)–([-\d.]+)\) +sampled +([\d.]+) +WASM growth (\d+) B$/gm)];
  const languages = ['typescript', 'python', 'rust', 'go', 'zig'];
  assert.deepEqual(
    rows.map((r) => `${r[1]} ${r[2]}`),
    [...languages.map((l) => `${l} 100`), ...languages.map((l) => `${l} 500`)],
    out,
  );
  for (const [line, , lines, heapUsed, , , sampled, growth] of rows) {
    const delta = Number(heapUsed);
    const estimate = Number(sampled);
    // a 100-line extraction allocates tens of KB, a 500-line one hundreds; the two methods count the
    // same allocations (the delta also counts allocation area taken but not yet filled)
    const [low, high] = lines === '100' ? [30, 200] : [100, 800];
    assert.ok(estimate > low && estimate < high, `${line}: sampled ${estimate} KB outside ${low}–${high}`);
    assert.ok(Math.abs(estimate - delta) / delta < 0.25, `${line}: the two figures disagree`);
    assert.equal(growth, '0', `${line}: WASM memory grew`);
  }
});
