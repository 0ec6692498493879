// `deno bench`: registers every catalogue bench with Deno.bench so Deno prints its own table.
// It runs the compiled engine in dist/ (the same JavaScript the runners run; build with
// `npm run build`), or the tree named by ANANKE_DIST. Suites are prepared up front; a bench whose
// preparation fails is registered as ignored and its reason printed, so one missing part never
// hides the rest. Filter with ANANKE_SUITE / ANANKE_BENCH (same syntax as the runner's flags).
// Permissions: `deno bench --allow-read --allow-env --allow-sys` (deno.json grants them).
// The NDJSON runner with mitata's figures is runners/deno/main.ts; this entry is for reading.
// Types are declared here rather than imported, so Deno's type check covers this file alone
// (the engine it loads is compiled JavaScript from dist/).
interface CatalogueEntry { suite: string; id: string }
interface PreparedBench { measured: unknown }
interface BenchContext { sampling: unknown; repoRoot: string; shared: Map<string, unknown>; onDispose(cleanup: () => unknown): void }
interface Stepper { perCallSetup: boolean; setup(): Promise<unknown[]>; call(args: unknown[]): unknown }
interface Modules {
  platform: { setPlatform(platform: unknown): void };
  denoPlatform: { denoPlatform(): unknown };
  catalogue: { selectBenches(suites: string[] | null, filter: string[] | null): { ok: true; entries: CatalogueEntry[] } | { ok: false; message: string } };
  suites: { SUITE_MODULES: Record<string, { prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> }> };
  sampling: { SAMPLING: Record<string, unknown> };
  stepper: { stepper(measured: unknown): Stepper };
}

interface BenchTimer { start(): void; end(): void }
interface DenoBenchGlobal {
  bench(options: { name: string; group?: string; ignore?: boolean; fn: (b: BenchTimer) => Promise<void> | void }): void;
  env: { get(name: string): string | undefined };
  statSync(path: string): unknown;
}
const deno = (globalThis as unknown as { Deno: DenoBenchGlobal }).Deno;

// This file runs from runners/deno/ (deno bench) or dist/runners/deno/; either way load dist/.
const here = new URL('.', import.meta.url).href;
const distUrl = deno.env.get('ANANKE_DIST')
  ? new URL(`${deno.env.get('ANANKE_DIST')!.replace(/\/?$/, '/')}`, 'file:///').href
  : here.includes('/dist/') ? here.slice(0, here.indexOf('/dist/') + 6) : new URL('../../dist/', import.meta.url).href;
const repoRoot = decodeURIComponent(new URL('../../', here.includes('/dist/') ? new URL('../', here) : here).pathname).replace(/\/$/, '');
try {
  deno.statSync(decodeURIComponent(new URL('core/bench/catalogue.js', distUrl).pathname));
} catch {
  throw new Error(`no compiled engine at ${distUrl}: run \`npm run build\` first (deno bench runs dist/, like the runners)`);
}
const load = <T>(path: string) => import(new URL(path, distUrl).href) as Promise<T>;
const { setPlatform } = await load<Modules['platform']>('core/platform.js');
const { denoPlatform } = await load<Modules['denoPlatform']>('runners/deno/platform.js');
const { selectBenches } = await load<Modules['catalogue']>('core/bench/catalogue.js');
const { SUITE_MODULES } = await load<Modules['suites']>('core/bench/suites/index.js');
const { SAMPLING } = await load<Modules['sampling']>('core/bench/sampling.js');
const { stepper } = await load<Modules['stepper']>('core/bench/stepper.js');

setPlatform(denoPlatform());
const list = (name: string) => deno.env.get(name)?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
const selection = selectBenches(list('ANANKE_SUITE'), list('ANANKE_BENCH'));
if (!selection.ok) throw new Error(selection.message);

const ctx: BenchContext = { sampling: SAMPLING.quick, repoRoot, shared: new Map(), onDispose: () => {} };

for (const entry of selection.entries) {
  let prepared: PreparedBench | null = null;
  try {
    prepared = await SUITE_MODULES[entry.suite]!.prepare(entry, ctx);
  } catch (error) {
    console.error(`${entry.suite} ${entry.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const step = prepared === null ? null : stepper(prepared.measured);
  deno.bench({
    name: entry.id,
    group: entry.suite,
    ignore: step === null,
    // Only a bench with per-call setup needs start()/end(); Deno ignores them below 10 µs anyway.
    fn: step?.perCallSetup
      ? async (b) => {
          const args = await step.setup();
          b.start();
          const result = step.call(args);
          if (result instanceof Promise) await result;
          b.end();
        }
      : async () => {
          const result = step!.call([]);
          if (result instanceof Promise) await result;
        },
  });
}
