// Checks generated code against the constraints it was generated under: the IR's regexes,
// the JSON Schema when the output is JSON, forbidden calls and secrets, naming conventions and
// the any-policy, and that the code parses (a re-extraction with Clew). The original reported
// every constraint as satisfied without looking; every check here looks.
import { NAMING_REGEX } from '../braid/naming.ts';
import type { Constraint } from '../model/constraint.ts';
import type { Fact, FunctionFact, Language, TypeExpr } from '../model/facts.ts';
import type { MazeIR, OutputKind, StructuredOutput } from './backends/structured.ts';
import { validateJsonSchema } from './json-schema-check.ts';

export type CheckKind = 'parse' | 'structured_output' | 'regex' | 'json_schema' | 'forbidden_call' | 'secret' | 'naming' | 'any_policy' | 'bounds';

export interface ValidationCheck {
  check: CheckKind;
  /** Ids of the constraints the check enforces (empty for the parse check and the request's own structured output). */
  constraints: string[];
  /** 'passed', 'failed', or 'skipped' (with the reason in message) when the check cannot be made. */
  status: 'passed' | 'failed' | 'skipped';
  message: string;
}

export interface ValidationReport {
  /** True when no check failed. */
  valid: boolean;
  checks: ValidationCheck[];
  violations: ValidationCheck[];
}

/** What a re-extraction of the generated code gives back (Clew's ExtractionResult has this shape). */
export interface Reparse {
  constraints: Constraint[];
  parseErrors: Array<{ line?: number; column?: number; message?: string; text?: string; kind?: string }>;
}

export interface ValidationInput {
  code: string;
  language: Language;
  /** The constraints in force (after conflict resolution). */
  constraints: readonly Constraint[];
  ir: MazeIR;
  output: OutputKind;
  structured: StructuredOutput;
  /** Re-extracts the generated code; null when no extractor is available (the code-structure checks are then skipped). */
  reparse: ((code: string, language: Language) => Reparse) | null;
}

/** Names found in the generated code, by category (what naming and name patterns are checked on). */
interface CodeNames {
  function: string[];
  type: string[];
  parameter: string[];
  field: string[];
}

const NAME_TARGETS: Record<string, keyof CodeNames | 'all'> = {
  function: 'function',
  function_name: 'function',
  type: 'type',
  type_name: 'type',
  parameter: 'parameter',
  field: 'field',
  identifier: 'all',
};

/** Receivers and self parameters are not names the author chose. */
const SELF_PARAMETERS = new Set(['self', 'this', 'cls', '_']);

function namesOf(facts: readonly Fact[]): CodeNames {
  const names: CodeNames = { function: [], type: [], parameter: [], field: [] };
  for (const f of facts) {
    if (f.fact === 'function') {
      names.function.push(f.name);
      for (const p of f.params) if (!SELF_PARAMETERS.has(p.name) && p.name !== '') names.parameter.push(p.name);
    } else if (f.fact === 'type') {
      names.type.push(f.name);
      for (const field of f.fields) names.field.push(field.name);
    }
  }
  return names;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function hasAny(expr: TypeExpr | undefined | null): boolean {
  if (!expr) return false;
  switch (expr.kind) {
    case 'any':
      return true;
    case 'array':
      return hasAny(expr.items);
    case 'map':
      return hasAny(expr.key) || hasAny(expr.value);
    case 'optional':
      return hasAny(expr.inner);
    case 'union':
      return expr.members.some(hasAny);
    case 'tuple':
      return expr.items.some(hasAny);
    case 'ref':
      return expr.args.some(hasAny);
    case 'error_union':
      return hasAny(expr.error) || hasAny(expr.payload);
    default:
      return false;
  }
}

function anyUses(facts: readonly Fact[]): string[] {
  const uses: string[] = [];
  for (const f of facts) {
    if (f.fact === 'function') {
      for (const p of f.params) if (hasAny(p.type?.expr)) uses.push(`parameter '${p.name}' of ${f.name}: ${p.type!.text}`);
      if (hasAny(f.returnType?.expr)) uses.push(`return type of ${f.name}: ${f.returnType!.text}`);
    } else if (f.fact === 'type') {
      for (const field of f.fields) if (hasAny(field.type?.expr)) uses.push(`field '${field.name}' of ${f.name}: ${field.type!.text}`);
      if (hasAny(f.aliasOf?.expr)) uses.push(`type ${f.name} = ${f.aliasOf!.text}`);
    } else if (f.fact === 'occurrence' && (f.pattern === 'any_type' || f.pattern === 'any' || f.pattern === 'any_cast')) {
      uses.push(f.text);
    }
  }
  return unique(uses);
}

function lineOf(code: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < code.length; i++) if (code.charCodeAt(i) === 10) line++;
  return line;
}

function compile(pattern: string, flags: string, anchored: boolean): RegExp | string {
  try {
    return new RegExp(anchored ? `^(?:${pattern})$` : pattern, flags.replace(/[gy]/g, ''));
  } catch (error) {
    return (error as Error).message;
  }
}

export function validateGeneratedCode(input: ValidationInput): ValidationReport {
  const checks: ValidationCheck[] = [];
  const add = (check: CheckKind, constraints: string[], status: ValidationCheck['status'], message: string): void => {
    checks.push({ check, constraints, status, message });
  };
  const code = input.code;
  const text = code.trim();

  // The structured output the server was asked to enforce: check that it did.
  if (input.structured.kind === 'regex') {
    const re = compile(input.structured.pattern, '', true);
    if (typeof re === 'string') add('structured_output', [], 'skipped', `the requested regex does not compile in JavaScript: ${re}`);
    else
      add(
        'structured_output',
        [],
        re.test(text) ? 'passed' : 'failed',
        re.test(text) ? 'output matches the requested regex' : `output does not match the requested regex /${input.structured.pattern}/`,
      );
  }

  // JSON output: it must parse and satisfy the schema.
  const schema = input.structured.kind === 'json' ? input.structured.schema : input.output === 'json' ? input.ir.json_schema : undefined;
  if (input.output === 'json' || input.structured.kind === 'json') {
    let document: unknown;
    let parsed = true;
    try {
      document = JSON.parse(text);
    } catch (error) {
      parsed = false;
      add('json_schema', [], 'failed', `output is not JSON: ${(error as Error).message}`);
    }
    if (parsed) {
      if (schema === undefined) add('json_schema', [], 'skipped', 'no JSON Schema was compiled for this output');
      else {
        const errors = validateJsonSchema(schema, document);
        add(
          'json_schema',
          [],
          errors.length === 0 ? 'passed' : 'failed',
          errors.length === 0 ? 'output satisfies the JSON Schema' : errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; '),
        );
      }
    }
  }

  // Re-parse the generated code with Clew (not for JSON output: it is not source code).
  let reparsed: Reparse | null = null;
  if (input.output === 'code') {
    if (input.reparse === null) add('parse', [], 'skipped', 'no extractor available to re-parse the code');
    else {
      try {
        reparsed = input.reparse(code, input.language);
        const errors = reparsed.parseErrors;
        add(
          'parse',
          [],
          errors.length === 0 ? 'passed' : 'failed',
          errors.length === 0
            ? `the code parses as ${input.language}`
            : `the code does not parse as ${input.language}: ${errors
                .slice(0, 5)
                .map(
                  (e) =>
                    `line ${e.line ?? '?'}${e.column !== undefined ? `:${e.column}` : ''} ${e.message ?? e.kind ?? 'syntax error'}${e.text ? ` near '${e.text}'` : ''}`,
                )
                .join('; ')}`,
        );
      } catch (error) {
        add('parse', [], 'failed', `re-parsing failed: ${(error as Error).message}`);
      }
    }
  }
  const generatedFacts: Fact[] = reparsed ? reparsed.constraints.flatMap((c) => (c.facts ? [c.facts] : [])) : [];
  const names = namesOf(generatedFacts);
  const namesFor = (target: keyof CodeNames | 'all'): string[] =>
    unique(target === 'all' ? [...names.function, ...names.type, ...names.parameter, ...names.field] : names[target]);

  // The IR's regexes: 'require' = the target matches fully, 'forbid' = the target holds no match.
  const covered = new Set<string>();
  for (const p of input.ir.regex_patterns) {
    for (const id of p.sources) covered.add(id);
    const label = `/${p.pattern}/ (${p.mode} on ${p.target})`;
    if (p.target === 'code' || p.target === 'output') {
      const re = compile(p.pattern, p.flags, p.mode === 'require');
      if (typeof re === 'string') {
        add('regex', p.sources, 'skipped', `${label} does not compile in JavaScript: ${re}`);
        continue;
      }
      if (p.mode === 'require')
        add('regex', p.sources, re.test(text) ? 'passed' : 'failed', re.test(text) ? `output matches ${label}` : `output does not match ${label}`);
      else {
        const found = re.exec(code);
        add(
          input.output === 'json' ? 'regex' : 'forbidden_call',
          p.sources,
          found ? 'failed' : 'passed',
          found ? `forbidden ${label} found at line ${lineOf(code, found.index)}: '${found[0]}'` : `no match of forbidden ${label}`,
        );
      }
      continue;
    }
    if (p.target === 'signature' && p.mode === 'require') {
      add('regex', p.sources, ...checkSignatures(p.pattern, p.flags, code, reparsed, label));
      continue;
    }
    const target = NAME_TARGETS[p.target];
    if (target === undefined && (p.target === 'constant' || p.target === 'variable')) {
      add('naming', p.sources, 'skipped', `${label}: ${p.target} names are not re-extracted from generated code`);
      continue;
    }
    if (target === undefined) {
      add('regex', p.sources, 'skipped', `${label}: '${p.target}' text is enforced by the grammar at generation time and is not re-extracted here`);
      continue;
    }
    if (reparsed === null) {
      add('regex', p.sources, 'skipped', `${label}: needs a re-parse of the code`);
      continue;
    }
    const re = compile(p.pattern, p.flags, p.mode === 'require');
    if (typeof re === 'string') {
      add('regex', p.sources, 'skipped', `${label} does not compile in JavaScript: ${re}`);
      continue;
    }
    const candidates = namesFor(target);
    const offending = candidates.filter((name) => (p.mode === 'require' ? !re.test(name) : re.test(name)));
    const kind: CheckKind = p.target in NAMING_TARGETS_AS_NAMING ? 'naming' : 'regex';
    add(
      kind,
      p.sources,
      offending.length === 0 ? 'passed' : 'failed',
      offending.length === 0
        ? `${candidates.length} ${p.target} name(s) satisfy ${label}`
        : `${p.target} name(s) ${offending.map((n) => `'${n}'`).join(', ')} break ${label}`,
    );
  }

  // Facts of the constraints in force that no IR regex covered.
  for (const c of input.constraints) {
    const f = c.facts;
    if (!f) continue;
    if (f.fact === 'naming' && !covered.has(c.id)) {
      if (reparsed === null) continue;
      const target = NAME_TARGETS[f.category];
      if (target === undefined) {
        add('naming', [c.id], 'skipped', `${f.category} names are not re-extracted from generated code`);
        continue;
      }
      const re = new RegExp(`^(?:${NAMING_REGEX[f.convention]})$`);
      const offending = namesFor(target).filter((n) => !re.test(n));
      add(
        'naming',
        [c.id],
        offending.length === 0 ? 'passed' : 'failed',
        offending.length === 0
          ? `${f.category} names are ${f.convention}`
          : `${f.category} name(s) ${offending.map((n) => `'${n}'`).join(', ')} are not ${f.convention}`,
      );
    } else if (f.fact === 'forbidden_call') {
      if (reparsed === null) continue;
      // Clew finds calls in the syntax tree, so a mention in a comment or string is not a call.
      const calls = generatedFacts.filter((g) => g.fact === 'forbidden_call' && sameCallee(g.callee, f.callee));
      add(
        'forbidden_call',
        [c.id],
        calls.length === 0 ? 'passed' : 'failed',
        calls.length === 0 ? `no call to ${f.callee}` : `the code calls ${f.callee} (${f.reason})`,
      );
    } else if (f.fact === 'any_policy' && !f.allowed) {
      if (reparsed === null) continue;
      const uses = anyUses(generatedFacts);
      add(
        'any_policy',
        [c.id],
        uses.length === 0 ? 'passed' : 'failed',
        uses.length === 0 ? 'no dynamic any type' : `the any type is used: ${uses.slice(0, 5).join('; ')}`,
      );
    } else if (f.fact === 'bounds' && (f.target === 'parameters' || f.target === 'params' || f.target === 'parameter_count')) {
      if (reparsed === null) continue;
      const functions = generatedFacts.filter((g): g is FunctionFact => g.fact === 'function');
      // A receiver is not a parameter; an unused `_` is one (the signature grammar counts it too).
      const arity = (fn: FunctionFact): number => fn.params.filter((p) => p.name === '_' || !SELF_PARAMETERS.has(p.name)).length;
      const offending = functions.filter((fn) => {
        const n = arity(fn);
        return (f.min !== null && n < f.min) || (f.max !== null && n > f.max);
      });
      add(
        'bounds',
        [c.id],
        offending.length === 0 ? 'passed' : 'failed',
        offending.length === 0
          ? `parameter counts within [${f.min ?? ''}, ${f.max ?? ''}]`
          : `function(s) ${offending.map((fn) => `${fn.name} (${arity(fn)})`).join(', ')} outside [${f.min ?? ''}, ${f.max ?? ''}] parameters`,
      );
    }
  }

  // Security findings in the generated code itself (hard-coded secrets, dangerous calls), whether or not the source had any.
  if (reparsed !== null) {
    const secrets = reparsed.constraints.filter((c) => c.facts?.fact === 'occurrence' && c.facts.pattern === 'hardcoded_secret');
    add(
      'secret',
      [],
      secrets.length === 0 ? 'passed' : 'failed',
      secrets.length === 0 ? 'no hard-coded secret' : `hard-coded secret(s) at line(s) ${secrets.map((c) => c.origin_line ?? '?').join(', ')}`,
    );
    const forbiddenCallees = new Set(input.constraints.flatMap((c) => (c.facts?.fact === 'forbidden_call' ? [c.facts.callee] : [])));
    const dangerous = generatedFacts.filter((g) => g.fact === 'forbidden_call' && ![...forbiddenCallees].some((callee) => sameCallee(callee, g.callee)));
    if (dangerous.length > 0)
      add(
        'forbidden_call',
        [],
        'failed',
        `dangerous call(s) in the generated code: ${unique(dangerous.map((g) => (g as { callee: string }).callee)).join(', ')}`,
      );
  }

  const violations = checks.filter((c) => c.status === 'failed');
  return { valid: violations.length === 0, checks, violations };
}

/** Longest code the signature search runs on (Braid's patterns are checked safe, this bounds the rest). */
const SIGNATURE_SEARCH_LIMIT = 200_000;

/**
 * Every function the re-parse found must have a signature matching Braid's signature regex.
 * Clew reports names, not signature text, so the signature is found by searching the code for
 * matches of the regex and taking the function as covered when a match holds `name(`.
 */
function checkSignatures(pattern: string, flags: string, code: string, reparsed: Reparse | null, label: string): [ValidationCheck['status'], string] {
  if (reparsed === null) return ['skipped', `${label}: needs a re-parse of the code`];
  if (code.length > SIGNATURE_SEARCH_LIMIT) return ['skipped', `${label}: code longer than ${SIGNATURE_SEARCH_LIMIT} characters`];
  let re: RegExp;
  try {
    re = new RegExp(pattern, `${flags.replace(/[gy]/g, '')}g`);
  } catch (error) {
    return ['skipped', `${label} does not compile in JavaScript: ${(error as Error).message}`];
  }
  const functions = unique(reparsed.constraints.flatMap((c) => (c.facts?.fact === 'function' ? [c.facts.name] : [])));
  const matches: string[] = [];
  for (const m of code.matchAll(re)) if (m[0].length > 0) matches.push(m[0]);
  const uncovered = functions.filter((name) => !matches.some((m) => new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/[$]/g, '\\$')}\\s*[(<\\[]`).test(m)));
  if (uncovered.length === 0) return ['passed', `${functions.length} function signature(s) match the signature pattern`];
  return [
    'failed',
    `the signature of ${uncovered.map((n) => `'${n}'`).join(', ')} does not match the signature pattern (types or parameters outside what the constraints allow)`,
  ];
}

const NAMING_TARGETS_AS_NAMING: Record<string, true> = { function: true, type: true, parameter: true, field: true, constant: true, variable: true };

function sameCallee(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b) || norm(a).endsWith(`.${norm(b)}`) || norm(b).endsWith(`.${norm(a)}`);
}
