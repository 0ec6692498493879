// Installs the current runtime's platform once for a test file and returns it.
import { existsSync } from 'node:fs';
import { setPlatform, type Platform } from '../../core/platform.ts';
import { detectPlatform } from '../../runners/detect.ts';

let installed: Promise<Platform> | null = null;

export function usePlatform(): Promise<Platform> {
  installed ??= detectPlatform().then((p) => {
    setPlatform(p);
    return p;
  });
  return installed;
}

/** Repository root as a path (tests run from dist/test/..., sources from test/...). */
export function repoPath(relative: string): string {
  const here = new URL('.', import.meta.url).pathname;
  const root = here.includes('/dist/test/') ? here.slice(0, here.indexOf('/dist/test/')) : here.slice(0, here.indexOf('/test/'));
  return `${decodeURIComponent(root)}/${relative}`;
}

/** A tool from the repository's node_modules/.bin (bun, deno), or its bare name, found on PATH. */
export function repoBin(name: string): string {
  const path = repoPath(`node_modules/.bin/${name}`);
  return existsSync(path) ? path : name;
}
