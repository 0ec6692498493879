// Phase two of extraction: constraints from the records alone, in a fixed order (facts,
// per-definition constraints, security findings, test assertions, occurrence counts, naming
// conventions; summaries.ts adds the reference's summaries).
import type { Constraint } from '../model/constraint.ts';
import type { Fact, FunctionFact, ImportFact, NamingCategory, ParamFact, TypeDeclFact, TypeFact } from '../model/facts.ts';
import { NAMING_CATEGORIES } from '../model/facts.ts';
import { constraintId } from '../model/id.ts';
import { dominantConvention, stripUnderscores } from './naming.ts';
import type { ArgInfo, MatchRecord } from './records.ts';
import { FILE_STRUCT, hasTypeKind, lookup, trimText, type LanguageSpec } from './spec.ts';
import type { Meta, Occurrences } from './make.ts';
import { summaries } from './summaries.ts';

const META = {
  function: { kind: 'syntactic', source: 'AST_Pattern', enforcement: 'Syntactic', priority: 'Medium', severity: 'info' },
  type: { kind: 'type_safety', source: 'Type_System', enforcement: 'Structural', priority: 'High', severity: 'info' },
  import: { kind: 'architectural', source: 'AST_Pattern', enforcement: 'Structural', priority: 'Low', severity: 'hint' },
  naming: { kind: 'syntactic', source: 'AST_Pattern', enforcement: 'Syntactic', priority: 'Low', severity: 'hint' },
  error: { kind: 'semantic', source: 'Control_Flow', enforcement: 'Semantic', priority: 'Medium', severity: 'info' },
  async: { kind: 'semantic', source: 'Control_Flow', enforcement: 'Semantic', priority: 'Low', severity: 'info' },
  type_safety: { kind: 'type_safety', source: 'Type_System', enforcement: 'Semantic', priority: 'Medium', severity: 'warning' },
  security: { kind: 'security', source: 'AST_Pattern', enforcement: 'Security', priority: 'Critical', severity: 'err' },
  security_warning: { kind: 'security', source: 'AST_Pattern', enforcement: 'Security', priority: 'High', severity: 'warning' },
  test: { kind: 'semantic', source: 'Test_Mining', enforcement: 'Semantic', priority: 'Medium', severity: 'info' },
} satisfies Record<string, Meta>;

/** How each occurrence pattern reads in a description. */
const OCCURRENCE_WORDING: Record<string, string> = {
  try_catch: 'try/catch blocks',
  try_finally: 'try/finally blocks',
  throw: 'throw statements',
  promise_catch: 'promise .catch handlers',
  try_except: 'try/except blocks',
  raise: 'raise statements',
  with_context: 'with-statement resource handling',
  result_question: '? operators propagating errors',
  result_type: 'Result return types',
  match_result: 'match arms on Ok/Err',
  panic: 'panic! calls',
  bail: 'bail!/ensure! early error returns',
  error_context: 'errors converted or given context (context, map_err, ok_or)',
  err_nil_check: 'if err != nil checks',
  error_wrap: 'errors wrapped with fmt.Errorf %w',
  errors_package: 'errors.New/Is/As uses',
  defer: 'defer statements',
  zig_try: 'try expressions',
  zig_catch: 'catch expressions',
  errdefer: 'errdefer statements',
  error_union: 'error union types',
  error_set: 'error sets',
  await: 'await expressions',
  go_statement: 'goroutines started with go',
  channel: 'channel operations',
  async_with: 'async with / async for',
  any: "uses of the 'any' type",
  any_cast: "casts to 'any'",
  nullable: 'nullable types',
  optional_parameter: 'optional parameters',
  non_null_assertion: 'non-null assertions (!)',
  unwrap: 'unwrap()/expect() calls',
  optional: 'Optional types',
  type_ignore: 'type: ignore comments',
  orelse: 'orelse fallbacks for optionals',
  unsafe_block: 'unsafe blocks',
  unsafe_pointer: 'unsafe pointer uses',
};

function paramText(p: ParamFact): string {
  let s = (p.kind === 'var_positional' ? '*' : p.kind === 'var_keyword' ? '**' : p.variadic ? '...' : '') + p.name;
  if (p.optional && p.default === null) s += '?';
  if (p.type) s += `: ${p.type.text}`;
  if (p.default !== null) s += ` = ${trimText(p.default, 30)}`;
  return s;
}

/** A parameter list as written; Python's kinds keep their own markers: `a, /`, `*args`, `*, b`, `**kwargs`. */
function paramsText(params: ParamFact[]): string {
  let s = '';
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const before = i > 0 ? params[i - 1]!.kind : undefined;
    if (i > 0) s += ', ';
    if (p.kind === 'keyword_only' && before !== 'keyword_only' && before !== 'var_positional') s += '*, ';
    s += paramText(p);
    if (p.kind === 'positional_only' && params[i + 1]?.kind !== 'positional_only') s += ', /';
  }
  return s;
}

/** Phase two: constraints from the records alone, in a fixed order. */
export function buildConstraints(spec: LanguageSpec, records: MatchRecord[], source: string, file: string | null, isTest: boolean): Constraint[] {
  const language = spec.language;
  // One object literal: properties added after it would cost each constraint a separate, growing
  // property store. Without a file (a rare call) the empty origin_file is deleted again.
  const make = (
    meta: Meta,
    name: string,
    description: string,
    fact: Fact,
    line: number,
    confidence = 1,
    frequency = 1,
    id = constraintId(name, description, meta.kind),
  ): Constraint => {
    const c: Constraint = {
      id,
      name,
      description,
      kind: meta.kind,
      source: meta.source,
      enforcement: meta.enforcement,
      priority: meta.priority,
      confidence,
      frequency,
      severity: meta.severity,
      origin_file: file ?? undefined,
      origin_line: line,
      language,
      facts: fact,
    };
    if (file === null) delete c.origin_file;
    return c;
  };

  // First pass: what later records need from all of them (export clauses, imports' aliases, test markers).
  const exportedLater = new Set<string>();
  const aliases = new Map<string, string>();
  let testMarker = false;
  for (let ri = 0; ri < records.length; ri++) {
    const rec = records[ri]!;
    if (rec.kind === 'export') exportedLater.add(rec.name);
    else if (rec.kind === 'marker') testMarker = true;
    else if (rec.kind === 'import') {
      if (rec.name !== null) aliases.set(rec.local ?? rec.name, rec.module);
      else if (rec.local !== null) aliases.set(rec.local, rec.module);
      else {
        const local = spec.defaultLocal?.(rec.module) ?? null;
        if (local !== null) aliases.set(local, rec.module);
      }
    }
  }

  const constraints: Constraint[] = [];
  const functions: FunctionFact[] = [];
  // start and end of each function, in pairs
  const functionRanges: number[] = [];
  const functionLines: number[] = [];
  const types: TypeDeclFact[] = [];
  const typeFacts: TypeFact[] = [];
  const imports = new Map<string, { fact: ImportFact; constraint: Constraint }>();
  const occurrences = new Map<string, Occurrences>();
  const errorPositions: number[] = [];
  const securityFindings: Constraint[] = [];
  const assertions: Constraint[] = [];
  const naming: Record<NamingCategory, string[]> = { function: [], type: [], constant: [], variable: [], field: [], parameter: [] };

  for (let ri = 0; ri < records.length; ri++) {
    const rec = records[ri]!;
    switch (rec.kind) {
      case 'function': {
        let fact = rec.fact;
        const { name, owner } = fact;
        // `export { name }` clauses usually come after the declarations they export
        if (owner === null && !fact.exported && exportedLater.has(name)) fact = { ...fact, exported: true, visibility: 'public' };
        functions.push(fact);
        functionRanges.push(rec.start, rec.end);
        functionLines.push(rec.line);
        const params = fact.params;
        for (let i = 0; i < params.length; i++) if (params[i]!.type) typeFacts.push(params[i]!.type!);
        if (fact.returnType) typeFacts.push(fact.returnType);
        if (!(spec.skipName?.(name, 'function') ?? false)) naming.function.push(name);
        for (let i = 0; i < params.length; i++) if (!(spec.skipName?.(params[i]!.name, 'parameter') ?? false)) naming.parameter.push(params[i]!.name);
        const qualified = owner === null ? name : `${owner}.${name}`;
        const signature = `${qualified}(${paramsText(fact.params)})${fact.returnType ? `: ${fact.returnType.text}` : ''}`;
        const description = `${fact.exported ? 'exported ' : ''}${fact.async ? 'async ' : ''}${rec.isMethod ? 'method' : 'function'} ${signature}`;
        constraints.push(make(META.function, `function:${qualified}`, description, fact, rec.line));
        break;
      }
      case 'type': {
        let fact = rec.fact;
        if (!fact.exported && exportedLater.has(fact.name)) fact = { ...fact, exported: true };
        // a Zig file's struct without `const X = @This()` is named after its file
        if (fact.name === FILE_STRUCT) fact = { ...fact, name: file === null ? 'Root' : file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '') };
        const { name, declKind, fields, variants, aliasOf, typeParams } = fact;
        types.push(fact);
        for (let i = 0; i < fields.length; i++) if (fields[i]!.type) typeFacts.push(fields[i]!.type!);
        if (aliasOf) typeFacts.push(aliasOf);
        naming.type.push(name);
        for (let i = 0; i < fields.length; i++) naming.field.push(fields[i]!.name);
        const parts: string[] = [];
        if (fields.length > 0) parts.push(`fields ${fields.map((f) => `${f.name}${f.optional ? '?' : ''}${f.type ? `: ${f.type.text}` : ''}`).join(', ')}`);
        if (variants.length > 0) parts.push(`variants ${variants.join(', ')}`);
        if (aliasOf) parts.push(`= ${trimText(aliasOf.text, 60)}`);
        const description = `${fact.exported ? 'exported ' : ''}${declKind.replace('_', ' ')} ${name}${typeParams.length ? `<${typeParams.join(', ')}>` : ''}${parts.length ? ` with ${parts.join('; ')}` : ''}`;
        constraints.push(make(META.type, `type:${name}`, description, fact, rec.line));
        break;
      }
      case 'import': {
        const key = `${rec.start}\u0000${rec.module}`;
        let entry = imports.get(key);
        if (entry === undefined) {
          const fact: ImportFact = { fact: 'import', module: rec.written, names: [] };
          // described and identified once all its names are known (below)
          entry = { fact, constraint: make(META.import, `import:${rec.written}`, '', fact, rec.line, 1, 1, '') };
          imports.set(key, entry);
          constraints.push(entry.constraint);
        }
        if (rec.name !== null && !entry.fact.names.includes(rec.name)) entry.fact.names.push(rec.name);
        break;
      }
      case 'call': {
        const finding = judgeCall(spec, rec, aliases);
        if (finding !== null) {
          securityFindings.push(
            make(
              META.security,
              `forbid_call:${finding.callee}`,
              `${finding.callee} at line ${rec.line}: ${finding.reason}`,
              { fact: 'forbidden_call', callee: finding.callee, reason: finding.reason },
              rec.line,
            ),
          );
        }
        break;
      }
      case 'secret':
        securityFindings.push(
          make(
            META.security,
            `hardcoded_secret:${rec.name}`,
            `hard-coded secret: a string literal is assigned to '${rec.name}'; read it from configuration or the environment instead`,
            { fact: 'occurrence', pattern: 'hardcoded_secret', text: rec.text },
            rec.line,
          ),
        );
        break;
      case 'security':
        securityFindings.push(
          make(
            META.security_warning,
            `${rec.pattern}:${rec.line}`,
            `${lookup(OCCURRENCE_WORDING, rec.pattern) ?? rec.pattern}: ${trimText(rec.text, 60)}`,
            { fact: 'occurrence', pattern: rec.pattern, text: rec.text },
            rec.line,
          ),
        );
        break;
      case 'assertion':
        assertions.push(
          make(META.test, `test_assertion:${rec.method}`, `test asserts ${rec.text}`, { fact: 'occurrence', pattern: 'assertion', text: rec.text }, rec.line),
        );
        break;
      case 'naming':
        naming[rec.category]?.push(rec.name);
        break;
      case 'occurrence': {
        // records are in document order, so the first seen is the earliest
        const entry = occurrences.get(rec.role);
        if (entry === undefined) occurrences.set(rec.role, { count: 1, line: rec.line, text: trimText(source.slice(rec.start, rec.start + rec.length), 80) });
        else entry.count++;
        if (rec.role.startsWith('error.')) errorPositions.push(rec.start);
        break;
      }
      default:
        break;
    }
  }

  // Imports are complete now: describe them.
  for (const { fact, constraint } of imports.values()) {
    constraint.description = fact.names.length > 0 ? `imports ${fact.names.join(', ')} from ${fact.module}` : `imports ${fact.module}`;
    constraint.id = constraintId(constraint.name, constraint.description, constraint.kind);
  }
  for (let i = 0; i < securityFindings.length; i++) constraints.push(securityFindings[i]!);
  if (isTest || testMarker) for (let i = 0; i < assertions.length; i++) constraints.push(assertions[i]!);

  // Where the query has no pattern for the dynamic type (Python's Any, Go's any: plain names), the
  // normalised signatures and fields say it: one look per annotation instead of a match per type name.
  if (!occurrences.has('type_safety.any')) {
    let count = 0;
    let first: { line: number; text: string } | null = null;
    const note = (t: TypeFact | null, line: number) => {
      if (t === null || !hasTypeKind(t.expr, 'any')) return;
      count++;
      if (first === null || line < first.line) first = { line, text: t.text };
    };
    for (let i = 0; i < functions.length; i++) {
      const line = functionLines[i]!;
      const params = functions[i]!.params;
      for (let j = 0; j < params.length; j++) note(params[j]!.type, line);
      note(functions[i]!.returnType, line);
    }
    for (let i = 0; i < types.length; i++) {
      const fields = types[i]!.fields;
      for (let j = 0; j < fields.length; j++) note(fields[j]!.type, fields[j]!.line);
    }
    const found = first as { line: number; text: string } | null;
    if (found !== null) occurrences.set('type_safety.any', { count, line: found.line, text: trimText(found.text, 80) });
  }

  // One constraint per occurrence pattern, at its first occurrence, with its frequency.
  const patterns = [...occurrences.entries()].sort((a, b) => a[1].line - b[1].line || (a[0] < b[0] ? -1 : 1));
  for (let i = 0; i < patterns.length; i++) {
    const [role, occ] = patterns[i]!;
    const dot = role.indexOf('.');
    const family = role.slice(0, dot);
    const pattern = role.slice(dot + 1);
    const meta = family === 'error' ? META.error : family === 'async' ? META.async : META.type_safety;
    const prefix = family === 'error' ? 'error_handling' : family === 'async' ? 'async' : 'type_safety';
    constraints.push(
      make(
        meta,
        `${prefix}:${pattern}`,
        `${occ.count} ${lookup(OCCURRENCE_WORDING, pattern) ?? pattern}, first: ${occ.text}`,
        { fact: 'occurrence', pattern, text: occ.text },
        occ.line,
        1,
        occ.count,
      ),
    );
  }

  for (let i = 0; i < NAMING_CATEGORIES.length; i++) {
    const category = NAMING_CATEGORIES[i]!;
    const written = naming[category];
    const names: string[] = [];
    for (let j = 0; j < written.length; j++) {
      const n = stripUnderscores(written[j]!);
      if (n.length > 0) names.push(n);
    }
    const fact = dominantConvention(category, names, spec.namingIdiom[category]);
    if (fact === null) continue;
    constraints.push(
      make(
        META.naming,
        `naming:${category}`,
        `${category} names use ${fact.convention} (${Math.round(fact.share * 100)}% of ${fact.sample})`,
        fact,
        1,
        fact.share,
      ),
    );
  }

  constraints.push(...summaries(spec, make, functions, functionRanges, types, typeFacts, imports.size, occurrences, errorPositions));

  // Overloads and repeated patterns can produce equal ids; suffix them in order so ids stay unique and stable.
  // Most files have none: a pairwise look (no allocation) answers that for the usual few dozen ids.
  if (constraints.length <= 128 && !hasEqualIds(constraints)) return constraints;
  const seen = new Map<string, number>();
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    const n = seen.get(c.id);
    if (n === undefined) seen.set(c.id, 1);
    else {
      seen.set(c.id, n + 1);
      c.id = `${c.id}-${n + 1}`;
    }
  }
  return constraints;
}

/** Whether two constraints have the same id (pairwise: for short lists, where a Map costs more). */
function hasEqualIds(constraints: Constraint[]): boolean {
  for (let i = 1; i < constraints.length; i++) {
    const id = constraints[i]!.id;
    for (let j = 0; j < i; j++) if (constraints[j]!.id === id) return true;
  }
  return false;
}

function judgeCall(
  spec: LanguageSpec,
  call: { object: string | null; property: string; args: ArgInfo },
  aliases: Map<string, string>,
): { callee: string; reason: string } | null {
  let callee: string;
  if (call.object !== null) {
    const module = aliases.get(call.object);
    callee = `${module ?? call.object}.${call.property}`;
  } else {
    const module = aliases.get(call.property);
    callee = module === undefined ? call.property : `${module}.${call.property}`;
  }
  const rule = lookup(spec.securityCalls, callee);
  if (rule === undefined) return null;
  if (rule.rule === 'always') return { callee, reason: rule.reason };
  const args = call.args.positional;
  const keywordTrue = call.args.keywordTrue;
  const command = args[rule.argument ?? 0];
  const literal = command !== undefined && command.literal;
  switch (rule.rule) {
    case 'non_literal':
      return command !== undefined && !literal ? { callee, reason: rule.reason } : null;
    case 'shell_kwarg':
      return keywordTrue.includes('shell') && command !== undefined && !literal ? { callee, reason: rule.reason } : null;
    case 'shell_program': {
      if (command === undefined) return null;
      if (!literal) return { callee, reason: rule.reason };
      const program = command.value ?? '';
      const shell = /^(\/(usr\/)?bin\/)?(sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|pwsh)$/.test(program);
      const rest = args.slice((rule.argument ?? 0) + 1);
      return shell && rest.some((a) => !a.literal) ? { callee, reason: rule.reason } : null;
    }
    default:
      return null;
  }
}
