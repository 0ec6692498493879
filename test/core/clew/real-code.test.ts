// Clew on three real-looking files (test/core/clew/real/) where a new user found slips (issue 16):
// a declaration file of `export declare` statements, Python's parameter kinds, and the methods of
// a Zig type function's struct with `pub` and non-`pub` constants beside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Constraint } from '../../../core/model/constraint.ts';
import type { Language } from '../../../core/model/facts.ts';
import { repoPath } from '../../support/platform.ts';
import { factOf, loadedClew, named } from './support.ts';

async function extractReal(file: string, language: Language): Promise<Constraint[]> {
  const clew = await loadedClew();
  const path = `test/core/clew/real/${file}`;
  return clew.extract(readFileSync(repoPath(path), 'utf8'), { language, file: path }).constraints;
}

test('TypeScript declaration file: `export declare` declarations are exported, `declare` alone is not', async () => {
  const constraints = await extractReal('lru-cache.d.mts', 'typescript');
  const exported = (name: string) => {
    const fact = named(constraints, name).facts;
    assert.ok(fact?.fact === 'type' || fact?.fact === 'function', name);
    return fact.exported;
  };
  assert.deepEqual(
    ['type:LRUCache', 'function:isCache', 'type:Size', 'type:Status', 'type:Stats', 'type:Milliseconds', 'type:Options', 'function:defaultSize', 'type:Internal'].map((n) => [n, exported(n)]),
    [
      ['type:LRUCache', true], ['function:isCache', true], ['type:Size', true], ['type:Status', true], ['type:Stats', true], ['type:Milliseconds', true],
      // an interface in an ambient namespace with no `export { … }` is exported without the keyword
      ['type:Options', true],
      ['function:defaultSize', false], ['type:Internal', false],
    ],
  );
  assert.equal(named(constraints, 'type:LRUCache').description.startsWith('exported class LRUCache<K, V>'), true);
  const get = factOf(constraints, 'function:LRUCache.get', 'function');
  assert.deepEqual([get.owner, get.exported, get.visibility], ['LRUCache', false, 'public']);
  assert.equal(named(constraints, 'function:isCache').description, 'exported function isCache(value: unknown): value is LRUCache<{}, {}>');
});

test('TypeScript: a declaration in `declare module` is exported unless the module lists its exports', async () => {
  const clew = await loadedClew();
  const source = `declare module 'retry-fetch' {
  function retryFetch(url: string, attempts?: number): Promise<Response>;
  interface RetryOptions { attempts: number }
}
declare module 'picked' {
  function hidden(): void;
  export function shown(): void;
  export {};
}
`;
  const { constraints } = clew.extract(source, { language: 'typescript', file: 'ambient.d.mts' });
  assert.deepEqual(
    ['function:retryFetch', 'type:RetryOptions', 'function:hidden', 'function:shown'].map((n) => [n, (named(constraints, n).facts as { exported: boolean }).exported]),
    [['function:retryFetch', true], ['type:RetryOptions', true], ['function:hidden', false], ['function:shown', true]],
  );
});
