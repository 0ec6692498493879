// Loads the engine parts the suites measure, lazily, so a suite whose part has not landed
// yet reports "not available" as an error record instead of breaking the whole run.
import { BenchInputError, type BenchContext } from './types.ts';

/** The engine parts and the module each lives in (relative to this file). */
const PARTS = {
  clew: '../clew/index.ts',
  braid: '../braid/index.ts',
  maze: '../maze/index.ts',
  'maze-hash': '../maze/hash.ts',
  'maze-cache': '../maze/cache.ts',
  tokenmask: '../tokenmask/index.ts',
} as const;
export type EnginePart = keyof typeof PARTS;

/** Whether the import failed because the part's own index module is absent (not something it imports). */
function isMissingModule(error: unknown, specifier: string): boolean {
  const message = String((error as Error)?.message ?? error);
  const code = (error as { code?: string })?.code;
  const missing = code === 'ERR_MODULE_NOT_FOUND' || /cannot find module|module not found|could not resolve|no such file/i.test(message);
  const target = /['"]([^'"]+)['"]/.exec(message)?.[1] ?? '';
  const stem = specifier.replace(/^\.\.\//, '').replace(/\.ts$/, '');
  return missing && (target.endsWith(`${stem}.js`) || target.endsWith(`${stem}.ts`) || target.endsWith(stem));
}

/** The module of an engine part; throws BenchInputError "engine part X not available yet" when it is absent. */
export async function loadPart<T>(part: EnginePart, ctx?: BenchContext): Promise<T> {
  const key = `engine:${part}`;
  if (ctx?.shared.has(key)) return ctx.shared.get(key) as T;
  const specifier: string = PARTS[part];
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch (error) {
    if (isMissingModule(error, specifier)) {
      throw new BenchInputError(`engine part ${part} not available yet (core/${specifier.slice(3)} is missing)`);
    }
    throw new BenchInputError(`engine part ${part} failed to load: ${String((error as Error)?.message ?? error)}`);
  }
  ctx?.shared.set(key, mod);
  return mod as T;
}

/** Reads a named export, with a clear message when the part's API differs from what the suite expects. */
export function need<T>(mod: unknown, part: EnginePart, name: string): T {
  const value = (mod as Record<string, unknown>)[name];
  if (value === undefined) throw new BenchInputError(`engine part ${part} does not export '${name}' (yet)`);
  return value as T;
}
