// Runs a suite's measured function one call at a time outside mitata, for runners with their own
// timing loop (Deno.bench): per-call setup (a generator bench's parameters) runs before the clock starts.
import type { Measured } from './types.ts';

export interface Stepper {
  /** Whether calls need setup (a generator bench); a plain function can be called back to back. */
  perCallSetup: boolean;
  /** Untimed: computes the call's arguments. */
  setup(): Promise<unknown[]>;
  /** Timed: one call. */
  call(args: unknown[]): unknown;
}

interface YieldedBench {
  bench?: (...args: unknown[]) => unknown;
  [index: number]: () => unknown;
}

export function stepper(measured: Measured): Stepper {
  const isGenerator = /^(async\s*)?function\s*\*/.test(Function.prototype.toString.call(measured));
  if (!isGenerator) return { perCallSetup: false, setup: async () => [], call: () => (measured as () => unknown)() };
  // mitata's generator form: the first yield is the bench, or `{ [0]() {…}, bench(x) {…} }`.
  let resolved: Promise<{ fn: (...args: unknown[]) => unknown; params: Array<() => unknown> }> | null = null;
  const resolve = () =>
    (resolved ??= (async () => {
      const generator = (measured as (state: unknown) => Generator<unknown> | AsyncGenerator<unknown>)({ get: () => undefined });
      const first = (await generator.next()).value as YieldedBench | (() => unknown);
      if (typeof first === 'function') return { fn: first as (...args: unknown[]) => unknown, params: [] };
      const fn = first.bench!;
      return { fn, params: Array.from({ length: fn.length }, (_, i) => first[i]!) };
    })());
  let current: { fn: (...args: unknown[]) => unknown; params: Array<() => unknown> } | null = null;
  return {
    perCallSetup: true,
    async setup() {
      current = await resolve();
      return Promise.all(current.params.map((param) => param()));
    },
    call: (args) => current!.fn(...args),
  };
}
