// Clew on Python, Rust, Go and Zig: one concrete source each, with the facts we expect from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factOf, loadedClew, named } from './support.ts';
import { spec as goSpec } from '../../../core/clew/languages/go.ts';
import { spec as pythonSpec } from '../../../core/clew/languages/python.ts';
import { spec as rustSpec } from '../../../core/clew/languages/rust.ts';
import { spec as typescriptSpec } from '../../../core/clew/languages/typescript.ts';
import { spec as zigSpec } from '../../../core/clew/languages/zig.ts';
import { propertyCallRole } from '../../../core/clew/records.ts';
import { lookup } from '../../../core/clew/spec.ts';

const PY = `import os, subprocess as sp
from typing import Optional, Any
from dataclasses import dataclass
@dataclass
class Entity:
    id: int
    name: Optional[str] = None
    tags: list[str]
class Svc:
    async def op(self, entity_id: int, data: str = "x", *args) -> Optional[Entity]:
        try:
            await f()
        except ValueError as e:
            raise RuntimeError("x") from e
API_KEY = "abc"
os.system(cmd); sp.run(cmd, shell=True); sp.run("ls", shell=True); eval(x)
def g(a: int | None, b: dict[str, Any]) -> None: ...
`;

test('Python: methods with self as receiver, dataclass fields, typing normalisation', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(PY, { language: 'python', file: 'svc.py' });
  const op = factOf(constraints, 'function:Svc.op', 'function');
  assert.deepEqual(
    [op.owner, op.receiver, op.async, op.params.map((p) => [p.name, p.type?.text ?? null, p.default, p.variadic])],
    [
      'Svc',
      'self',
      true,
      [
        ['entity_id', 'int', null, false],
        ['data', 'str', '"x"', false],
        ['args', null, null, true],
      ],
    ],
  );
  assert.deepEqual(op.returnType?.expr, { kind: 'optional', inner: { kind: 'ref', name: 'Entity', args: [] } });
  const entity = factOf(constraints, 'type:Entity', 'type');
  assert.equal(entity.declKind, 'dataclass');
  assert.deepEqual(
    entity.fields.map((f) => [f.name, f.optional, f.type?.expr]),
    [
      ['id', false, { kind: 'primitive', name: 'integer' }],
      ['name', true, { kind: 'optional', inner: { kind: 'primitive', name: 'string' } }],
      ['tags', false, { kind: 'array', items: { kind: 'primitive', name: 'string' } }],
    ],
  );
  const g = factOf(constraints, 'function:g', 'function');
  assert.deepEqual(
    g.params.map((p) => p.type?.expr),
    [
      { kind: 'optional', inner: { kind: 'primitive', name: 'integer' } },
      { kind: 'map', key: { kind: 'primitive', name: 'string' }, value: { kind: 'any' } },
    ],
  );
  assert.deepEqual(g.returnType?.expr, { kind: 'primitive', name: 'null' });
  assert.deepEqual(
    constraints.filter((c) => c.facts?.fact === 'import').map((c) => c.facts),
    [
      { fact: 'import', module: 'os', names: [] },
      { fact: 'import', module: 'subprocess', names: [] },
      { fact: 'import', module: 'typing', names: ['Optional', 'Any'] },
      { fact: 'import', module: 'dataclasses', names: ['dataclass'] },
    ],
  );
  assert.deepEqual(
    constraints.filter((c) => c.kind === 'security').map((c) => [c.name, c.origin_line]),
    [
      ['hardcoded_secret:API_KEY', 15],
      ['forbid_call:os.system', 16],
      ['forbid_call:subprocess.run', 16],
      ['forbid_call:eval', 16],
    ],
  );
  assert.deepEqual([named(constraints, 'error_handling:try_except').origin_line, named(constraints, 'error_handling:raise').origin_line], [11, 14]);
  assert.equal(factOf(constraints, 'naming:parameter', 'naming').convention, 'snake_case');
});

test('Python: unions inside subscripts, forward references, homogeneous tuples', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract('def f(a: list[int | None], b: "Entity", c: tuple[str, ...]) -> dict[str, list[Entity]]: ...\n', { language: 'python' });
  const f = factOf(constraints, 'function:f', 'function');
  assert.deepEqual(
    f.params.map((p) => p.type?.expr),
    [
      { kind: 'array', items: { kind: 'optional', inner: { kind: 'primitive', name: 'integer' } } },
      { kind: 'ref', name: 'Entity', args: [] },
      { kind: 'array', items: { kind: 'primitive', name: 'string' } },
    ],
  );
  assert.deepEqual(f.returnType?.expr, {
    kind: 'map',
    key: { kind: 'primitive', name: 'string' },
    value: { kind: 'array', items: { kind: 'ref', name: 'Entity', args: [] } },
  });
});

test('Python test files yield assert, self.assert* and pytest.raises', async () => {
  const clew = await loadedClew();
  const source =
    'def test_x():\n    assert f() == 1\n    with pytest.raises(ValueError):\n        g()\nclass T(TestCase):\n    def test_y(self):\n        self.assertEqual(a, b)\n';
  const mined = clew.extract(source, { language: 'python', file: 'tests/test_x.py' }).constraints.filter((c) => c.source === 'Test_Mining');
  assert.deepEqual(
    mined.map((c) => [c.name, c.origin_line]),
    [
      ['test_assertion:assert', 2],
      ['test_assertion:raises', 3],
      ['test_assertion:assertEqual', 7],
    ],
  );
});

const RS = `use std::collections::HashMap;
use serde::{Deserialize, Serialize as S};
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entity { pub id: u64, #[serde(rename = "active")] pub is_active: bool, created_at: String, meta: Option<HashMap<String, i32>> }
pub enum Shape { Circle(f64), Rect { w: f64 } }
impl EntityService {
    pub async fn operation_1(&self, id: u64, data: String) -> Result<Option<Entity>> {
        let x = self.db.get(id).await?;
        let y = z.unwrap();
        unsafe { ptr::read(p) }
    }
}
static API_TOKEN: &str = "abc";
#[test]
fn t() { assert_eq!(a, b); }
`;

test('Rust: impl methods with self receiver, serde renames, Option/Result, unsafe, assert macros', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(RS, { language: 'rust', file: 'src/lib.rs' });
  const op = factOf(constraints, 'function:EntityService.operation_1', 'function');
  assert.deepEqual([op.receiver, op.async, op.exported, op.visibility, op.params.map((p) => p.name)], ['&self', true, true, 'public', ['id', 'data']]);
  assert.deepEqual(op.returnType?.expr, { kind: 'ref', name: 'Result', args: [{ kind: 'optional', inner: { kind: 'ref', name: 'Entity', args: [] } }] });
  const entity = factOf(constraints, 'type:Entity', 'type');
  assert.deepEqual(
    entity.fields.map((f) => [f.name, f.jsonName, f.optional]),
    [
      ['id', 'id', false],
      ['is_active', 'active', false],
      ['created_at', 'createdAt', false],
      ['meta', 'meta', true],
    ],
  );
  assert.deepEqual(entity.fields[3]!.type?.expr, {
    kind: 'optional',
    inner: { kind: 'map', key: { kind: 'primitive', name: 'string' }, value: { kind: 'primitive', name: 'integer', int: { signed: true, bits: 32 } } },
  });
  assert.deepEqual(factOf(constraints, 'type:Shape', 'type').variants, ['Circle', 'Rect']);
  assert.deepEqual(
    constraints.filter((c) => c.kind === 'security').map((c) => [c.name, c.origin_line, c.severity]),
    [
      ['unsafe_block:11', 11, 'warning'],
      ['hardcoded_secret:API_TOKEN', 14, 'err'],
    ],
  );
  assert.equal(named(constraints, 'error_handling:result_question').origin_line, 9);
  assert.equal(named(constraints, 'type_safety:unwrap').frequency, 1);
  // #[test] marks the file as holding tests even though its path is not a test path
  assert.deepEqual(
    constraints.filter((c) => c.source === 'Test_Mining').map((c) => c.name),
    ['test_assertion:assert_eq'],
  );
});

const GO = `package svc
import (
	"context"
	"os/exec"
)
type Entity struct {
	ID uint64 \`json:"id"\`
	Name, Email string \`json:"name,omitempty"\`
	Meta map[string]interface{}
	Secret string \`json:"-"\`
	P *Entity
}
func (s *EntityService) OperationI(ctx context.Context, id uint64, data ...string) (*Entity, error) {
	e, err := s.db.Get(ctx, id)
	if err != nil { return nil, fmt.Errorf("x: %w", err) }
	exec.Command("sh", "-c", cmd)
	exec.Command("ls", "-l")
	return e, nil
}
`;

test('Go: receiver methods, multiple results, json tags, err != nil, exec.Command through a shell', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(GO, { language: 'go', file: 'svc.go' });
  const op = factOf(constraints, 'function:EntityService.OperationI', 'function');
  assert.deepEqual(
    [op.receiver, op.owner, op.exported, op.params.map((p) => [p.name, p.variadic])],
    [
      '(s *EntityService)',
      'EntityService',
      true,
      [
        ['ctx', false],
        ['id', false],
        ['data', true],
      ],
    ],
  );
  assert.deepEqual(op.returnType?.expr, {
    kind: 'tuple',
    items: [
      { kind: 'optional', inner: { kind: 'ref', name: 'Entity', args: [] } },
      { kind: 'ref', name: 'error', args: [] },
    ],
  });
  const entity = factOf(constraints, 'type:Entity', 'type');
  assert.deepEqual(
    entity.fields.map((f) => [f.name, f.jsonName, f.optional]),
    [
      ['ID', 'id', false],
      ['Name', 'name', true],
      ['Email', 'name', true],
      ['Meta', null, false],
      ['P', null, false],
    ],
  );
  assert.deepEqual(entity.fields[3]!.type?.expr, { kind: 'map', key: { kind: 'primitive', name: 'string' }, value: { kind: 'any' } });
  assert.deepEqual(
    constraints.filter((c) => c.kind === 'security').map((c) => [c.name, c.origin_line]),
    [['forbid_call:os/exec.Command', 16]],
  );
  assert.deepEqual([named(constraints, 'error_handling:err_nil_check').origin_line, named(constraints, 'error_handling:error_wrap').frequency], [15, 1]);
  assert.deepEqual(factOf(constraints, 'typed_functions', 'summary'), { fact: 'summary', count: 1, total: 1 });
});

const ZIG = `const std = @import("std");
pub const Entity = struct {
    id: u64,
    name: []const u8,
    email: ?[]const u8 = null,
    pub fn init(self: *Self, id: u64, data: []const u8) !?Entity {
        const x = self.db.get(id) catch |err| { return err; };
        errdefer self.free();
        return null;
    }
};
pub const Kind = enum { a, b };
const MyErr = error{ Oops, Bad };
fn free(a: anytype, b: MyErr!u32) MyErr!void {}
test "x" { try std.testing.expect(a == 1); }
`;

test('Zig: container methods, error unions, optional fields, try/catch/errdefer, std.testing', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(ZIG, { language: 'zig', file: 'entity.zig' });
  const init = factOf(constraints, 'function:Entity.init', 'function');
  assert.deepEqual(
    [init.receiver, init.exported, init.params.map((p) => [p.name, p.type?.expr])],
    [
      'self: *Self',
      true,
      [
        ['id', { kind: 'primitive', name: 'integer', int: { signed: false, bits: 64 } }],
        ['data', { kind: 'primitive', name: 'string' }],
      ],
    ],
  );
  assert.deepEqual(init.returnType?.expr, {
    kind: 'error_union',
    error: null,
    payload: { kind: 'optional', inner: { kind: 'ref', name: 'Entity', args: [] } },
  });
  const free = factOf(constraints, 'function:free', 'function');
  assert.deepEqual(
    free.params.map((p) => p.type?.expr),
    [
      { kind: 'any' },
      {
        kind: 'error_union',
        error: { kind: 'ref', name: 'MyErr', args: [] },
        payload: { kind: 'primitive', name: 'integer', int: { signed: false, bits: 32 } },
      },
    ],
  );
  assert.deepEqual(
    factOf(constraints, 'type:Entity', 'type').fields.map((f) => [f.name, f.optional]),
    [
      ['id', false],
      ['name', false],
      ['email', true],
    ],
  );
  assert.deepEqual(factOf(constraints, 'type:Kind', 'type').variants, ['a', 'b']);
  assert.deepEqual(factOf(constraints, 'type:MyErr', 'type').variants, ['Oops', 'Bad']);
  assert.deepEqual(
    constraints.filter((c) => c.name.startsWith('error_handling:')).map((c) => [c.name, c.frequency]),
    [
      ['error_handling:error_union', 3],
      ['error_handling:zig_catch', 1],
      ['error_handling:errdefer', 1],
      ['error_handling:error_set', 1],
      ['error_handling:zig_try', 1],
    ],
  );
  assert.deepEqual(
    constraints.filter((c) => c.source === 'Test_Mining').map((c) => [c.name, c.origin_line]),
    [['test_assertion:expect', 15]],
  );
  assert.deepEqual(factOf(constraints, 'import:std', 'import'), { fact: 'import', module: 'std', names: [] });
});

test('Zig: calls on the objects callRoles names count, with the call filter on', async () => {
  const clew = await loadedClew();
  const source =
    'const std = @import("std");\nconst testing = std.testing;\ntest "t" {\n    try testing.expectEqual(1, 1);\n    std.debug.print("x", .{});\n    try std.testing.expect(true);\n}\n';
  const { constraints } = clew.extract(source, { language: 'zig', file: 't.zig' });
  assert.deepEqual(
    constraints.filter((c) => c.source === 'Test_Mining').map((c) => [c.name, c.origin_line]),
    [
      ['test_assertion:expectEqual', 4],
      ['test_assertion:expect', 6],
    ],
  );
});

test('a call on an object finds its role as the three keys obj.prop, obj.* and .prop would', () => {
  for (const spec of [typescriptSpec, pythonSpec, rustSpec, goSpec, zigSpec]) {
    const words = new Set(['x', 'self', 'std.testing', 'unwrap', 'New', '*', 'a.b']);
    for (const key of Object.keys(spec.callRoles)) {
      const dot = key.lastIndexOf('.');
      words.add(key.slice(0, Math.max(dot, 0)));
      words.add(key.slice(dot + 1));
    }
    for (const object of words) {
      for (const property of words) {
        const expected = lookup(spec.callRoles, `${object}.${property}`) ?? lookup(spec.callRoles, `${object}.*`) ?? lookup(spec.callRoles, `.${property}`);
        assert.equal(propertyCallRole(spec, object, property), expected, `${spec.language}: ${object} . ${property}`);
      }
    }
  }
});
