// Hand-written constraint sets mirroring the reference's fixture shape (Entity, DTOs with
// optional fields, EntityService methods) for each language, as Clew would extract them.
import type { Constraint, ConstraintKind, Severity, Priority } from '../../../core/model/constraint.ts';
import type { Fact, FieldFact, FunctionFact, Language, ParamFact, TypeDeclFact, TypeExpr } from '../../../core/model/facts.ts';

export const str: TypeExpr = { kind: 'primitive', name: 'string' };
export const int: TypeExpr = { kind: 'primitive', name: 'integer' };
export const bool: TypeExpr = { kind: 'primitive', name: 'boolean' };
export const dt: TypeExpr = { kind: 'primitive', name: 'datetime' };
export const ref = (name: string, ...args: TypeExpr[]): TypeExpr => ({ kind: 'ref', name, args });
export const opt = (inner: TypeExpr): TypeExpr => ({ kind: 'optional', inner });
export const arr = (items: TypeExpr): TypeExpr => ({ kind: 'array', items });

let counter = 0;
export function constraint(facts: Fact | undefined, over: Partial<Constraint> = {}): Constraint {
  counter += 1;
  const kind: ConstraintKind = over.kind ?? (facts?.fact === 'type' ? 'type_safety' : facts?.fact === 'forbidden_call' ? 'security' : 'syntactic');
  const enforcement =
    kind === 'type_safety'
      ? 'Structural'
      : kind === 'security'
        ? 'Security'
        : kind === 'semantic'
          ? 'Semantic'
          : kind === 'operational'
            ? 'Performance'
            : kind === 'architectural'
              ? 'Structural'
              : 'Syntactic';
  return {
    id: over.id ?? `c${String(counter).padStart(4, '0')}`,
    name: over.name ?? `constraint_${counter}`,
    description: over.description ?? '',
    kind,
    source: over.source ?? 'AST_Pattern',
    enforcement,
    priority: over.priority ?? ('Medium' as Priority),
    confidence: over.confidence ?? 0.9,
    frequency: over.frequency ?? 1,
    severity: over.severity ?? ('err' as Severity),
    ...(facts ? { facts } : {}),
    ...over,
  };
}

export function field(name: string, expr: TypeExpr, text: string, optional = false, jsonName: string | null = null): FieldFact {
  return { name, jsonName, type: { text, expr }, optional, line: 1 };
}

export function typeDecl(name: string, fields: FieldFact[], declKind: TypeDeclFact['declKind'] = 'interface', extra: Partial<TypeDeclFact> = {}): TypeDeclFact {
  return { fact: 'type', name, declKind, fields, variants: [], aliasOf: null, typeParams: [], exported: true, ...extra };
}

export function param(name: string, expr: TypeExpr | null, text: string): ParamFact {
  return { name, type: expr ? { text, expr } : null, default: null, optional: false, variadic: false };
}

export function fn(name: string, params: ParamFact[], ret: [TypeExpr, string] | null, extra: Partial<FunctionFact> = {}): FunctionFact {
  return {
    fact: 'function',
    name,
    params,
    returnType: ret ? { text: ret[1], expr: ret[0] } : null,
    async: true,
    exported: true,
    visibility: 'public',
    owner: 'EntityService',
    receiver: null,
    ...extra,
  };
}

export interface LanguageFixture {
  language: Language;
  constraints: Constraint[];
  /** A valid Entity instance in JSON as the language's serialiser writes it. */
  entity: Record<string, unknown>;
  /** An update DTO instance with only some fields (the others are optional). */
  partialUpdate: Record<string, unknown>;
  updateTypeName: string;
  /** Signatures of the source's own functions, as written. */
  ownSignatures: string[];
  /** Whole functions (signature and body) that obey every constraint. */
  goodFunctions: string[];
  /** Signatures breaking a constraint, with what they break. */
  badSignatures: Array<[string, string]>;
  /** Whole functions whose body calls a forbidden function. */
  badFunctions: Array<[string, string]>;
}

const now = '2024-05-01T12:00:00Z';

function common(
  language: Language,
  functionConvention: 'camelCase' | 'PascalCase' | 'snake_case',
  paramConvention: 'camelCase' | 'snake_case' | 'PascalCase',
  forbidden: string,
): Constraint[] {
  return [
    constraint({ fact: 'naming', category: 'function', convention: functionConvention, share: 1, sample: 12 }, { language, name: 'function_naming' }),
    constraint({ fact: 'naming', category: 'parameter', convention: paramConvention, share: 0.95, sample: 20 }, { language, name: 'parameter_naming' }),
    constraint({ fact: 'forbidden_call', callee: forbidden, reason: 'arbitrary code execution' }, { language, name: 'no_eval', kind: 'security' }),
    constraint({ fact: 'any_policy', allowed: false }, { language, name: 'avoid_any_type', kind: 'type_safety' }),
  ];
}

export function typescriptFixture(): LanguageFixture {
  counter = 0; // ids depend only on the fixture, not on what ran before
  const language: Language = 'typescript';
  const date = ref('Date');
  const entity = typeDecl('Entity', [
    field('id', { kind: 'primitive', name: 'number' }, 'number'),
    field('name', str, 'string'),
    field('email', str, 'string'),
    field('isActive', bool, 'boolean'),
    field('createdAt', date, 'Date'),
    field('updatedAt', date, 'Date'),
  ]);
  const create = typeDecl('CreateEntityDto', [field('name', str, 'string'), field('email', str, 'string'), field('isActive', bool, 'boolean', true)]);
  const update = typeDecl('UpdateEntityDto', [
    field('name', str, 'string', true),
    field('email', str, 'string', true),
    field('isActive', bool, 'boolean', true),
  ]);
  const response = typeDecl('EntityResponse', [], 'type_alias', {
    aliasOf: { text: '{ data: Entity | null; error?: string }', expr: { kind: 'union', members: [ref('Entity'), { kind: 'primitive', name: 'null' }] } },
  });
  const ops = [1, 2, 3].map((i) =>
    fn(
      `operation${i}`,
      [param('id', { kind: 'primitive', name: 'number' }, 'number'), param('data', str, 'string')],
      [ref('Promise', ref('Entity')), 'Promise<Entity>'],
      { exported: false },
    ),
  );
  return {
    language,
    constraints: [
      ...[entity, create, update, response].map((d) => constraint(d, { language, name: `type_${d.name}` })),
      ...ops.map((f) => constraint(f, { language, name: `fn_${f.name}` })),
      constraint({ fact: 'import', module: './database', names: ['Database'] }, { language }),
      constraint({ fact: 'import', module: './logger', names: ['Logger'] }, { language }),
      ...common(language, 'camelCase', 'camelCase', 'eval'),
    ],
    entity: { id: 1, name: 'a', email: 'a@example.com', isActive: true, createdAt: now, updatedAt: now },
    partialUpdate: { name: 'b' },
    updateTypeName: 'UpdateEntityDto',
    ownSignatures: ['async operation1(id: number, data: string): Promise<Entity>', 'async operation2(id: number, data: string): Promise<Entity>'],
    goodFunctions: [
      'async operation1(id: number, data: string): Promise<Entity> {\n  try {\n    const result = await this.db.query(id, data);\n    return result;\n  } catch (error) {\n    throw new Error("failed: " + error);\n  }\n}',
      'function findEntity(entityId: number): Entity | null {\n  return this.cache.get(entityId);\n}',
    ],
    badSignatures: [
      ['async Operation1(id: number, data: string): Promise<Entity>', 'function name not camelCase'],
      ['async operation_one(id: number, data: string): Promise<Entity>', 'function name not camelCase'],
      ['async operation1(entity_id: number, data: string): Promise<Entity>', 'parameter name not camelCase'],
      ['async operation1(id: any, data: string): Promise<Entity>', 'any is forbidden'],
      ['async operation1(id: number, data: string): Promise<any>', 'any is forbidden'],
      ['async operation1(id: number, data: Widget): Promise<Entity>', 'unknown type'],
    ],
    badFunctions: [
      ['async operation1(id: number, data: string): Promise<Entity> {\n  return eval(data);\n}', 'calls eval'],
      ['function run(code: string): void {\n  const r = window.eval(code);\n}', 'calls eval'],
    ],
  };
}

export function pythonFixture(): LanguageFixture {
  counter = 0; // ids depend only on the fixture, not on what ran before
  const language: Language = 'python';
  const entity = typeDecl(
    'Entity',
    [
      field('id', int, 'int'),
      field('name', str, 'str'),
      field('email', str, 'str'),
      field('is_active', bool, 'bool'),
      field('created_at', dt, 'datetime'),
      field('updated_at', dt, 'datetime'),
    ],
    'dataclass',
  );
  const create = typeDecl('CreateEntityDto', [field('name', str, 'str'), field('email', str, 'str'), field('is_active', bool, 'bool', true)], 'dataclass');
  const update = typeDecl(
    'UpdateEntityDto',
    [field('name', opt(str), 'Optional[str]', true), field('email', opt(str), 'Optional[str]', true), field('is_active', opt(bool), 'Optional[bool]', true)],
    'dataclass',
  );
  const ops = [1, 2, 3].map((i) =>
    fn(
      `operation_${i}`,
      [param('self', null, ''), param('entity_id', int, 'int'), param('data', str, 'str')],
      [ref('Optional', ref('Entity')), 'Optional[Entity]'],
    ),
  );
  return {
    language,
    constraints: [
      ...[entity, create, update].map((d) => constraint(d, { language, name: `type_${d.name}` })),
      ...ops.map((f) => constraint(f, { language, name: `fn_${f.name}` })),
      constraint({ fact: 'import', module: 'typing', names: ['Optional', 'List', 'Dict'] }, { language }),
      constraint({ fact: 'import', module: 'datetime', names: ['datetime'] }, { language }),
      ...common(language, 'snake_case', 'snake_case', 'eval'),
    ],
    entity: { id: 1, name: 'a', email: 'a@example.com', is_active: false, created_at: now, updated_at: now },
    partialUpdate: { email: null },
    updateTypeName: 'UpdateEntityDto',
    ownSignatures: [
      'async def operation_1(self, entity_id: int, data: str) -> Optional[Entity]:',
      'async def operation_2(self, entity_id: int, data: str) -> Optional[Entity]:',
    ],
    goodFunctions: [
      'async def operation_1(self, entity_id: int, data: str) -> Optional[Entity]:\n    """Operation one."""\n    try:\n        result = await self.db.query(entity_id, data)\n        return result\n    except Exception as error:\n        raise RuntimeError("failed") from error\n',
      'def find_entity(self, entity_id: int) -> Optional[Entity]:\n    return self.cache.get(entity_id)\n',
    ],
    badSignatures: [
      ['async def operationOne(self, entity_id: int, data: str) -> Optional[Entity]:', 'function name not snake_case'],
      ['async def operation_1(self, entityId: int, data: str) -> Optional[Entity]:', 'parameter name not snake_case'],
      ['async def operation_1(self, entity_id: Any, data: str) -> Optional[Entity]:', 'Any is forbidden'],
      ['async def operation_1(self, entity_id: int, data: Widget) -> Optional[Entity]:', 'unknown type'],
    ],
    badFunctions: [
      ['def run(self, code: str) -> None:\n    return eval(code)\n', 'calls eval'],
      ['def run(self, code: str) -> None:\n    x = 1\n    builtins.eval(code)\n', 'calls eval'],
    ],
  };
}

export function rustFixture(): LanguageFixture {
  counter = 0; // ids depend only on the fixture, not on what ran before
  const language: Language = 'rust';
  const u64: TypeExpr = ref('u64');
  const entity = typeDecl(
    'Entity',
    [
      field('id', u64, 'u64'),
      field('name', ref('String'), 'String'),
      field('email', ref('String'), 'String'),
      field('is_active', bool, 'bool'),
      field('created_at', ref('DateTime', ref('Utc')), 'DateTime<Utc>'),
      field('updated_at', ref('DateTime', ref('Utc')), 'DateTime<Utc>'),
    ],
    'struct',
  );
  const create = typeDecl(
    'CreateEntityDto',
    [field('name', ref('String'), 'String'), field('email', ref('String'), 'String'), field('is_active', ref('Option', bool), 'Option<bool>', true)],
    'struct',
  );
  const update = typeDecl(
    'UpdateEntityDto',
    [
      field('name', ref('Option', ref('String')), 'Option<String>', true),
      field('email', ref('Option', ref('String')), 'Option<String>', true),
      field('is_active', ref('Option', bool), 'Option<bool>', true),
    ],
    'struct',
  );
  const ops = [1, 2, 3].map((i) =>
    fn(
      `operation_${i}`,
      [param('id', u64, 'u64'), param('data', ref('String'), 'String')],
      [ref('Result', ref('Option', ref('Entity'))), 'Result<Option<Entity>>'],
      { receiver: '&self' },
    ),
  );
  return {
    language,
    constraints: [
      ...[entity, create, update].map((d) => constraint(d, { language, name: `type_${d.name}` })),
      ...ops.map((f) => constraint(f, { language, name: `fn_${f.name}` })),
      constraint({ fact: 'import', module: 'chrono', names: ['DateTime', 'Utc'] }, { language }),
      constraint({ fact: 'import', module: 'anyhow', names: ['Result'] }, { language }),
      ...common(language, 'snake_case', 'snake_case', 'std::process::Command'),
    ],
    entity: { id: 1, name: 'a', email: 'a@example.com', is_active: true, created_at: now, updated_at: now },
    partialUpdate: { name: 'b', email: null },
    updateTypeName: 'UpdateEntityDto',
    ownSignatures: [
      'pub async fn operation_1(&self, id: u64, data: String) -> Result<Option<Entity>>',
      'pub async fn operation_2(&self, id: u64, data: String) -> Result<Option<Entity>>',
    ],
    goodFunctions: [
      'pub async fn operation_1(&self, id: u64, data: String) -> Result<Option<Entity>> {\n    match self.db.query(id, &data).await {\n        Ok(row) => Ok(Some(row)),\n        Err(e) => Err(e.into()),\n    }\n}',
      'fn find_entity(&self, entity_id: u64) -> Option<Entity> {\n    self.cache.get(&entity_id).cloned()\n}',
    ],
    badSignatures: [
      ['pub async fn operationOne(&self, id: u64, data: String) -> Result<Option<Entity>>', 'function name not snake_case'],
      ['pub async fn operation_1(&self, entityId: u64, data: String) -> Result<Option<Entity>>', 'parameter name not snake_case'],
      ['pub async fn operation_1(&self, id: u64, data: Widget) -> Result<Option<Entity>>', 'unknown type'],
    ],
    badFunctions: [['fn run(&self, cmd: String) -> Result<()> {\n    Command::new(cmd).spawn()?;\n    Ok(())\n}', 'runs a process']],
  };
}

export function goFixture(): LanguageFixture {
  counter = 0; // ids depend only on the fixture, not on what ran before
  const language: Language = 'go';
  const u64: TypeExpr = ref('uint64');
  const entity = typeDecl(
    'Entity',
    [
      field('ID', u64, 'uint64', false, 'id'),
      field('Name', str, 'string', false, 'name'),
      field('Email', str, 'string', false, 'email'),
      field('IsActive', bool, 'bool', false, 'is_active'),
      field('CreatedAt', ref('time.Time'), 'time.Time', false, 'created_at'),
      field('UpdatedAt', ref('time.Time'), 'time.Time', false, 'updated_at'),
    ],
    'struct',
  );
  const create = typeDecl(
    'CreateEntityDTO',
    [field('Name', str, 'string', false, 'name'), field('Email', str, 'string', false, 'email'), field('IsActive', opt(bool), '*bool', true, 'is_active')],
    'struct',
  );
  const update = typeDecl(
    'UpdateEntityDTO',
    [
      field('Name', opt(str), '*string', true, 'name'),
      field('Email', opt(str), '*string', true, 'email'),
      field('IsActive', opt(bool), '*bool', true, 'is_active'),
      field('secret', str, 'string', true, '-'),
    ],
    'struct',
  );
  const ops = [1, 2, 3].map((i) =>
    fn(
      `Operation${i}`,
      [param('ctx', ref('context.Context'), 'context.Context'), param('id', u64, 'uint64'), param('data', str, 'string')],
      [{ kind: 'tuple', items: [opt(ref('Entity')), ref('error')] }, '(*Entity, error)'],
      { receiver: 's *EntityService', async: false },
    ),
  );
  return {
    language,
    constraints: [
      ...[entity, create, update].map((d) => constraint(d, { language, name: `type_${d.name}` })),
      ...ops.map((f) => constraint(f, { language, name: `fn_${f.name}` })),
      constraint({ fact: 'import', module: 'context', names: [] }, { language }),
      constraint({ fact: 'import', module: 'time', names: [] }, { language }),
      constraint({ fact: 'import', module: 'os/exec', names: [] }, { language }),
      ...common(language, 'PascalCase', 'camelCase', 'exec.Command'),
    ],
    entity: { id: 1, name: 'a', email: 'a@example.com', is_active: true, created_at: now, updated_at: now },
    partialUpdate: { name: 'b' },
    updateTypeName: 'UpdateEntityDTO',
    ownSignatures: [
      'func (s *EntityService) Operation1(ctx context.Context, id uint64, data string) (*Entity, error)',
      'func (s *EntityService) Operation2(ctx context.Context, id uint64, data string) (*Entity, error)',
    ],
    goodFunctions: [
      'func (s *EntityService) Operation1(ctx context.Context, id uint64, data string) (*Entity, error) {\n\tentity, err := s.db.Query(ctx, id, data)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn entity, nil\n}',
      'func FindEntity(entityID uint64) *Entity {\n\treturn nil\n}',
    ],
    badSignatures: [
      ['func (s *EntityService) operation1(ctx context.Context, id uint64, data string) (*Entity, error)', 'function name not PascalCase'],
      ['func (s *EntityService) Operation1(ctx context.Context, entity_id uint64, data string) (*Entity, error)', 'parameter name not camelCase'],
      ['func (s *EntityService) Operation1(ctx context.Context, id any, data string) (*Entity, error)', 'any is forbidden'],
      ['func (s *EntityService) Operation1(ctx context.Context, id interface{}, data string) (*Entity, error)', 'interface{} is forbidden'],
    ],
    badFunctions: [['func Run(cmd string) error {\n\treturn exec.Command(cmd).Run()\n}', 'runs a process']],
  };
}

export function zigFixture(): LanguageFixture {
  counter = 0; // ids depend only on the fixture, not on what ran before
  const language: Language = 'zig';
  const u64: TypeExpr = ref('u64');
  const bytes: TypeExpr = { kind: 'primitive', name: 'string' };
  const entity = typeDecl(
    'Entity',
    [
      field('id', u64, 'u64'),
      field('name', bytes, '[]const u8'),
      field('email', bytes, '[]const u8'),
      field('is_active', bool, 'bool'),
      field('created_at', ref('i64'), 'i64'),
      field('updated_at', ref('i64'), 'i64'),
    ],
    'struct',
  );
  const create = typeDecl(
    'CreateEntityDto',
    [field('name', bytes, '[]const u8'), field('email', bytes, '[]const u8'), field('is_active', opt(bool), '?bool', true)],
    'struct',
  );
  const update = typeDecl(
    'UpdateEntityDto',
    [field('name', opt(bytes), '?[]const u8', true), field('email', opt(bytes), '?[]const u8', true), field('is_active', opt(bool), '?bool', true)],
    'struct',
  );
  const ops = [1, 2, 3].map((i) =>
    fn(
      `operation${i}`,
      [param('self', opt(ref('Self')), '*Self'), param('id', u64, 'u64'), param('data', bytes, '[]const u8')],
      [{ kind: 'error_union', error: null, payload: opt(ref('Entity')) }, '!?Entity'],
      { receiver: 'self: *Self', async: false },
    ),
  );
  return {
    language,
    constraints: [
      ...[entity, create, update].map((d) => constraint(d, { language, name: `type_${d.name}` })),
      ...ops.map((f) => constraint(f, { language, name: `fn_${f.name}` })),
      constraint({ fact: 'import', module: 'std', names: ['std'] }, { language }),
      ...common(language, 'camelCase', 'snake_case', 'std.process.Child.run'),
    ],
    entity: { id: 1, name: 'a', email: 'a@example.com', is_active: true, created_at: 1714564800, updated_at: 1714564800 },
    partialUpdate: { is_active: true },
    updateTypeName: 'UpdateEntityDto',
    ownSignatures: ['pub fn operation1(self: *Self, id: u64, data: []const u8) !?Entity', 'pub fn operation2(self: *Self, id: u64, data: []const u8) !?Entity'],
    goodFunctions: [
      'pub fn operation1(self: *Self, id: u64, data: []const u8) !?Entity {\n    const row = self.db.query(id, data) catch |err| {\n        return err;\n    };\n    return row;\n}',
    ],
    badSignatures: [
      ['pub fn Operation1(self: *Self, id: u64, data: []const u8) !?Entity', 'function name not camelCase'],
      ['pub fn operation1(self: *Self, entityId: u64, data: []const u8) !?Entity', 'parameter name not snake_case'],
      ['pub fn operation1(self: *Self, id: anytype, data: []const u8) !?Entity', 'anytype is forbidden'],
    ],
    badFunctions: [['pub fn runIt(self: *Self, argv: []const u8) !void {\n    _ = try std.process.Child.run(argv);\n}', 'runs a process']],
  };
}

export const LANGUAGE_FIXTURES: Array<() => LanguageFixture> = [typescriptFixture, pythonFixture, rustFixture, goFixture, zigFixture];
