// Memory figures of one operation, read through the platform's GC and heap hooks so every
// runtime is measured the same way (and a fake platform gives exact numbers in tests).
import { do_not_optimize } from 'mitata';
import { platform } from '../platform.ts';
import { median } from './stats.ts';

export interface MemoryFigures {
  bytesAllocatedPerOp: number | null;
  bytesRetained: number | null;
  /**
   * The heap's high-water mark above its start during one op: nothing is collected inside it, so the
   * allocation again (an upper bound of the op's live peak, which the guide's targets name).
   */
  bytesPeak: number | null;
  /** The highest trial's allocation: the op's plus whatever the engine did meanwhile (installing compiled code). */
  bytesAllocatedMax: number | null;
  bytesPerLine: number | null;
  bytesPerConstraint: number | null;
  wasmBytesGrowth: number | null;
  /** No runtime exposes allocation counts through the platform; always null (unavailable). */
  allocationCount: null;
  memorySource: string;
}

export interface MemoryPlan {
  op: () => unknown;
  trials: number;
  lines?: number;
  constraints?: number;
  /** WebAssembly memory probe: bytes of tree-sitter's linear memory, null when unreadable. */
  wasm?: { bytes(): number | null; runs: number };
}

/**
 * Which heap reading grows as an op allocates. V8's used size counts allocation as it happens;
 * JavaScriptCore's heapSize changes only when it collects, while its capacity grows with every block
 * handed out, so on JSC allocation is read from the capacity (totalBytes). Retained bytes always
 * come from the used size after a full collection, which both engines report exactly.
 */
function allocationReading(engine: string): 'usedBytes' | 'totalBytes' {
  return engine === 'JavaScriptCore' ? 'totalBytes' : 'usedBytes';
}

function method(reading: 'usedBytes' | 'totalBytes'): string {
  const caveat = reading === 'totalBytes' ? ' (a lower bound: allocation that fits in free blocks the heap already holds does not grow its capacity)' : '';
  const collection = reading === 'usedBytes' ? 'a young-generation GC' : 'a full GC';
  return (
    `JS heap: allocated = ${reading} delta across one op started right after ${collection}${caveat} (median over trials; peak = the same growth, the heap's high-water mark in an op that collects nothing; the highest trial apart), ` +
    'retained = usedBytes delta between full GCs before and after one op whose result is kept (median over trials); WASM memory measured apart'
  );
}

/**
 * Allocated bytes per op are the heap growth across one op with no collection in between;
 * if the engine collects mid-op the figure is an underestimate, which the median over trials dampens.
 * On V8 each trial starts after a young-generation collection, not a full one (JavaScriptCore's
 * after a full one, below): after a full collection V8 re-warms (old and code space grew by up to
 * 85 and 170 KB during the next op, code being recompiled), which the used size counts as the
 * op's allocation: the 100-line TypeScript extraction read 95-350 KB per trial that way, a steady
 * 88 KB after a scavenge, as V8's sampling heap profiler counts it.
 */
export function measureMemory(plan: MemoryPlan): MemoryFigures {
  const p = platform();
  const reading = allocationReading(p.runtime.engine);
  const source = `${p.heap().source}; ${method(reading)}`;
  const wasmBytesGrowth = plan.wasm === undefined ? null : measureWasmGrowth(plan.op, plan.wasm);
  // asked for young: a full collection here would put the re-warm into the first trial
  if (!p.gc('young')) {
    return {
      bytesAllocatedPerOp: null,
      bytesRetained: null,
      bytesPeak: null,
      bytesAllocatedMax: null,
      bytesPerLine: null,
      bytesPerConstraint: null,
      wasmBytesGrowth,
      allocationCount: null,
      memorySource: `${source}; heap figures unavailable: the runtime was started without GC access (node --expose-gc, deno --v8-flags=--expose-gc)`,
    };
  }
  const allocations: number[] = [];
  // JavaScriptCore's capacity only grows from a heap emptied by a full collection (after an eden
  // one most trials read 0: the op fits in blocks the heap still holds)
  const collection = reading === 'usedBytes' ? 'young' : undefined;
  for (let t = 0; t < plan.trials; t++) {
    p.gc(collection);
    const before = p.heap()[reading];
    const result = plan.op();
    const after = p.heap()[reading];
    do_not_optimize(result);
    allocations.push(Math.max(0, after - before));
  }
  // Retained: median over trials too, since a collection may also free what earlier ops left behind
  // (an engine's bounded caches evicting), which alone would make a single reading negative.
  const retentions: number[] = [];
  for (let t = 0; t < Math.max(1, plan.trials); t++) {
    p.gc();
    const baseline = p.heap().usedBytes;
    const kept = plan.op();
    p.gc();
    retentions.push(p.heap().usedBytes - baseline);
    do_not_optimize(kept);
  }
  const retained = median(retentions);

  const allocated = allocations.length > 0 ? median(allocations) : null;
  return {
    bytesAllocatedPerOp: allocated,
    bytesRetained: retained,
    bytesPeak: allocated,
    bytesAllocatedMax: allocations.length > 0 ? Math.max(...allocations) : null,
    bytesPerLine: allocated !== null && plan.lines ? allocated / plan.lines : null,
    bytesPerConstraint: allocated !== null && plan.constraints ? allocated / plan.constraints : null,
    wasmBytesGrowth,
    allocationCount: null,
    memorySource: source,
  };
}

/** Growth of WebAssembly memory over `runs` further ops, after the op has run once. */
function measureWasmGrowth(op: () => unknown, wasm: { bytes(): number | null; runs: number }): number | null {
  do_not_optimize(op());
  const before = wasm.bytes();
  if (before === null) return null;
  for (let i = 0; i < wasm.runs; i++) do_not_optimize(op());
  const after = wasm.bytes();
  return after === null ? null : after - before;
}
