// Lark emitter in the llguidance dialect: a `%llguidance {}` header, lowercase rules,
// UPPERCASE terminals as /regex/ (Python `re` syntax, which llguidance also reads), and
// `%json {…}` rules embedding each type's JSON Schema. Python Lark loads the same text once
// the llguidance-only lines (the header and the %json rules) are removed.
import type { CodeGrammar, GExpr } from './grammar-ast.ts';
import type { JsonSchema } from './json-schema.ts';
import { printRegex } from './regex-ast.ts';

function larkString(text: string): string {
  return JSON.stringify(text);
}

function needsParens(e: GExpr): boolean {
  return e.g === 'alt' || (e.g === 'seq' && e.items.length > 1);
}

export function larkExpression(e: GExpr): string {
  switch (e.g) {
    case 'lit':
      return larkString(e.text);
    case 'term':
      return e.name;
    case 'rule':
      return e.name;
    case 'seq':
      return e.items.map((i) => (i.g === 'alt' ? `(${larkExpression(i)})` : larkExpression(i))).join(' ');
    case 'alt':
      return e.options.map(larkExpression).join(' | ');
    case 'opt':
      return needsParens(e.e) ? `[${larkExpression(e.e)}]` : `${larkExpression(e.e)}?`;
    case 'star':
      return needsParens(e.e) ? `(${larkExpression(e.e)})*` : `${larkExpression(e.e)}*`;
    case 'plus':
      return needsParens(e.e) ? `(${larkExpression(e.e)})+` : `${larkExpression(e.e)}+`;
    // Lark's range operator; llguidance reads `~ M..N` as well as its own `{M,N}`.
    case 'rep':
      return e.max === 0 ? '' : `(${larkExpression(e.e)}) ~ ${e.min === e.max ? `${e.min}` : `${e.min}..${e.max}`}`;
  }
}

/** Rule name of an embedded schema for a type: lowercase, as Lark requires of rules. */
export function jsonRuleName(typeName: string): string {
  return `json_${typeName.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase()}`;
}

export interface LarkOptions {
  /** Schemas to embed with %json, by type name (one single-line rule each). */
  schemas?: Record<string, JsonSchema>;
}

export function toLark(grammar: CodeGrammar, options: LarkOptions = {}): string {
  const lines = ['%llguidance {}', ''];
  for (const [name, expr] of grammar.rules) lines.push(`${name}: ${larkExpression(expr)}`);
  lines.push('');
  for (const [name, regex] of grammar.terminals) lines.push(`${name}: /${printRegex(regex)}/`);
  return `${lines.join('\n')}\n${larkJsonRules(options.schemas ?? {})}`;
}

/**
 * One `%json` rule per type. Each is one line and nothing refers to it, so removing %json lines leaves a
 * valid grammar. Types whose names differ only in case (valibot's NanoIdAction and NanoIDAction) get
 * numbered rule names, since Lark rule names are lowercase and must be unique.
 */
export function larkJsonRules(schemas: Record<string, JsonSchema>): string {
  const entries = Object.entries(schemas);
  if (entries.length === 0) return '';
  const taken = new Set<string>();
  const lines = entries.map(([name, schema]) => {
    let rule = jsonRuleName(name);
    for (let i = 2; taken.has(rule); i++) rule = `${jsonRuleName(name)}_${i}`;
    taken.add(rule);
    return `${rule}: %json ${JSON.stringify(schema)}`;
  });
  return `\n${lines.join('\n')}\n`;
}

/** The Lark text without the llguidance-only lines, as Python Lark reads it. */
export function stripLlguidanceOnly(lark: string): string {
  return lark
    .split('\n')
    .filter((line) => !line.startsWith('%llguidance') && !/^\w+:\s*%json\b/.test(line))
    .join('\n');
}
