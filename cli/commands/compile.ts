// `ananke compile`: compiles a constraint set (reference JSON) or a source file (through Clew)
// into the IR, a JSON Schema, a Lark or EBNF grammar, or the regexes (Braid).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compile, CycleError, type ConstraintIR } from '../../core/braid/index.ts';
import type { Constraint } from '../../core/model/constraint.ts';
import { LANGUAGES, SOURCE_EXTENSIONS_TEXT, type Language } from '../../core/model/facts.ts';
import { parseConstraintSet } from '../../core/model/schema.ts';
import { ioMessage, processOutput, type Output } from '../io.ts';

const FORMATS = ['ir', 'json-schema', 'lark', 'ebnf', 'regex'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: ananke compile <constraints.json | source file> [--format F] [--lang L] [--type T] [--name N] [--resolution policy|none] [--strict] [--verbose]

Compiles constraints with Braid. A .json file is a constraint set in the reference's shape
({"name", "constraints": [...]} or a bare array); any other file is source code whose
constraints Clew extracts first (language from the extension, or --lang: ${LANGUAGES.join(', ')}).
--format      ir (default: the whole IR as JSON), json-schema, lark (llguidance dialect),
              ebnf (XGrammar/GBNF), regex (the checked regexes as JSON)
--type        with --format json-schema: only this type's schema
--lang        the language of the code to generate (default: the constraints' own)
--resolution  policy (default: priority, severity, confidence, id) or none (conflicts stay unresolved)
--strict      fail when a type's JSON Schema is approximated (accepts more than the type: an undeclared
              type, a computed enum value, an unbound type parameter…) or a type has no schema; with
              --type, only the types that type's schema reaches count
--verbose     print notes whole (a rejected regex with its source) instead of one line each

Exit status: 0 on success (an infeasible set is reported on stderr), 1 on invalid input,
2 on a usage error or, with --strict, on a type the schemas cannot describe exactly.`;

/** Line and column of a JSON.parse error position, for the message. */
function jsonErrorWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const offset = Number(m[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}

async function constraintsFromSource(path: string, text: string, language: Language, io: Output): Promise<Constraint[]> {
  const { Clew } = await import('../../core/clew/index.ts');
  const clew = await Clew.create();
  await clew.load(language);
  const result = clew.extract(text, { language, file: path });
  for (const e of result.parseErrors) io.err(`${path}:${e.line}:${e.column}: syntax error near '${e.text}'; extraction continued`);
  return result.constraints;
}

/** The longest note printed whole without --verbose. */
export const NOTE_BRIEF_LENGTH = 160;

/**
 * A note in one short line: a long reason (an unsafe regex quotes its whole source, kilobytes for a
 * signature regex over many type names) keeps its words before the first /regex/ and its closing
 * parenthesis (the hazard's kind), and says that --verbose prints it whole.
 */
export function briefNote(reason: string): string {
  if (reason.length <= NOTE_BRIEF_LENGTH && !reason.includes('\n')) return reason;
  const slash = reason.indexOf(' /');
  const head = (slash > 0 ? reason.slice(0, slash) : reason.split('\n')[0]!).slice(0, NOTE_BRIEF_LENGTH - 60);
  const kind = /\(([^()\n]{1,60})\)$/.exec(reason)?.[0];
  return `${head}${kind ? ` ${kind}` : ' …'}; --verbose prints it whole`;
}

function render(ir: ConstraintIR, format: Format, typeName: string | undefined): { text: string } | { error: string } {
  switch (format) {
    case 'ir':
      return { text: JSON.stringify(ir, null, 2) };
    case 'json-schema': {
      if (typeName !== undefined) {
        const schema = ir.schemas[typeName];
        if (!schema) return { error: `no type '${typeName}' among the declared types (${Object.keys(ir.schemas).join(', ') || 'none'})` };
        return { text: JSON.stringify(schema, null, 2) };
      }
      if (!ir.json_schema) return { error: 'the constraints declare no types, so there is no JSON Schema' };
      return { text: JSON.stringify(ir.json_schema, null, 2) };
    }
    case 'lark':
      return ir.lark ? { text: ir.lark.trimEnd() } : { error: 'no language for the grammar: give --lang' };
    case 'ebnf':
      return ir.ebnf ? { text: ir.ebnf.trimEnd() } : { error: 'no language for the grammar: give --lang' };
    case 'regex':
      return { text: JSON.stringify(ir.regex_patterns, null, 2) };
  }
}

/** With --strict: the approximated and rejected types (only those `--type`'s schema reaches, when given). */
function inexactTypes(ir: ConstraintIR, typeName: string | undefined): string[] {
  const reached = typeName === undefined ? null : new Set([typeName, ...Object.keys((ir.schemas[typeName]?.$defs ?? {}) as object)]);
  const counts = (type: string) => reached === null || reached.has(type);
  return [
    ...ir.rejected.filter((r) => r.type !== undefined && counts(r.type)).map((r) => `${r.type}: no schema: ${r.reason}`),
    ...ir.approximated.filter((a) => counts(a.type)).map((a) => `${a.type}: approximated: ${a.reason}`),
  ];
}

export async function runWith(args: string[], io: Output): Promise<number> {
  let values: { format?: string; lang?: string; type?: string; name?: string; resolution?: string; strict?: boolean; verbose?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        lang: { type: 'string' },
        type: { type: 'string' },
        name: { type: 'string' },
        resolution: { type: 'string' },
        strict: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`ananke compile: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(`ananke compile: expected one input file, got ${positionals.length}\n\n${USAGE}`);
    return 2;
  }
  const format = (values.format ?? 'ir') as Format;
  if (!FORMATS.includes(format)) {
    io.err(`ananke compile: unknown format '${values.format}' for --format; expected one of ${FORMATS.join(', ')}`);
    return 2;
  }
  const lang = values.lang as Language | undefined;
  if (lang !== undefined && !LANGUAGES.includes(lang)) {
    io.err(`ananke compile: unknown language '${lang}' for --lang; expected one of ${LANGUAGES.join(', ')}`);
    return 2;
  }
  const resolution = values.resolution ?? 'policy';
  if (resolution !== 'policy' && resolution !== 'none') {
    io.err(`ananke compile: --resolution must be policy or none, got '${resolution}'`);
    return 2;
  }

  const path = positionals[0]!;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch (error) {
    io.err(`ananke compile: ${path}: ${error instanceof TypeError ? 'not valid UTF-8 text' : ioMessage(error)}`);
    return 1;
  }

  let constraints: Constraint[];
  let name = values.name;
  // The language of a source file (its extension or --lang): the grammar's even when the file is empty.
  let sourceLanguage: Language | null = null;
  if (path.toLowerCase().endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      io.err(`ananke compile: ${path}${jsonErrorWhere(text, (error as Error).message)}: invalid JSON: ${(error as Error).message}`);
      return 1;
    }
    const parsed = parseConstraintSet(json);
    if (!parsed.ok) {
      io.err(`ananke compile: ${path}: ${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'} in the constraint set:`);
      for (const issue of parsed.issues) {
        const detail = issue.expected && !/expected/i.test(issue.message) ? ` (expected ${issue.expected}, received ${issue.received})` : '';
        io.err(`  ${issue.path === '' ? '(root)' : issue.path}: ${issue.message}${detail}`);
      }
      return 1;
    }
    constraints = parsed.value.constraints;
    name ??= parsed.value.name;
  } else {
    const { languageFromPath } = await import('../../core/clew/index.ts');
    const language = lang ?? languageFromPath(path);
    if (language === null) {
      io.err(`ananke compile: ${path}: not a .json constraint set and not a known source extension (${SOURCE_EXTENSIONS_TEXT}); give --lang`);
      return 1;
    }
    sourceLanguage = language;
    constraints = await constraintsFromSource(path, text, language, io);
    name ??= path;
  }

  let ir: ConstraintIR;
  try {
    const language = lang ?? sourceLanguage;
    ir = compile(constraints, { ...(language ? { language } : {}), name, resolution });
  } catch (error) {
    if (error instanceof CycleError) {
      io.err(`ananke compile: ${path}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  for (const r of ir.rejected)
    io.err(`ananke compile: ${r.constraint === '*' ? 'note' : `constraint ${r.constraint}`}: ${values.verbose ? r.reason : briefNote(r.reason)}`);
  if (!ir.is_feasible)
    io.err(`ananke compile: the constraints are infeasible (${ir.conflicts.filter((k) => k.resolvedInFavourOf === null).length} unresolved conflict(s))`);
  if (!values.strict && ir.approximated.length > 0) {
    const types = new Set(ir.approximated.map((a) => a.type));
    io.err(
      `ananke compile: note: the JSON Schemas of ${types.size} type${types.size === 1 ? '' : 's'} accept more than the type allows (${[...types].slice(0, 5).join(', ')}${types.size > 5 ? ', …' : ''}); the IR's approximated lists why, --strict fails on them`,
    );
  }
  if (values.strict) {
    const inexact = inexactTypes(ir, values.type);
    if (inexact.length > 0) {
      io.err(`ananke compile: --strict: ${inexact.length} type schema problem${inexact.length === 1 ? '' : 's'}:`);
      for (const line of inexact) io.err(`  ${line}`);
      return 2;
    }
  }
  const rendered = render(ir, format, values.type);
  if ('error' in rendered) {
    io.err(`ananke compile: ${rendered.error}`);
    return 1;
  }
  io.out(rendered.text);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  return runWith(args, processOutput);
}
