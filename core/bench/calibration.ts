// The calibration workload: a fixed, deterministic piece of work (a pure-JavaScript loop and a
// tree-sitter parse of a fixed input in WebAssembly, a few milliseconds together) that a runner
// times right before and after every bench. Its time moves only when the machine does (another
// tenant on the core, frequency changes), so a bench measured while the calibration ran slow is
// marked as noisy by the report (core/report/drift.ts) instead of passing for a slower engine.
import { Parser } from 'web-tree-sitter';
import { platform } from '../platform.ts';
import { treeSitter } from './tree-sitter.ts';

/**
 * Repetitions per calibration; the figure is the fastest. Right after a bench the heap is full of
 * its garbage, and a collection landing in one repetition made the median of five spread ±10% on a
 * quiet machine; the fastest of seven moves only when every repetition does, as under contention.
 */
const REPETITIONS = 7;
/** Iterations of the pure-JS part: about 0.2 ms on a 2020s x86-64 core. */
const JS_ITERATIONS = 100_000;

/** A fixed TypeScript input for the WASM part (≈ 40 lines; built once, identical everywhere). */
const SOURCE = Array.from(
  { length: 8 },
  (_, i) => `
export interface Entity${i} { id: string; name: string; tags: readonly string[]; createdAt: Date }
export function validate${i}(entity: Entity${i}, strict = false): boolean {
  if (strict && entity.tags.length === 0) return false;
  return entity.id.length > 0 && /^[a-z][a-z0-9_]*$/.test(entity.name);
}`,
).join('\n');

/** The JS part: integer mixing over a small table, so it exercises the JIT's usual paths and nothing the engines special-case. */
function jsWork(): number {
  const table = new Int32Array(256);
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < JS_ITERATIONS; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const slot = x & 255;
    table[slot] = (table[slot]! + (x >>> 8)) | 0;
  }
  let sum = 0;
  for (let i = 0; i < 256; i++) sum = (sum + table[i]!) | 0;
  return sum;
}

export interface Calibrator {
  /** One calibration reading: the fastest of a few repetitions of the workload, ns. */
  measure(): number;
  dispose(): void;
}

/** Loads the parser the workload needs (outside any timed region) and warms the workload up. */
export async function createCalibrator(): Promise<Calibrator> {
  const ts = await treeSitter();
  const parser = new Parser();
  parser.setLanguage(await ts.language('typescript'));
  let _sink = 0;
  const once = () => {
    _sink ^= jsWork();
    const tree = parser.parse(SOURCE);
    _sink ^= tree?.rootNode.childCount ?? 0;
    tree?.delete();
  };
  // Enough calls for every engine to compile the JS part with its optimising tier.
  for (let i = 0; i < 20; i++) once();
  const p = platform();
  return {
    measure() {
      const times: number[] = [];
      for (let i = 0; i < REPETITIONS; i++) {
        const t0 = p.nowNs();
        once();
        times.push(p.nowNs() - t0);
      }
      return Math.min(...times);
    },
    dispose: () => parser.delete(),
  };
}
