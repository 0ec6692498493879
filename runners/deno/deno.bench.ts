// `deno bench`: registers every catalogue bench with Deno.bench so Deno prints its own table.
// It runs the compiled engine in dist/ (the same JavaScript the runners run; build with
// `npm run build`), or the tree named by ANANKE_DIST. Suites are prepared up front; a bench whose
// preparation fails is registered as ignored and its reason printed, so one missing part never
// hides the rest. Filter with ANANKE_SUITE / ANANKE_BENCH (same syntax as the runner's flags).
// Permissions: `deno bench --allow-read --allow-env --allow-sys` (deno.json grants them).
// The NDJSON runner with mitata's figures is runners/deno/main.ts; this entry is for reading.
import type * as Catalogue from '../../core/bench/catalogue.ts';
import type * as Suites from '../../core/bench/suites/index.ts';
import type * as Sampling from '../../core/bench/sampling.ts';
import type * as Stepper from '../../core/bench/stepper.ts';
import type * as PlatformModule from '../../core/platform.ts';
import type * as DenoPlatform from './platform.ts';
import type { BenchContext, PreparedBench } from '../../core/bench/types.ts';

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
const { setPlatform } = await load<typeof PlatformModule>('core/platform.js');
const { denoPlatform } = await load<typeof DenoPlatform>('runners/deno/platform.js');
const { selectBenches } = await load<typeof Catalogue>('core/bench/catalogue.js');
const { SUITE_MODULES } = await load<typeof Suites>('core/bench/suites/index.js');
const { SAMPLING } = await load<typeof Sampling>('core/bench/sampling.js');
const { stepper } = await load<typeof Stepper>('core/bench/stepper.js');

setPlatform(denoPlatform());
const list = (name: string) => deno.env.get(name)?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
const selection = selectBenches(list('ANANKE_SUITE'), list('ANANKE_BENCH'));
if (!selection.ok) throw new Error(selection.message);

const ctx: BenchContext = { sampling: SAMPLING.quick, repoRoot, shared: new Map(), onDispose: () => {} };

for (const entry of selection.entries) {
  let prepared: PreparedBench | null = null;
  try {
    prepared = await SUITE_MODULES[entry.suite].prepare(entry, ctx);
  } catch (error) {
    console.error(`${entry.suite} ${entry.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const step = prepared === null ? null : stepper(prepared.measured);
  deno.bench({
    name: entry.id,
    group: entry.suite,
    ignore: step === null,
    async fn(b) {
      const args = await step!.setup();
      b.start();
      const result = step!.call(args);
      if (result instanceof Promise) await result;
      b.end();
    },
  });
}
