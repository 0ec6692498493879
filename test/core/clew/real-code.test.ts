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
    [
      'type:LRUCache',
      'function:isCache',
      'type:Size',
      'type:Status',
      'type:Stats',
      'type:Milliseconds',
      'type:Options',
      'function:defaultSize',
      'type:Internal',
    ].map((n) => [n, exported(n)]),
    [
      ['type:LRUCache', true],
      ['function:isCache', true],
      ['type:Size', true],
      ['type:Status', true],
      ['type:Stats', true],
      ['type:Milliseconds', true],
      // an interface in an ambient namespace with no `export { … }` is exported without the keyword
      ['type:Options', true],
      ['function:defaultSize', false],
      ['type:Internal', false],
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
    ['function:retryFetch', 'type:RetryOptions', 'function:hidden', 'function:shown'].map((n) => [
      n,
      (named(constraints, n).facts as { exported: boolean }).exported,
    ]),
    [
      ['function:retryFetch', true],
      ['type:RetryOptions', true],
      ['function:hidden', false],
      ['function:shown', true],
    ],
  );
});

test('Python: positional-only, *args, keyword-only and **kwargs parameters keep their kinds and their syntax', async () => {
  const constraints = await extractReal('retry.py', 'python');
  const kinds = (name: string) => factOf(constraints, name, 'function').params.map((p) => [p.name, p.kind ?? 'normal', p.variadic]);
  assert.deepEqual(kinds('function:retry'), [
    ['fn', 'positional_only', false],
    ['args', 'var_positional', true],
    ['attempts', 'keyword_only', false],
    ['delay', 'keyword_only', false],
    ['kwargs', 'var_keyword', true],
  ]);
  assert.equal(
    named(constraints, 'function:retry').description,
    'exported function retry(fn: Callable[..., Any], /, *args: Any, attempts: int = 3, delay: float = 0.5, **kwargs: Any): Any',
  );
  assert.deepEqual(kinds('function:run'), [
    ['cmd', 'normal', false],
    ['popenargs', 'var_positional', true],
    ['timeout', 'keyword_only', false],
    ['check', 'keyword_only', false],
    ['kwargs', 'var_keyword', true],
  ]);
  assert.equal(named(constraints, 'function:run').description, 'exported function run(cmd, *popenargs, timeout = None, check = False, **kwargs)');
  assert.equal(named(constraints, 'function:clamp').description, 'exported function clamp(value: float, /, low: float, high: float): float');
  assert.deepEqual(kinds('function:connect'), [
    ['host', 'normal', false],
    ['port', 'normal', false],
    ['secure', 'keyword_only', false],
  ]);
  assert.equal(named(constraints, 'function:connect').description, 'exported function connect(host: str, port: int = 443, *, secure: bool = True): str');
  // self is the receiver: the bare `*` and `/` still mark the parameters after and before them
  assert.equal(named(constraints, 'function:Backoff.__init__').description, 'method Backoff.__init__(base: float, *, factor: float = 2.0): None');
  assert.equal(named(constraints, 'function:Backoff.delays').description, 'method Backoff.delays(count, /)');
  // other languages' parameters carry no kind (an ordinary parameter)
  const clew = await loadedClew();
  const ts = clew.extract('export function f(a: number, ...rest: string[]): void {}', { language: 'typescript', file: 'f.ts' }).constraints;
  assert.deepEqual(
    factOf(ts, 'function:f', 'function').params.map((p) => p.kind),
    [undefined, undefined],
  );
  assert.equal(named(ts, 'function:f').description, 'exported function f(a: number, ...rest: string[]): void');
});

test('Zig: a type function owns the methods of the struct it returns; only `pub` declarations are exported', async () => {
  const constraints = await extractReal('ring.zig', 'zig');
  const fn = (name: string) => {
    const f = factOf(constraints, name, 'function');
    return [f.owner, f.exported, f.params.map((p) => p.name)];
  };
  assert.deepEqual(fn('function:Ring'), [null, true, ['T']]);
  assert.deepEqual(fn('function:Ring.push'), ['Ring', true, ['x']]);
  assert.deepEqual(fn('function:Ring.pop'), ['Ring', true, []]);
  assert.deepEqual(fn('function:Ring.isFull'), ['Ring', false, []]);
  // the struct a labeled block breaks with is the type function's too
  assert.deepEqual(fn('function:BoundedRing.slice'), ['BoundedRing', true, []]);
  assert.deepEqual(fn('function:Slot.next'), ['Slot', true, []]);
  assert.deepEqual(fn('function:helper'), [null, false, []]);
  const functions = constraints.filter((c) => c.facts?.fact === 'function' && c.facts.owner === null).map((c) => c.name);
  assert.deepEqual(functions, ['function:Ring', 'function:BoundedRing', 'function:helper']);
  const exported = (name: string) => factOf(constraints, name, 'type').exported;
  // the file struct is named by the non-pub `const Self = @This()`: not exported under that name
  assert.deepEqual([exported('type:Self'), exported('type:Slot'), exported('type:Config')], [false, false, true]);
  const summary = constraints.find((c) => c.facts?.fact === 'summary' && c.description.includes('top-level declarations exported'));
  assert.ok(summary !== undefined);
  // Ring, BoundedRing and Config; not Self, Slot or helper
  assert.equal(summary.facts?.fact === 'summary' ? summary.facts.count : -1, 3);
});
