// What each language's serializer writes, as Braid's schemas must say it: source snippets through
// Clew and Braid, with the schemas written out by hand from each serializer's documented rules
// (JSON.stringify, dataclasses + json, serde_json, encoding/json, std.json).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type ConstraintIR, type JsonSchema } from '../../../core/braid/index.ts';
import type { Constraint } from '../../../core/model/constraint.ts';
import type { Language } from '../../../core/model/facts.ts';
import { constraintSetToJson, parseConstraintSet } from '../../../core/model/schema.ts';
import { validator } from '../../support/ajv.ts';
import { loadedClew } from '../clew/support.ts';

/** Every snippet compiled, so the last test can check they survive the constraint JSON too. */
const compiledSources: Array<{ language: Language; source: string; file?: string }> = [];

async function extracted(language: Language, source: string, file?: string): Promise<Constraint[]> {
  const clew = await loadedClew();
  const result = clew.extract(source, { language, ...(file ? { file } : {}) });
  result.dispose?.();
  return result.constraints;
}

async function compiled(language: Language, source: string, file?: string): Promise<ConstraintIR> {
  compiledSources.push({ language, source, ...(file ? { file } : {}) });
  return compile(await extracted(language, source, file), { language });
}

/** The schema of one type (its own $defs entry). */
function def(ir: ConstraintIR, name: string): JsonSchema {
  const schema = ir.schemas[name];
  assert.ok(schema, `a schema for ${name}; have ${Object.keys(ir.schemas).join(', ')}`);
  return (schema.$defs as Record<string, JsonSchema>)[name]!;
}

const u8 = { type: 'integer', minimum: 0, maximum: 255 };
const u16 = { type: 'integer', minimum: 0, maximum: 65535 };
const i16 = { type: 'integer', minimum: -32768, maximum: 32767 };
const u32 = { type: 'integer', minimum: 0, maximum: 4294967295 };
const i32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
/** An object schema; additionalProperties false unless given (null: left out, other properties allowed). */
const object = (properties: Record<string, unknown>, required?: string[], additionalProperties: unknown = false): JsonSchema => ({
  type: 'object',
  properties,
  ...(additionalProperties === null ? {} : { additionalProperties }),
  ...(required && required.length > 0 ? { required } : {}),
});

describe('TypeScript: JSON.stringify', () => {
  const source = `
export enum Status { Active = "active", Inactive = "inactive" }
export enum Level { Low, Mid, High = 10, Max }
export const enum Bits { A = 1 << 0, B = 1 << 1, AB = A | B }
export interface Base<T = string> { id: T; tags?: string[] | undefined }
export interface User extends Base<number> { name: string; status: Status; level?: Level; home: Status.Active; scores: { [game: string]: number } }
export interface Page<T> { items: T[]; total: number }
export interface Users { page: Page<User>; next: string | undefined }
export type Patch = Partial<Pick<User, 'name' | 'status'>>;
export type Kind = User['status'];
export type Keys = keyof Base;
export type WithExtra = Base & { extra: boolean };
export type Flags = Record<'read' | 'write', boolean>;
export type Dict = Record<string, number>;
export type Mode = { [K in 'a' | 'b']?: number };
export interface Loose { [key: string]: unknown; known: string }
export type Id = string & { readonly brand: unique symbol };
export type External = Response;
export type Full = Required<Partial<Base>>;
export type Summary = Omit<Readonly<User>, 'scores' | 'level' | 'tags'>;
`;

  test('enums are their values: strings, auto-incremented numbers, constant expressions', async () => {
    const ir = await compiled('typescript', source);
    assert.deepEqual(def(ir, 'Status'), { enum: ['active', 'inactive'] });
    assert.deepEqual(def(ir, 'Level'), { enum: [0, 1, 10, 11] });
    assert.deepEqual(def(ir, 'Bits'), { enum: [1, 2, 3] });
  });

  test("extends brings the bases' members (with the base's type argument); `| undefined` makes a property optional", async () => {
    const ir = await compiled('typescript', source);
    assert.deepEqual(
      def(ir, 'User'),
      object(
        {
          id: { type: 'number' },
          tags: { type: 'array', items: { type: 'string' } },
          name: { type: 'string' },
          status: { $ref: '#/$defs/Status' },
          level: { $ref: '#/$defs/Level' },
          home: { const: 'active' },
          scores: { type: 'object', properties: {}, additionalProperties: { type: 'number' } },
        },
        ['id', 'name', 'status', 'home', 'scores'],
      ),
    );
    assert.deepEqual(def(ir, 'Base'), object({ id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, ['id']));
  });

  test('generic types are instantiated where used; a parameter with no argument and no default is reported', async () => {
    const ir = await compiled('typescript', source);
    assert.deepEqual(def(ir, 'Users'), object({ page: { $ref: '#/$defs/Page_User' }, next: { type: 'string' } }, ['page']));
    assert.deepEqual(
      (ir.schemas.Users!.$defs as Record<string, JsonSchema>).Page_User,
      object({ items: { type: 'array', items: { $ref: '#/$defs/User' } }, total: { type: 'number' } }, ['items', 'total']),
    );
    assert.deepEqual(
      ir.approximated.filter((a) => a.type === 'Page').map((a) => a.reason),
      ['type parameter T of Page is not bound here (no argument, no default): any JSON value is accepted for it'],
    );
  });

  test('type operators: Partial, Pick, T[K], keyof, &, Record, mapped types, index signatures, brands', async () => {
    const ir = await compiled('typescript', source);
    assert.deepEqual(def(ir, 'Patch'), object({ name: { type: 'string' }, status: { $ref: '#/$defs/Status' } }));
    assert.deepEqual(def(ir, 'Kind'), { $ref: '#/$defs/Status' });
    assert.deepEqual(def(ir, 'Keys'), { enum: ['id', 'tags'] });
    assert.deepEqual(
      def(ir, 'WithExtra'),
      object({ id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, extra: { type: 'boolean' } }, ['id', 'extra']),
    );
    assert.deepEqual(def(ir, 'Flags'), object({ read: { type: 'boolean' }, write: { type: 'boolean' } }, ['read', 'write']));
    assert.deepEqual(def(ir, 'Dict'), { type: 'object', additionalProperties: { type: 'number' } });
    assert.deepEqual(def(ir, 'Mode'), object({ a: { type: 'number' }, b: { type: 'number' } }));
    assert.deepEqual(def(ir, 'Loose'), object({ known: { type: 'string' } }, ['known'], null));
    assert.deepEqual(def(ir, 'Id'), { type: 'string' });
    assert.deepEqual(def(ir, 'Full'), object({ id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, ['id', 'tags']));
    assert.deepEqual(
      def(ir, 'Summary'),
      object({ id: { type: 'number' }, name: { type: 'string' }, status: { $ref: '#/$defs/Status' }, home: { const: 'active' } }, [
        'id',
        'name',
        'status',
        'home',
      ]),
    );
  });

  test('a type not declared in the source is reported, never a silent {}', async () => {
    const ir = await compiled('typescript', source);
    assert.deepEqual(def(ir, 'External'), {});
    assert.deepEqual(
      ir.approximated.filter((a) => a.type === 'External').map((a) => a.reason),
      ['Response is not declared in this source: any JSON value is accepted in its place'],
    );
  });
});

describe('Python: dataclasses.asdict, NamedTuple, TypedDict, enums by value, json.dumps', () => {
  const source = `
from dataclasses import dataclass, field
from enum import Enum, IntEnum, StrEnum, auto
from typing import ClassVar, Literal, NamedTuple, NotRequired, Optional, Required, TypedDict, Union

class Month(IntEnum):
    JANUARY = 1
    FEBRUARY = 2
    MARCH = 3
    APRIL = 4
    MAY = 5
    JUNE = 6
    JULY = 7
    AUGUST = 8
    SEPTEMBER = 9
    OCTOBER = 10
    NOVEMBER = 11
    DECEMBER = 12

class Kind(StrEnum):
    ALPHA = auto()
    BETA = "bee"

class Level(Enum):
    LOW = auto()
    HIGH = auto()
    UNKNOWN = None

@dataclass
class Base:
    id: int
    note: Optional[str]
    tags: list[str] = field(default_factory=list)
    registry: ClassVar[dict] = {}

@dataclass
class Entry(Base):
    month: Month = Month.JANUARY
    kind: Kind = Kind.ALPHA

class Point(NamedTuple):
    x: int
    y: float

class Movie(TypedDict, total=False):
    title: Required[str]
    year: int

class Book(TypedDict):
    title: str
    isbn: NotRequired[str]

class Edition(Book, total=False):
    year: int

Mode = Literal["r", "w"]
Number = Union[int, float]
`;

  test('enums are their values: IntEnum 1…12, StrEnum auto() as the lower-case name, Enum with auto() and None', async () => {
    const ir = await compiled('python', source);
    assert.deepEqual(def(ir, 'Month'), { enum: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    assert.deepEqual(def(ir, 'Kind'), { enum: ['alpha', 'bee'] });
    assert.deepEqual(def(ir, 'Level'), { enum: [1, 2, null] });
  });

  test('dataclass inheritance; Optional without a default is required and nullable; ClassVar is no field', async () => {
    const ir = await compiled('python', source);
    assert.deepEqual(
      def(ir, 'Entry'),
      object(
        {
          id: { type: 'integer' },
          note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
          tags: { type: 'array', items: { type: 'string' } },
          month: { $ref: '#/$defs/Month' },
          kind: { $ref: '#/$defs/Kind' },
        },
        ['id', 'note'],
      ),
    );
  });

  test('NamedTuple is an array; TypedDict keys follow totality and Required/NotRequired; module-level aliases', async () => {
    const ir = await compiled('python', source);
    assert.deepEqual(def(ir, 'Point'), { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'number' }], minItems: 2, maxItems: 2, items: false });
    assert.deepEqual(def(ir, 'Movie'), object({ title: { type: 'string' }, year: { type: 'integer' } }, ['title']));
    assert.deepEqual(def(ir, 'Book'), object({ title: { type: 'string' }, isbn: { type: 'string' } }, ['title']));
    // a TypedDict subclass keeps its base's keys (with the base's totality) and adds its own
    assert.deepEqual(def(ir, 'Edition'), object({ title: { type: 'string' }, isbn: { type: 'string' }, year: { type: 'integer' } }, ['title']));
    assert.deepEqual(def(ir, 'Mode'), { enum: ['r', 'w'] });
    assert.deepEqual(def(ir, 'Number'), { anyOf: [{ type: 'integer' }, { type: 'number' }] });
  });
});

describe('Rust: serde_json', () => {
  const source = `
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    InProgress,
    Done,
    #[serde(rename = "2021")]
    Edition2021,
}

#[derive(Serialize, Deserialize)]
/// A message: the doc comment sits between the attributes and the item.
#[serde(tag = "type")]
pub enum Msg {
    Ping,
    Data { value: u8 },
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
pub enum Adjacent {
    A(u16),
    B,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
pub enum Either {
    N(i32),
    S(String),
}

#[derive(Serialize, Deserialize)]
pub enum External {
    Unit,
    New(bool),
    Tup(u8, u8),
    Rec { x: i16 },
}

#[derive(Serialize, Deserialize)]
pub struct Id(u64);

#[derive(Serialize, Deserialize)]
#[serde(transparent)]
pub struct Wrap {
    inner: String,
}

#[derive(Serialize, Deserialize)]
pub struct Pair(u8, i16);

#[derive(Serialize, Deserialize)]
pub struct Marker;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub item_id: u32,
    #[serde(skip)]
    pub cache: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub count: u16,
    #[serde(rename = "ID")]
    pub legacy: Option<i32>,
    #[serde(flatten)]
    pub extra: HashMap<String, u8>,
}

pub type Ids = Vec<Id>;
`;

  test('unit variants follow rename and rename_all; the four representations', async () => {
    const ir = await compiled('rust', source);
    assert.deepEqual(def(ir, 'State'), { enum: ['in_progress', 'done', '2021'] });
    assert.deepEqual(def(ir, 'Msg'), {
      anyOf: [object({ type: { const: 'Ping' } }, ['type']), object({ type: { const: 'Data' }, value: u8 }, ['type', 'value'])],
    });
    assert.deepEqual(def(ir, 'Adjacent'), { anyOf: [object({ t: { const: 'A' }, c: u16 }, ['t', 'c']), object({ t: { const: 'B' } }, ['t'])] });
    assert.deepEqual(def(ir, 'Either'), { anyOf: [i32, { type: 'string' }] });
    assert.deepEqual(def(ir, 'External'), {
      anyOf: [
        { const: 'Unit' },
        object({ New: { type: 'boolean' } }, ['New']),
        object({ Tup: { type: 'array', prefixItems: [u8, u8], minItems: 2, maxItems: 2, items: false } }, ['Tup']),
        object({ Rec: object({ x: i16 }, ['x']) }, ['Rec']),
      ],
    });
  });

  test('newtypes and transparent structs are their field, tuple structs arrays, unit structs null; aliases', async () => {
    const ir = await compiled('rust', source);
    assert.deepEqual(def(ir, 'Id'), { type: 'integer', minimum: 0 });
    assert.deepEqual(def(ir, 'Wrap'), { type: 'string' });
    assert.deepEqual(def(ir, 'Pair'), { type: 'array', prefixItems: [u8, i16], minItems: 2, maxItems: 2, items: false });
    assert.deepEqual(def(ir, 'Marker'), { type: 'null' });
    assert.deepEqual(def(ir, 'Ids'), { type: 'array', items: { $ref: '#/$defs/Id' } });
  });

  test('field attributes: rename_all, rename, skip, skip_serializing_if (never null), default, Option, flatten of a map', async () => {
    const ir = await compiled('rust', source);
    assert.deepEqual(
      def(ir, 'Item'),
      object(
        {
          itemId: u32,
          note: { type: 'string' },
          count: u16,
          ID: { anyOf: [i32, { type: 'null' }] },
        },
        ['itemId'],
        u8,
      ),
    );
  });
});

describe('Go: encoding/json', () => {
  const source = `package model

type Base struct {
	ID int64 \`json:"id"\`
}

type Meta struct {
	Name string \`json:"name"\`
}

type Object struct {
	Base
	Meta   \`json:"meta"\`
	Tags   []string          \`json:"tags"\`
	Labels map[string]string \`json:"labels,omitempty"\`
	Ptr    *int32            \`json:"ptr,omitempty"\`
	Maybe  *int32            \`json:"maybe"\`
	Count  uint8             \`json:"count"\`
	Note   string            \`json:"note,omitempty"\`
	Used   int64             \`json:"used,string"\`
	hidden string
}

type Objects []Object
`;

  test('embedded structs are promoted, tagged ones are properties; nil slices and maps are null; omitempty pointers never are', async () => {
    const ir = await compiled('go', source);
    assert.deepEqual(
      def(ir, 'Object'),
      object(
        {
          id: { type: 'integer' },
          meta: { $ref: '#/$defs/Meta' },
          tags: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          ptr: i32,
          maybe: { anyOf: [i32, { type: 'null' }] },
          count: u8,
          note: { type: 'string', minLength: 1 },
          used: { type: 'string', pattern: '^-?(?:0|[1-9][0-9]*)$' },
        },
        ['id', 'meta', 'tags', 'maybe', 'count', 'used'],
      ),
    );
    assert.deepEqual(def(ir, 'Objects'), { type: 'array', items: { $ref: '#/$defs/Object' } });
  });
});

describe('Zig: std.json', () => {
  const source = `const Server = @This();

port: u16 = 8080,
host: ?[]const u8,
level: Level = .low,

pub const Level = enum(u8) { low, high, _ };
`;

  test('a file with top-level fields is a struct; optionals without a default are required; _ is no value', async () => {
    const ir = await compiled('zig', source, 'src/Server.zig');
    assert.deepEqual(
      def(ir, 'Server'),
      object({ port: u16, host: { anyOf: [{ type: 'string' }, { type: 'null' }] }, level: { $ref: '#/$defs/Level' } }, ['host']),
    );
    assert.deepEqual(def(ir, 'Level'), { enum: ['low', 'high'] });
    const accepts = validator(ir.schemas.Server!);
    assert.equal(accepts({ host: null }), true);
    assert.equal(accepts({ port: 70000, host: null }), false);
    assert.equal(accepts({ host: 'x', level: '_' }), false);
  });
});

test('the facts these schemas come from survive the constraint JSON (compile of a parsed set gives the same schemas)', async () => {
  assert.ok(compiledSources.length >= 5);
  for (const { language, source, file } of compiledSources) {
    const constraints = await extracted(language, source, file);
    const parsed = parseConstraintSet(JSON.parse(JSON.stringify(constraintSetToJson({ name: 'x', constraints }))));
    assert.ok(parsed.ok, `${language}: ${JSON.stringify(!parsed.ok && parsed.issues.slice(0, 3))}`);
    assert.deepEqual(parsed.value.constraints, constraints, `${language}: facts round-trip`);
    assert.deepEqual(compile(parsed.value.constraints, { language }).schemas, compile(constraints, { language }).schemas);
  }
});
