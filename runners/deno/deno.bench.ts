// `deno bench`: registers every catalogue bench with Deno.bench so Deno prints its own table.
// It runs the compiled engine in dist/ (the same JavaScript the runners run; build with
// `npm run build`), or the tree named by ANANKE_DIST. Suites are prepared up front; a bench whose
// preparation fails is registered as ignored and its reason printed, so one missing part never
// hides the rest. Choose benches with ANANKE_SUITE / ANANKE_BENCH (the runner's syntax: ids, id
// prefixes, groups; only those are prepared) or Deno's own --filter (a substring or /regex/ of the
// names; every suite is still prepared). Groups are comparison families (the same work at different
// sizes, the smallest the baseline): Deno's summary compares only those, never a cache hit with a
// compile. A bench that needs fresh arguments per call and takes under 10 µs (where Deno ignores
// start()/end()) is timed over a batch of calls with the arguments made beforehand: its name says
// "×1000" and its time is for the batch.
// Permissions: `deno bench --allow-read --allow-env --allow-sys` (deno.json grants them).
// The NDJSON runner with mitata's figures is runners/deno/main.ts; this entry is for reading.
// Types are declared here rather than imported, so Deno's type check covers this file alone
// (the engine it loads is compiled JavaScript from dist/).
interface CatalogueEntry {
  suite: string;
  id: string;
}
interface PreparedBench {
  measured: unknown;
}
interface BenchContext {
  sampling: unknown;
  repoRoot: string;
  shared: Map<string, unknown>;
  extras: boolean;
  warming: boolean;
  onDispose(cleanup: () => unknown): void;
}
interface Stepper {
  perCallSetup: boolean;
  setup(): Promise<unknown[]>;
  call(args: unknown[]): unknown;
}
interface Modules {
  platform: { setPlatform(platform: unknown): void };
  denoPlatform: { denoPlatform(): unknown };
  catalogue: {
    selectBenches(suites: string[] | null, filter: string[] | null): { ok: true; entries: CatalogueEntry[] } | { ok: false; message: string };
    comparisonFamily(id: string): { name: string; baseline: string };
  };
  suites: { SUITE_MODULES: Record<string, { prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> }> };
  sampling: { SAMPLING: Record<string, unknown> };
  stepper: { stepper(measured: unknown): Stepper };
}

interface BenchTimer {
  start(): void;
  end(): void;
}
interface DenoBenchGlobal {
  bench(options: { name: string; group?: string; baseline?: boolean; ignore?: boolean; fn: (b: BenchTimer) => Promise<void> | void }): void;
  env: { get(name: string): string | undefined };
  statSync(path: string): unknown;
  exit(code: number): never;
}
const deno: DenoBenchGlobal = (globalThis as unknown as { Deno: DenoBenchGlobal }).Deno;

// This file runs from runners/deno/ (deno bench) or dist/runners/deno/; either way load dist/.
const here = new URL('.', import.meta.url).href;
const distUrl = deno.env.get('ANANKE_DIST')
  ? new URL(`${deno.env.get('ANANKE_DIST')!.replace(/\/?$/, '/')}`, 'file:///').href
  : here.includes('/dist/')
    ? here.slice(0, here.indexOf('/dist/') + 6)
    : new URL('../../dist/', import.meta.url).href;
const repoRoot = decodeURIComponent(new URL('../../', here.includes('/dist/') ? new URL('../', here) : here).pathname).replace(/\/$/, '');
try {
  deno.statSync(decodeURIComponent(new URL('core/catalogue.js', distUrl).pathname));
} catch {
  throw new Error(`no compiled engine at ${distUrl}: run \`npm run build\` first (deno bench runs dist/, like the runners)`);
}
const load = <T>(path: string) => import(new URL(path, distUrl).href) as Promise<T>;
const { setPlatform } = await load<Modules['platform']>('core/platform.js');
const { denoPlatform } = await load<Modules['denoPlatform']>('runners/deno/platform.js');
const { selectBenches, comparisonFamily } = await load<Modules['catalogue']>('core/catalogue.js');
const { SUITE_MODULES } = await load<Modules['suites']>('core/bench/suites/index.js');
const { SAMPLING } = await load<Modules['sampling']>('core/bench/sampling.js');
const { stepper } = await load<Modules['stepper']>('core/bench/stepper.js');

setPlatform(denoPlatform());
const list = (name: string) =>
  deno.env
    .get(name)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? null;
const selection = selectBenches(list('ANANKE_SUITE'), list('ANANKE_BENCH'));
if (!selection.ok) {
  // A user's typo: one line and exit code 2, as the runners do, not a stack trace.
  console.error(`error: ANANKE_SUITE / ANANKE_BENCH: ${selection.message}`);
  deno.exit(2);
}

// `deno bench` shows its own timings only: no preparation times its side figures.
const ctx: BenchContext = { sampling: SAMPLING.quick, repoRoot, shared: new Map(), extras: false, warming: false, onDispose: () => {} };

/** Calls per timed batch of a fast bench with per-call arguments (see the header). */
const BATCH = 1000;
/** Below this per call, Deno ignores start()/end(). */
const START_END_FLOOR_NS = 10_000;

/** The median time of a few calls of a stepper with per-call setup (the setup untimed), in ns. */
async function callNs(step: Stepper): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const args = await step.setup();
    const t0 = performance.now();
    const result = step.call(args);
    if (result instanceof Promise) await result;
    times.push((performance.now() - t0) * 1e6);
  }
  return times.sort((a, b) => a - b)[7]!;
}

/** How a stepper is timed: plainly, with start()/end() around one call, or over a batch of calls. */
function timed(step: Stepper, batch: number): (b: BenchTimer) => Promise<void> {
  if (!step.perCallSetup) {
    return async () => {
      const result = step.call([]);
      if (result instanceof Promise) await result;
    };
  }
  return async (b) => {
    const args: unknown[][] = [];
    for (let i = 0; i < batch; i++) args.push(await step.setup());
    b.start();
    for (const a of args) {
      const result = step.call(a);
      if (result instanceof Promise) await result;
    }
    b.end();
  };
}

const prepared: Array<{ entry: CatalogueEntry; step: Stepper | null; batch: number }> = [];
for (const entry of selection.entries) {
  let step: Stepper | null = null;
  try {
    step = stepper((await SUITE_MODULES[entry.suite]!.prepare(entry, ctx)).measured);
  } catch (error) {
    console.error(`${entry.suite} ${entry.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const batch = step?.perCallSetup && (await callNs(step)) < START_END_FLOOR_NS ? BATCH : 1;
  prepared.push({ entry, step, batch });
}
// One batch size per family, so the family's summary compares like with like.
const familyBatch = new Map<string, number>();
for (const p of prepared) {
  const family = comparisonFamily(p.entry.id).name;
  familyBatch.set(family, Math.max(familyBatch.get(family) ?? 1, p.batch));
}
for (const { entry, step } of prepared) {
  const family = comparisonFamily(entry.id);
  const batch = familyBatch.get(family.name)!;
  deno.bench({
    name: batch === 1 ? entry.id : `${entry.id} ×${batch}`,
    group: family.name,
    baseline: family.baseline === entry.id && family.name !== entry.id,
    ignore: step === null,
    fn: step === null ? () => {} : timed(step, batch),
  });
}
