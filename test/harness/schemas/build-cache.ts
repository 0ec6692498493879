// A build folder outside the repository that the compiled oracles (cargo, go) reuse between runs:
// the project's files are copied there only when they changed, so the toolchain's own caches
// (cargo's target folder) stay valid and nothing is written into the source tree.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Copies `from` into `to` (files whose bytes differ only); returns `to`. Build output folders are not copied. */
export function syncTree(from: string, to: string, skip: ReadonlySet<string> = new Set(['target'])): string {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) syncTree(source, target, skip);
    else if (!existsSync(target) || !readFileSync(target).equals(readFileSync(source))) copyFileSync(source, target);
  }
  return to;
}
