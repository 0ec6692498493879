// Picks the platform of the runtime this code is running on (for tests and the CLI,
// which run under any of the three; the per-runtime runners import their own directly).
import type { Platform } from '../core/platform.ts';

export async function detectPlatform(): Promise<Platform> {
  const g = globalThis as { Bun?: unknown; Deno?: unknown };
  if (g.Bun !== undefined) return (await import('./bun/platform.ts')).bunPlatform();
  if (g.Deno !== undefined) return (await import('./deno/platform.ts')).denoPlatform();
  return (await import('./node/platform.ts')).nodePlatform();
}
