// `ananke compile`: formats, Clew input, and invalid input listed with JSON paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { briefNote, runWith } from '../../../cli/commands/compile.ts';
import { repoPath, usePlatform } from '../../support/platform.ts';
import { LANGUAGE_FIXTURES, typescriptFixture } from '../../core/braid/fixtures.ts';
import { tempDir } from '../../support/temp.ts';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  await usePlatform();
  let out = '';
  let err = '';
  const code = await runWith(args, {
    out: (t) => {
      out += `${t}\n`;
    },
    err: (t) => {
      err += `${t}\n`;
    },
  });
  return { code, out, err };
}

const dir = tempDir('braid-cli-');
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

test('invalid constraint sets: every problem with its JSON path and expected value, exit 1', async () => {
  const path = file(
    'bad.json',
    JSON.stringify({
      name: 'x',
      constraints: [
        { name: 'ok', kind: 'syntactic' },
        { name: '', kind: 'syntax', confidence: 2 },
        { name: 'n', kind: 'security', facts: { fact: 'naming', category: 'function', convention: 'kebab-case', share: 1, sample: 1 } },
      ],
    }),
  );
  const r = await cli(path);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /4 problems in the constraint set/);
  assert.match(r.err, /constraints\[1\]\.name: a non-empty string \(expected >=1, received 0\)/);
  assert.match(r.err, /constraints\[1\]\.kind: .*Expected \("syntactic" \| "type_safety"/);
  assert.match(r.err, /constraints\[1\]\.confidence: /);
  assert.match(r.err, /constraints\[2\]\.facts\.convention: .*"camelCase"/);
  assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');

  const broken = await cli(file('broken.json', '{"constraints": [\n  {"name": "a",}\n]}'));
  assert.equal(broken.code, 1);
  assert.match(broken.err, /broken\.json:2:\d+: invalid JSON/);
});

test('constraint-set JSON compiles to every format', async () => {
  const fx = typescriptFixture();
  const path = file('set.json', JSON.stringify({ name: 'entity-service', constraints: fx.constraints }));
  const ir = await cli(path);
  assert.equal(ir.code, 0, ir.err);
  const parsed = JSON.parse(ir.out);
  assert.equal(parsed.name, 'entity-service');
  assert.equal(parsed.is_feasible, true);
  assert.deepEqual(Object.keys(parsed.schemas).sort(), ['CreateEntityDto', 'Entity', 'EntityResponse', 'UpdateEntityDto']);

  const schema = await cli(path, '--format', 'json-schema', '--type', 'Entity');
  assert.equal(schema.code, 0);
  const ajv = new Ajv2020({ strict: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(ajv.validate(JSON.parse(schema.out), fx.entity), true);

  const lark = await cli(path, '--format', 'lark');
  assert.match(lark.out, /^%llguidance \{\}\n/);
  const ebnf = await cli(path, '--format', 'ebnf');
  assert.match(ebnf.out, /^root ::= /m);
  const regex = await cli(path, '--format', 'regex');
  assert.ok(JSON.parse(regex.out).some((p: { target: string }) => p.target === 'signature'));

  const missing = await cli(path, '--format', 'json-schema', '--type', 'Nope');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no type 'Nope'/);
  assert.equal((await cli(path, '--format', 'yaml')).code, 2);
});

test('a source file goes through Clew', async () => {
  const r = await cli(repoPath('fixtures/go/small/entity_service_100.go'), '--format', 'ir');
  assert.equal(r.code, 0, r.err);
  const ir = JSON.parse(r.out);
  assert.equal(ir.language, 'go');
  assert.ok(ir.schemas.Entity);
  assert.match(ir.lark, /FUNC_NAME: \/_\*\[A-Z\]/, 'Go functions follow the PascalCase found in the file');
  const unknown = await cli(file('notes.txt', 'hello'));
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /not a \.json constraint set/);
});

test('conflicts and cycles are reported; --resolution none leaves the set infeasible', async () => {
  const path = file(
    'conflict.json',
    JSON.stringify([
      { id: 'allow_any', name: 'allow_any', kind: 'type_safety', facts: { fact: 'any_policy', allowed: true } },
      { id: 'forbid_any', name: 'forbid_any', kind: 'type_safety', severity: 'error', facts: { fact: 'any_policy', allowed: false } },
    ]),
  );
  const policy = JSON.parse((await cli(path)).out);
  assert.deepEqual(
    policy.conflicts.map((k: { resolvedInFavourOf: string }) => k.resolvedInFavourOf),
    ['forbid_any'],
  );
  const none = await cli(path, '--resolution', 'none');
  assert.equal(JSON.parse(none.out).is_feasible, false);
  assert.match(none.err, /infeasible/);
});

test('every JSON Schema of the Clew-extracted fixtures compiles in strict ajv', async () => {
  for (const [lang, ext] of [
    ['typescript', 'ts'],
    ['python', 'py'],
    ['rust', 'rs'],
    ['go', 'go'],
    ['zig', 'zig'],
  ]) {
    for (const size of ['small', 'medium']) {
      const n = size === 'small' ? 100 : 500;
      const r = await cli(repoPath(`fixtures/${lang}/${size}/entity_service_${n}.${ext}`));
      assert.equal(r.code, 0, r.err);
      const ir = JSON.parse(r.out);
      assert.ok(ir.schemas.Entity, `${lang} ${size}: Entity schema`);
      for (const schema of Object.values(ir.schemas)) {
        const ajv = new Ajv2020({ strict: true });
        ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T/);
        ajv.compile(schema as object);
      }
      // An Entity as the language's serialiser writes it validates; without its id or with a numeric name it does not.
      const written = LANGUAGE_FIXTURES.map((m) => m()).find((fx) => fx.language === lang)!.entity;
      // the generated Rust fixture's timestamps are std::time::SystemTime, which serde writes as seconds and nanoseconds
      const systemTime = { secs_since_epoch: 1714564800, nanos_since_epoch: 0 };
      const entity = lang === 'rust' ? { ...written, created_at: systemTime, updated_at: systemTime } : written;
      const ajv = new Ajv2020({ strict: true });
      ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T/);
      const validate = ajv.compile(ir.schemas.Entity as object);
      assert.equal(validate(entity), true, `${lang} ${size}: ${JSON.stringify(validate.errors)}`);
      const { id: _id, ...withoutId } = entity;
      assert.equal(validate(withoutId), false, `${lang} ${size}: Entity without id`);
      assert.equal(validate({ ...entity, name: 42 }), false, `${lang} ${size}: numeric name`);
    }
  }
});

test("--strict fails (exit 2) on types whose schemas are approximated or missing, naming each; with --type only that type's reach counts", async () => {
  const source = file(
    'strict.rs',
    [
      'pub struct Event { pub at: Timestamp, pub kind: Kind }',
      'pub enum Kind { Start, Stop }',
      'pub struct Point { pub x: i32, pub y: i32 }',
      'pub union Raw { a: u8, b: f32 }',
    ].join('\n'),
  );
  const lenient = await cli(source, '--format', 'json-schema');
  assert.equal(lenient.code, 0, lenient.err);
  assert.match(lenient.err, /note: the JSON Schemas of 1 type accept more than the type allows \(Event\)/);
  assert.match(lenient.err, /type Raw: Raw is a union without a tag, which its serializer cannot write/);

  const strict = await cli(source, '--format', 'json-schema', '--strict');
  assert.equal(strict.code, 2);
  assert.equal(strict.out, '');
  assert.match(strict.err, /--strict: 2 type schema problems:/);
  assert.match(strict.err, /Raw: no schema: type Raw: Raw is a union without a tag/);
  assert.match(strict.err, /Event: approximated: Timestamp is not declared in this source: any JSON value is accepted in its place/);

  const point = await cli(source, '--format', 'json-schema', '--type', 'Point', '--strict');
  assert.equal(point.code, 0, point.err);
  assert.deepEqual(JSON.parse(point.out).$defs.Point.required, ['x', 'y']);
  assert.equal((await cli(source, '--format', 'json-schema', '--type', 'Event', '--strict')).code, 2);
});

test('an empty source file with a known extension compiles in its language without --lang (issue 16)', async () => {
  for (const [name, language] of [
    ['empty.ts', 'typescript'],
    ['empty.py', 'python'],
    ['empty.zig', 'zig'],
  ] as const) {
    const r = await cli(file(name, ''), '--format', 'ir');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /give --lang/);
    const ir = JSON.parse(r.out);
    assert.equal(ir.language, language);
    assert.match(ir.lark, /^start: /m, `${name}: a grammar in the file's language`);
  }
  const lark = await cli(file('empty.go', ''), '--format', 'lark');
  assert.equal(lark.code, 0, lark.err);
  assert.match(lark.out, /^start: /m);
});

test('a long note (an unsafe regex quoting kilobytes) prints as one short line; --verbose prints it whole (issue 16)', async () => {
  // A cut-down json/decoder.py: its annotations make a Python signature regex with exponential backtracking.
  const source = [
    'import re',
    'from json import scanner',
    'from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Union',
    'class JSONDecodeError(ValueError):',
    '    msg: str',
    '    pos: int',
    '',
    'class JSONDecoder(object):',
    '    def decode(self, s: str, idx: int = 0, *, strict: bool = True) -> Tuple[Any, int]:',
    '        return s, idx',
    'def scanstring(s: str, end: int, strict: bool = True) -> Tuple[str, int]:',
    '    return s, end',
    '',
  ].join('\n');
  const path = file('decoder.py', source);
  const r = await cli(path, '--format', 'lark');
  assert.equal(r.code, 0, r.err);
  const notes = r.err.split('\n').filter((l) => l.includes('signature regex'));
  assert.deepEqual(notes, ['ananke compile: note: signature regex not emitted: unsafe regex (exponential backtracking); --verbose prints it whole']);
  const verbose = await cli(path, '--format', 'lark', '--verbose');
  assert.match(verbose.err, /signature regex not emitted: unsafe regex \/.{200,}\/: .*\(exponential backtracking\)/);
  for (const line of r.err.split('\n')) assert.ok(line.length <= 240, `a short line: ${line.slice(0, 80)}…`);
});

test('briefNote keeps a short reason whole and cuts a long one at its regex, keeping the hazard kind', () => {
  assert.equal(briefNote('pattern /a+/ is empty'), 'pattern /a+/ is empty');
  const long = `signature regex not emitted: unsafe regex /${'(?:a|b)*'.repeat(100)}/: /(?:a|b)*/ matches the same text as several (exponential backtracking)`;
  assert.equal(briefNote(long), 'signature regex not emitted: unsafe regex (exponential backtracking); --verbose prints it whole');
  assert.equal(briefNote(`regex /${'x'.repeat(300)}/ has 9000 NFA positions, over the limit of 4000`), 'regex …; --verbose prints it whole');
});

test("Python: imported functions and decorators stay out of the grammar's type names; imported types and names used as types stay in (issue 16)", async () => {
  const path = file(
    'dc.py',
    [
      'from dataclasses import asdict, replace, field, dataclass',
      'from typing import Optional',
      'from mymod import thing, helper',
      '',
      '@dataclass',
      'class Item:',
      '    name: str',
      '    t: thing',
      '    tags: list = field(default_factory=list)',
      '',
      'def clone(item: Item, name: Optional[str] = None) -> Item:',
      '    return replace(item, name=name or item.name)',
      '',
    ].join('\n'),
  );
  const r = await cli(path, '--format', 'lark');
  assert.equal(r.code, 0, r.err);
  const typeNames = /^type_name: (.*)$/m
    .exec(r.out)![1]!
    .split(' | ')
    .map((n) => JSON.parse(n) as string);
  for (const name of ['Item', 'Optional', 'thing']) assert.ok(typeNames.includes(name), `${name} is a type name`);
  for (const name of ['asdict', 'replace', 'field', 'dataclass', 'helper']) assert.ok(!typeNames.includes(name), `${name} is not a type name`);
});
