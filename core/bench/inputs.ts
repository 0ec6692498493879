// Inputs for the suites, prepared before any timing: fixture text, snippets of an exact size,
// and deterministic constraint sets (so Braid's benches do not depend on Clew's output).
import { platform } from '../platform.ts';
import type { Constraint } from '../model/constraint.ts';
import type { Fact, Language } from '../model/facts.ts';
import { fixturePath, type FixtureLines } from '../catalogue.ts';
import { BenchInputError, type BenchContext } from './types.ts';

export interface Fixture {
  /** Path relative to the repository root. */
  file: string;
  source: string;
  lines: number;
}

export function countLines(source: string): number {
  if (source.length === 0) return 0;
  const newlines = source.split('\n').length - 1;
  return source.endsWith('\n') ? newlines : newlines + 1;
}

/** Reads a generated fixture; a missing one says which file and how to generate it (the guide's "File not found"). */
export async function loadFixture(ctx: BenchContext, language: Language, lines: FixtureLines): Promise<Fixture> {
  const file = fixturePath(language, lines);
  const key = `fixture:${file}`;
  const cached = ctx.shared.get(key) as Fixture | undefined;
  if (cached) return cached;
  let bytes: Uint8Array;
  try {
    bytes = await platform().readFile(`${ctx.repoRoot}/${file}`);
  } catch {
    throw new BenchInputError(`fixture not found: ${file}; generate the fixtures with \`npm run fixtures\``);
  }
  const source = new TextDecoder().decode(bytes);
  const fixture = { file, source, lines: countLines(source) };
  ctx.shared.set(key, fixture);
  return fixture;
}

const SNIPPET_LINES = [
  'export interface Entity { id: string; name: string; }\n',
  'export const MAX_RETRIES: number = 3;\n',
  'export async function loadEntity(id: string): Promise<Entity | null> {\n  if (id.length === 0) throw new Error("empty id");\n  return null;\n}\n',
  'export class EntityService {\n  private readonly cache = new Map<string, Entity>();\n  get(id: string): Entity | undefined { return this.cache.get(id); }\n}\n',
  'function isValidName(name: string): boolean { return /^[A-Za-z]+$/.test(name); }\n',
  'type EntityStatus = "active" | "archived" | "deleted";\n',
];

/** A TypeScript snippet of exactly `bytes` UTF-8 bytes (whole statements, padded with a comment). */
export function typescriptSnippet(bytes: number): string {
  let text = '';
  for (let i = 0; ; i++) {
    const line = SNIPPET_LINES[i % SNIPPET_LINES.length]!;
    if (text.length + line.length > bytes - 4) break;
    text += line;
  }
  if (text.length === 0) text = 'let a = 1;\n'.slice(0, Math.min(bytes, 11));
  const pad = bytes - text.length;
  if (pad >= 3) text += `//${'x'.repeat(pad - 3)}\n`;
  else text += ' '.repeat(pad);
  return text;
}

const TYPE_NAMES = ['Entity', 'User', 'Order', 'Invoice', 'Account', 'Session', 'Product', 'Payment'];
const FIELD_TYPES = [
  { text: 'string', expr: { kind: 'primitive', name: 'string' } },
  { text: 'number', expr: { kind: 'primitive', name: 'number' } },
  { text: 'boolean', expr: { kind: 'primitive', name: 'boolean' } },
  { text: 'string[]', expr: { kind: 'array', items: { kind: 'primitive', name: 'string' } } },
] as const;

function factFor(i: number, dense: boolean): { fact: Fact; kind: Constraint['kind']; enforcement: Constraint['enforcement']; name: string } {
  // Dense sets talk about the same few types and names, so constraints interact (more graph edges, conflicts).
  const typeName = TYPE_NAMES[(dense ? i % 2 : i) % TYPE_NAMES.length]! + (dense ? '' : String(Math.floor(i / TYPE_NAMES.length)));
  switch (i % 8) {
    case 0:
      return {
        kind: 'type_safety',
        enforcement: 'Structural',
        name: `type_${typeName}`,
        fact: {
          fact: 'type',
          name: typeName,
          declKind: 'interface',
          typeParams: [],
          exported: true,
          variants: [],
          aliasOf: null,
          fields: [0, 1, 2].map((f) => ({
            name: `field${f}`,
            jsonName: null,
            type: FIELD_TYPES[(i + f) % FIELD_TYPES.length] as never,
            optional: f === 2,
            line: i + f,
          })),
        },
      };
    case 1:
      return {
        kind: 'type_safety',
        enforcement: 'Structural',
        name: `fn_get${typeName}`,
        fact: {
          fact: 'function',
          name: `get${typeName}`,
          async: i % 3 === 0,
          exported: true,
          visibility: null,
          owner: null,
          receiver: null,
          params: [{ name: 'id', type: FIELD_TYPES[0] as never, default: null, optional: false, variadic: false }],
          returnType: { text: typeName, expr: { kind: 'ref', name: typeName, args: [] } },
        },
      };
    case 2:
      return {
        kind: 'syntactic',
        enforcement: 'Syntactic',
        name: 'naming_function',
        fact: { fact: 'naming', category: 'function', convention: dense && i % 16 === 2 ? 'snake_case' : 'camelCase', share: 0.9, sample: 20 },
      };
    case 3:
      return {
        kind: 'syntactic',
        enforcement: 'Syntactic',
        name: `pattern_${i}`,
        fact: { fact: 'pattern', target: 'identifier', mode: dense && i % 16 === 3 ? 'forbid' : 'require', regex: '^[a-z][A-Za-z0-9]*$' },
      };
    case 4:
      return {
        kind: 'security',
        enforcement: 'Security',
        name: `forbid_eval_${i}`,
        fact: { fact: 'forbidden_call', callee: i % 16 === 4 ? 'eval' : 'child_process.exec', reason: 'arbitrary code execution' },
      };
    case 5:
      return {
        kind: 'operational',
        enforcement: 'Performance',
        name: `bounds_${i}`,
        fact: { fact: 'bounds', target: 'parameters', min: dense && i % 16 === 5 ? 6 : 0, max: 5 },
      };
    case 6:
      return { kind: 'type_safety', enforcement: 'Semantic', name: 'any_policy', fact: { fact: 'any_policy', allowed: dense && i % 16 === 6 } };
    default:
      return {
        kind: 'semantic',
        enforcement: 'Semantic',
        name: `errors_${i}`,
        fact: { fact: 'occurrence', pattern: 'try_catch', text: 'try { … } catch (e) { … }' },
      };
  }
}

/** `count` constraints of every kind, deterministic; `dense` makes them share targets (the density suite). */
export function generateConstraints(count: number, options: { dense?: boolean; language?: Language } = {}): Constraint[] {
  const language = options.language ?? 'typescript';
  return Array.from({ length: count }, (_, i) => {
    const { fact, kind, enforcement, name } = factFor(i, options.dense ?? false);
    return {
      id: `bench-${options.dense ? 'dense' : 'mixed'}-${i}`,
      name,
      description: `generated benchmark constraint ${i} (${fact.fact})`,
      kind,
      source: 'AST_Pattern',
      enforcement,
      priority: (['Low', 'Medium', 'High', 'Critical'] as const)[i % 4]!,
      confidence: 0.5 + ((i * 37) % 50) / 100,
      frequency: 1 + (i % 7),
      severity: (['err', 'warning', 'info', 'hint'] as const)[i % 4]!,
      origin_file: `src/entity_service.${language === 'typescript' ? 'ts' : language}`,
      origin_line: 1 + i * 3,
      language,
      facts: fact,
    };
  });
}
