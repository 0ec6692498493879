// The prompt `ananke generate` sends (issue 16): what the model can act on (declarations in the
// language's own syntax, naming rules, what is forbidden), no statistics about the source, and a
// measured size: each 100-line fixture's prompt stays under PROMPT_TOKEN_BOUND o200k tokens.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { run } from '../../../cli/commands/generate.ts';
import { buildPrompt, PROMPT_LIMITS } from '../../../core/maze/backends/prompt.ts';
import type { Constraint } from '../../../core/model/constraint.ts';
import type { FieldFact, Fact } from '../../../core/model/facts.ts';
import { repoPath, usePlatform } from '../../support/platform.ts';
import { tempDir } from '../../support/temp.ts';

/** The o200k token bound on each 100-line fixture's completion prompt (they measure 308–403; the statistics prompt was 53–95). */
const PROMPT_TOKEN_BOUND = 450;
const INTENT = 'Add a method that deactivates an entity by id';

before(async () => {
  await usePlatform();
});

async function dryRunPrompt(source: string): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    ['--source', source, '--intent', INTENT, '--dry-run', '--constrain', 'none'],
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { ANANKE_ENDPOINT_URL: 'http://127.0.0.1:1' },
    repoPath(''),
  );
  assert.equal(code, 0, err.join('\n'));
  return JSON.parse(out.join('\n')).prompt as string;
}

const FIXTURES: Array<{ language: string; ext: string; lines: string[] }> = [
  {
    language: 'typescript',
    ext: 'ts',
    lines: [
      'export interface Entity { id: number; name: string; email: string; isActive: boolean; createdAt: Date; updatedAt: Date; }',
      'export class EntityService { db: Database; logger: Logger; cache: Cache<Entity>;',
      '  async operation0(id: number, data: string): Promise<Entity>;',
      "import { Database } from './database';",
      'Naming: functions camelCase, types PascalCase, variables camelCase, fields camelCase, parameters camelCase.',
      'Do not use: the dynamic type `any` (use a declared type or `unknown` narrowed by checks).',
    ],
  },
  {
    language: 'python',
    ext: 'py',
    lines: [
      '@dataclass\nclass CreateEntityDto:\n    name: str; email: str; is_active: Optional[bool] = ...',
      '    async def operation_0(self, entity_id: int, data: str) -> Optional[Entity]: ...',
      '    def __init__(self, db: Database, logger: logging.Logger, cache: Cache) -> None: ...',
      'from dataclasses import asdict, dataclass, field, replace',
      'Naming: functions snake_case, types PascalCase',
      'Do not use: the dynamic type `Any` or unannotated `object`.',
    ],
  },
  {
    language: 'rust',
    ext: 'rs',
    lines: [
      'pub struct CreateEntityDto { name: String, email: String, is_active: Option<bool> }',
      'impl EntityService {\n    pub fn new(db: Arc<Database>, logger: Logger, cache: Arc<Cache<String, Entity>>) -> Self;',
      '    pub async fn operation_0(&self, id: u64, data: String) -> Result<Option<Entity>>;',
      'use std::time::{Duration, SystemTime};',
      'Naming: functions snake_case',
    ],
  },
  {
    language: 'go',
    ext: 'go',
    lines: [
      'type Entity struct { ID uint64; Name string; Email string; IsActive bool; CreatedAt time.Time; UpdatedAt time.Time }',
      'type Database interface {\n  FindEntity(ctx context.Context, id uint64) (*Entity, error)',
      'func (s *EntityService) Operation0(ctx context.Context, id uint64, data string) (*Entity, error)',
      'func NewEntityService(db Database, logger *slog.Logger, entities *cache.Cache[string, *Entity]) *EntityService',
      'Naming: functions PascalCase',
      'Do not use: the dynamic type `any` or `interface{}`.',
    ],
  },
  {
    language: 'zig',
    ext: 'zig',
    lines: [
      'pub const EntityError = enum { InvalidInput, NotFound };',
      'pub const UpdateEntityDto = struct { name: ?[]const u8, email: ?[]const u8, is_active: ?bool };',
      '    pub fn operation0(self: *Self, id: u64, data: []const u8) !?Entity',
      'const std = @import("std");',
      'Naming: functions camelCase',
    ],
  },
];

for (const fx of FIXTURES) {
  test(`${fx.language}: the 100-line fixture's prompt names its declarations in ${fx.language} syntax, under ${PROMPT_TOKEN_BOUND} o200k tokens, no statistics`, async (t) => {
    const prompt = await dryRunPrompt(`fixtures/${fx.language}/small/entity_service_100.${fx.ext}`);
    for (const line of fx.lines) assert.ok(prompt.includes(line), `${fx.language}: the prompt has\n${line}\n--- prompt:\n${prompt}`);
    assert.ok(prompt.endsWith(`Task: ${INTENT}\n\n`));
    const tokens = encode(prompt).length;
    t.diagnostic(`${fx.language}: ${tokens} o200k tokens, ${prompt.length} characters`);
    assert.ok(tokens <= PROMPT_TOKEN_BOUND, `${fx.language}: ${tokens} o200k tokens, over ${PROMPT_TOKEN_BOUND}`);
    assert.ok(tokens >= 250, `${fx.language}: ${tokens} tokens: the declarations are there`);
    // Statistics about the source are not rules: "8 Optional types, first: …", "8 of 31 type annotations are nullable/optional".
    assert.doesNotMatch(prompt, /Optional types|nullable types|nullable\/optional|type annotations|first: |\d+ of \d+/);
  });
}

test('occurrences in the source never reach the prompt as rules: no "unsafe blocks: unsafe { None }" (issue 16)', async () => {
  const dir = tempDir('ananke-prompt-');
  const path = join(dir, 'slot.rs');
  writeFileSync(path, 'pub struct Slot { pub value: Option<u32> }\n\npub fn read(p: *const u32) -> Option<u32> {\n    unsafe { None }\n}\n');
  const prompt = await dryRunPrompt(path);
  assert.doesNotMatch(prompt, /unsafe/);
  assert.match(prompt, /^pub struct Slot \{ value: Option<u32> \}\npub fn read\(p: \*const u32\) -> Option<u32>;$/m);
});

const c = (facts: Fact | undefined, over: Partial<Constraint> = {}): Constraint =>
  ({
    id: `c${Math.random()}`,
    name: 'n',
    description: 'd',
    kind: 'syntactic',
    source: 'AST_Pattern',
    enforcement: 'Syntactic',
    priority: 'Medium',
    severity: 'info',
    confidence: 1,
    frequency: 1,
    ...(facts ? { facts } : {}),
    ...over,
  }) as Constraint;

test('buildPrompt: Python parameter kinds, forbidden calls and patterns, bounds, and "… and N more" past each limit', () => {
  const fields: FieldFact[] = Array.from({ length: PROMPT_LIMITS.fields + 3 }, (_, i) => ({
    name: `f${i}`,
    jsonName: null,
    type: { text: 'int', expr: { kind: 'primitive', name: 'integer' } },
    optional: false,
    line: i + 1,
  }));
  const p = buildPrompt('x', 'python', [
    c({ fact: 'type', name: 'Wide', declKind: 'class', fields, variants: [], aliasOf: null, typeParams: [], exported: true }),
    c({
      fact: 'function',
      name: 'f',
      params: [
        { name: 'a', type: null, default: null, optional: false, variadic: false, kind: 'positional_only' },
        { name: 'args', type: null, default: null, optional: false, variadic: true, kind: 'var_positional' },
        { name: 'b', type: { text: 'int', expr: { kind: 'primitive', name: 'integer' } }, default: '1', optional: true, variadic: false, kind: 'keyword_only' },
        { name: 'kwargs', type: null, default: null, optional: false, variadic: true, kind: 'var_keyword' },
      ],
      returnType: null,
      async: false,
      exported: true,
      visibility: null,
      owner: null,
      receiver: null,
    }),
    c({ fact: 'forbidden_call', callee: 'eval', reason: 'runs arbitrary code' }, { severity: 'err' }),
    c({ fact: 'pattern', target: 'code', mode: 'forbid', regex: 'print\\(' }),
    c({ fact: 'bounds', target: 'parameters', min: null, max: 4 }),
    c({ fact: 'summary', count: 8, total: 31 }, { severity: 'warning', description: '8 of 31 type annotations are nullable/optional' }),
    c({ fact: 'occurrence', pattern: 'unsafe_block', text: 'unsafe { None }' }, { severity: 'warning', description: 'unsafe blocks: unsafe { None }' }),
  ]);
  assert.match(p.system, /^class Wide:\n {4}f0: int; f1: int; .* f11: int; … and 3 more fields$/m);
  assert.match(p.system, /^def f\(a, \/, \*args, b: int = 1, \*\*kwargs\): \.\.\.$/m);
  assert.match(p.system, /^Do not use: eval\(\) \(runs arbitrary code\)\.$/m);
  assert.match(p.system, /^The code must not match \/print\\\(\/\.$/m);
  assert.match(p.system, /^parameters: at most 4\.$/m);
  assert.doesNotMatch(p.system, /nullable|unsafe/);

  const many = Array.from({ length: PROMPT_LIMITS.types + 2 }, (_, i) =>
    c({ fact: 'type', name: `T${i}`, declKind: 'interface', fields: [], variants: [], aliasOf: null, typeParams: [], exported: false }),
  );
  assert.match(buildPrompt('x', 'typescript', many).system, /^interface T15 \{ \}\n\/\/ … and 2 more declarations$/m);
  assert.equal(
    buildPrompt('Write an add function', 'typescript', []).completion,
    'You write TypeScript code. Answer with the code only, no explanations and no Markdown fences.\n\nTask: Write an add function\n\n',
  );
});
