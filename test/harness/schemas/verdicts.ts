// What the per-language schema oracles share: mutants of real serialized values, the tally of
// verdicts (a verdict is right when the emitted schema, checked by ajv, accepts exactly the values
// the language's own machinery accepts), and the checks that XGrammar compiles every schema and
// the Lark grammar embeds the very same schemas.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile, type ConstraintIR, type JsonSchema } from '../../../core/braid/index.ts';
import { Clew } from '../../../core/clew/index.ts';
import type { Language } from '../../../core/model/facts.ts';
import { newAjv } from '../../support/ajv.ts';
import { usePlatform } from '../../support/platform.ts';
import { loadXGrammar } from '../braid/xgrammar.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The seeded generator the oracles use, so every run judges the same values. */
export { seededRandom as seeded } from '../../../core/tokenmask/decode.ts';

export interface Mutant {
  value: Json;
  /** What was changed, e.g. 'drop key' or 'wrong type'. */
  how: string;
}

/** Every position in a value: [path, value] pairs, the root first. */
function positions(value: Json, path: Array<string | number> = []): Array<[Array<string | number>, Json]> {
  const out: Array<[Array<string | number>, Json]> = [[path, value]];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) out.push(...positions(v, [...path, i]));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...positions(v, [...path, k]));
  return out;
}

function replaceAt(value: Json, path: ReadonlyArray<string | number>, change: (old: Json) => Json | undefined): Json {
  if (path.length === 0) return change(value) ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return value.flatMap((v, i) => (i === head ? (rest.length === 0 && change(v) === undefined ? [] : [replaceAt(v, rest, change)]) : [v]));
  const obj = value as { [key: string]: Json };
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k !== head) {
      out[k] = v;
      continue;
    }
    if (rest.length === 0) {
      const next = change(v);
      if (next !== undefined) out[k] = next;
    } else out[k] = replaceAt(v, rest, change);
  }
  return out;
}

/** A value of another JSON type than the one given. */
function otherType(v: Json): Json {
  if (typeof v === 'string') return 7;
  if (typeof v === 'number') return 'seven';
  if (typeof v === 'boolean') return 'true';
  if (v === null) return 0;
  if (Array.isArray(v)) return {};
  return [];
}

/**
 * Mutants of a serialized value: a key dropped or added, a value of another type, a string that is
 * no enum member, null, a fraction or a negative or too large number where an integer was. Whether
 * a mutant is still valid is the language's own judge's call, not ours.
 */
export function mutants(value: Json, random: () => number, count: number): Mutant[] {
  const all = positions(value);
  const out: Mutant[] = [];
  const seen = new Set<string>([JSON.stringify(value)]);
  const push = (m: Mutant) => {
    const k = JSON.stringify(m.value);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(m);
    }
  };
  const objects = all.filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
  const keyed = all.filter(([p]) => p.length > 0 && typeof p[p.length - 1] === 'string');
  const leaves = all.filter(([, v]) => v === null || typeof v !== 'object');
  const strings = all.filter(([, v]) => typeof v === 'string');
  const numbers = all.filter(([, v]) => typeof v === 'number');
  const pick = <T>(xs: T[]): T | undefined => (xs.length === 0 ? undefined : xs[Math.floor(random() * xs.length)]);
  const operators: Array<() => void> = [
    () => {
      const k = pick(keyed);
      if (k) push({ value: replaceAt(value, k[0], () => undefined), how: 'drop key' });
    },
    () => {
      const o = pick(objects);
      if (o) push({ value: replaceAt(value, o[0], (old) => ({ ...(old as object), unexpectedKey: 1 })), how: 'extra key' });
    },
    () => {
      const l = pick(all.slice(1).length > 0 ? all.slice(1) : all);
      if (l) push({ value: replaceAt(value, l[0], otherType), how: 'wrong type' });
    },
    () => {
      const s = pick(strings);
      if (s) push({ value: replaceAt(value, s[0], () => 'not-a-member'), how: 'unknown string' });
    },
    () => {
      const l = pick(leaves.filter(([, v]) => v !== null));
      if (l) push({ value: replaceAt(value, l[0], () => null), how: 'null' });
    },
    () => {
      const n = pick(numbers);
      if (n) push({ value: replaceAt(value, n[0], (old) => (Number.isInteger(old) ? (old as number) + 0.5 : 2.5)), how: 'fraction' });
    },
    () => {
      const n = pick(numbers);
      if (n) push({ value: replaceAt(value, n[0], () => -1), how: 'negative' });
    },
    () => {
      const n = pick(numbers);
      if (n) push({ value: replaceAt(value, n[0], () => 4294967296), how: 'too large' });
    },
  ];
  for (let tries = 0; out.length < count && tries < count * 6; tries++) operators[Math.floor(random() * operators.length)]!();
  return out;
}

export interface Verdict {
  language: string;
  /** The type the value was judged against. */
  type: string;
  features: readonly string[];
  value: Json;
  /** 'instance' (written by the language's serializer) or the mutation. */
  how: string;
  /** Why the value is valid or not, where a person judged it. */
  why?: string;
  /** The language's own judgement. */
  expected: boolean;
  /** The emitted schema's, by ajv. */
  got: boolean;
}

/** Judges values with ajv against a schema compiled once per type. */
export class SchemaJudge {
  private readonly compiled = new Map<JsonSchema, (v: unknown) => boolean>();

  accepts(schema: JsonSchema, value: Json): boolean {
    let v = this.compiled.get(schema);
    if (v === undefined) {
      const fn = newAjv().compile(schema);
      v = (x) => fn(x) as boolean;
      this.compiled.set(schema, v);
    }
    return v(value);
  }
}

/** The share of right verdicts per language and per feature, printed as the test's figure. */
export class VerdictTally {
  readonly verdicts: Verdict[] = [];

  add(v: Verdict): void {
    this.verdicts.push(v);
  }

  /** Prints the shares and the first wrong verdicts; asserts at least `threshold` right for every language. */
  report(title: string, threshold: number): void {
    const share = (vs: Verdict[]) => vs.filter((v) => v.expected === v.got).length / vs.length;
    const line = (label: string, vs: Verdict[]) => {
      const right = vs.filter((v) => v.expected === v.got).length;
      const valid = vs.filter((v) => v.expected).length;
      return `  ${label.padEnd(28)} ${(right / vs.length).toFixed(3)} right (${right}/${vs.length}; ${valid} valid, ${vs.length - valid} invalid)`;
    };
    console.log(title);
    const languages = [...new Set(this.verdicts.map((v) => v.language))].sort();
    for (const language of languages)
      console.log(
        line(
          language,
          this.verdicts.filter((v) => v.language === language),
        ),
      );
    console.log(' by feature:');
    const features = [...new Set(this.verdicts.flatMap((v) => v.features))].sort();
    for (const f of features)
      console.log(
        line(
          f,
          this.verdicts.filter((v) => v.features.includes(f)),
        ),
      );
    console.log(' by value:');
    const hows = [...new Set(this.verdicts.map((v) => v.how))].sort();
    for (const h of hows)
      console.log(
        line(
          h,
          this.verdicts.filter((v) => v.how === h),
        ),
      );
    const wrong = this.verdicts.filter((v) => v.expected !== v.got);
    for (const v of wrong.slice(0, 25)) {
      console.log(
        `  wrong: ${v.language} ${v.type} (${v.how}): ${v.expected ? 'valid' : 'invalid'}${v.why ? ` (${v.why})` : ''} but the schema ${v.got ? 'accepts' : 'rejects'} ${JSON.stringify(v.value).slice(0, 200)}`,
      );
    }
    for (const language of languages) {
      const vs = this.verdicts.filter((v) => v.language === language);
      assert.ok(vs.filter((v) => v.expected).length > 0 && vs.some((v) => !v.expected), `${language}: valid and invalid values both judged`);
      assert.ok(share(vs) >= threshold, `${language}: ${share(vs).toFixed(3)} of ${vs.length} verdicts right, expected at least ${threshold}`);
    }
  }
}

let clew: Promise<Clew> | null = null;

/** A source file through Clew and Braid, as `ananke compile` does it. */
export async function compiledFile(language: Language, path: string): Promise<ConstraintIR> {
  clew ??= usePlatform().then(() => Clew.create());
  const loaded = await clew;
  await loaded.load(language);
  const result = loaded.extract(readFileSync(path, 'utf8'), { language, file: path });
  result.dispose?.();
  return compile(result.constraints, { language });
}

/** What servers are given works: every schema compiles in XGrammar, and the Lark grammar embeds the same schemas. */
export async function assertServersTakeSchemas(ir: ConstraintIR): Promise<void> {
  assertLarkEmbedsSchemas(ir);
  await assertXGrammarCompiles(ir.schemas);
}

/** Every schema compiles in XGrammar (its JSON Schema converter, strict mode, as vLLM and SGLang call it). */
export async function assertXGrammarCompiles(schemas: Record<string, JsonSchema>): Promise<void> {
  const { Grammar } = loadXGrammar();
  const failures: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    try {
      const g = await Grammar.fromJSONSchema(JSON.stringify(schema), true, undefined, undefined, true);
      g.dispose();
    } catch (error) {
      failures.push(`${name}: ${String((error as Error).message ?? error).slice(0, 200)}`);
    }
  }
  assert.deepEqual(failures, []);
}

/** The Lark grammar's %json rules carry the very schemas of the IR (one rule per type). */
export function assertLarkEmbedsSchemas(ir: ConstraintIR): void {
  assert.ok(ir.lark, 'a Lark grammar');
  const embedded = new Map<string, string>();
  for (const line of ir.lark.split('\n')) {
    const m = /^(json_\w+): %json (.*)$/.exec(line);
    if (m) embedded.set(m[1]!, m[2]!);
  }
  assert.equal(embedded.size, Object.keys(ir.schemas).length);
  const texts = new Set(embedded.values());
  for (const [name, schema] of Object.entries(ir.schemas)) assert.ok(texts.has(JSON.stringify(schema)), `${name}: its schema is embedded with %json`);
}
