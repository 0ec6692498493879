// `ananke extract`: constraints from a source file or a directory (Clew), as reference JSON or a readable listing.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Clew, languageFromPath, toReferenceJson, type ExtractionResult } from '../../core/clew/index.ts';
import type { Constraint } from '../../core/model/constraint.ts';
import { LANGUAGES, SOURCE_EXTENSIONS_TEXT, type Language } from '../../core/model/facts.ts';
import { ioMessage, processOutput, type Output } from '../io.ts';

const USAGE = `usage: ananke extract <file|dir> [--lang L] [--format json|pretty] [--min-confidence X] [--test]

Extracts constraints with tree-sitter. The language comes from the extension
(${SOURCE_EXTENSIONS_TEXT}) unless --lang gives it (${LANGUAGES.join(', ')}).
A directory is searched recursively (skipping node_modules and dot-directories); with --lang
only that language's files are read.
--format          json (default: the reference's constraint-set JSON) or pretty
--min-confidence  drop constraints below this confidence (0..1)
--test            treat the input as test files (default: guessed from file names)

Exit status: 0 when every file was extracted (syntax errors are reported and extraction
goes on), 1 when a file could not be read or decoded, 2 on a usage error.`;

const SKIPPED_DIRS = new Set(['node_modules']);

interface FileFailure {
  file: string;
  message: string;
}

/** Source text of a file, or why it is not extractable text. */
async function readSource(path: string): Promise<{ text: string } | { error: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { error: ioMessage(error) };
  }
  // Text files hold no NUL bytes; binaries nearly always do early on (git uses the same test).
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { error: 'binary content (contains NUL bytes), not source text' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { error: `not valid UTF-8 text (${invalidUtf8Offset(bytes)})` };
  }
}

/** Where the first invalid UTF-8 sequence starts, for the message. */
function invalidUtf8Offset(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    const where = `byte 0x${b.toString(16).padStart(2, '0')} at offset ${i}`;
    if (length === 0) return `invalid ${where}`;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return `incomplete sequence starting with ${where}`;
    }
    i += length;
  }
  return 'invalid sequence';
}

/** Source files under a directory, sorted, plus the entries that could not be listed. */
async function listSources(dir: string, only: Language | null, failures: FileFailure[]): Promise<string[]> {
  const out: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (error) {
      failures.push({ file: current, message: ioMessage(error) });
      continue;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) pending.push(path);
        continue;
      }
      const language = languageFromPath(entry.name);
      if (language !== null && (only === null || language === only)) out.push(path);
    }
  }
  return out.sort();
}

/**
 * A rule the source follows (no dynamic 'any' type) is not a warning about the source: its severity
 * is what breaking it in generated code costs. It prints as a rule, saying so; the JSON keeps the severity.
 */
function prettyConstraint(c: Constraint): string {
  const where = c.origin_line === undefined ? '' : `:${c.origin_line}`;
  const followedRule = c.facts?.fact === 'any_policy' && !c.facts.allowed;
  const level = followedRule ? 'rule' : c.severity;
  const description = followedRule ? `followed here: ${c.description}; generated code that uses it gets a ${c.severity}` : c.description;
  return `  ${where.padEnd(6)} ${level.padEnd(7)} ${c.kind.padEnd(13)} ${c.name}\n         ${description} (confidence ${c.confidence}${c.frequency > 1 ? `, ×${c.frequency}` : ''})`;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, processOutput);
}

export async function runWith(args: string[], io: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        lang: { type: 'string' },
        format: { type: 'string', default: 'json' },
        'min-confidence': { type: 'string' },
        test: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`ananke extract: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(`ananke extract: expected one file or directory, got ${positionals.length}\n\n${USAGE}`);
    return 2;
  }
  const target = positionals[0]!;
  const lang = values.lang ?? null;
  if (lang !== null && !(LANGUAGES as readonly string[]).includes(lang)) {
    io.err(`ananke extract: unknown language '${lang}' for --lang; expected one of ${LANGUAGES.join(', ')}`);
    return 2;
  }
  const format = values.format;
  if (format !== 'json' && format !== 'pretty') {
    io.err(`ananke extract: unknown format '${format}' for --format; expected json or pretty`);
    return 2;
  }
  let minConfidence = 0;
  if (values['min-confidence'] !== undefined) {
    minConfidence = Number(values['min-confidence']);
    if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1 || values['min-confidence'].trim() === '') {
      io.err(`ananke extract: --min-confidence must be a number from 0 to 1, got '${values['min-confidence']}'`);
      return 2;
    }
  }

  let info;
  try {
    info = await stat(target);
  } catch (error) {
    io.err(`ananke extract: ${target}: ${ioMessage(error)}`);
    return 1;
  }

  const failures: FileFailure[] = [];
  let files: Array<{ path: string; language: Language }>;
  const isDirectory = info.isDirectory();
  if (isDirectory) {
    files = (await listSources(target, lang as Language | null, failures)).map((path) => ({ path, language: languageFromPath(path)! }));
    if (files.length === 0 && failures.length === 0) {
      io.err(`ananke extract: ${target}: no ${lang ?? 'source'} files found (extensions ${SOURCE_EXTENSIONS_TEXT})`);
      return 1;
    }
  } else {
    const language = (lang as Language | null) ?? languageFromPath(target);
    if (language === null) {
      const dot = target.lastIndexOf('.');
      const ext = dot > target.lastIndexOf('/') ? target.slice(dot) : '(none)';
      io.err(`ananke extract: ${target}: unknown extension ${ext}; give the language with --lang (${LANGUAGES.join(', ')})`);
      return 1;
    }
    files = [{ path: target, language }];
  }

  const clew = await Clew.create();
  const results: ExtractionResult[] = [];
  for (const { path, language } of files) {
    const shown = path;
    const source = await readSource(path);
    if ('error' in source) {
      failures.push({ file: shown, message: source.error });
      continue;
    }
    await clew.load(language);
    const result = clew.extract(source.text, { language, file: shown, ...(values.test ? { isTest: true } : {}) });
    for (const e of result.parseErrors)
      io.err(`${shown}:${e.line}:${e.column}: syntax error (${e.kind}${e.kind === 'MISSING' ? ` '${e.text}'` : ` near '${e.text}'`}); extraction continued`);
    results.push(result);
  }
  for (const f of failures) io.err(`ananke extract: ${f.file}: ${f.message}`);

  const keep = (c: Constraint) => c.confidence >= minConfidence;
  if (format === 'json') {
    const constraints = results.flatMap((r) => r.constraints.filter(keep));
    const set = toReferenceJson(constraints) as { name: string; constraints: unknown[] };
    const out = {
      name: isDirectory ? target : (results[0]?.file ?? target),
      constraints: set.constraints,
      parse_errors: results.flatMap((r) => r.parseErrors.map((e) => ({ file: r.file, ...e }))),
      ...(failures.length > 0 ? { failed_files: failures } : {}),
    };
    io.out(JSON.stringify(out, null, 2));
  } else {
    for (const r of results) {
      const kept = r.constraints.filter(keep);
      io.out(
        `${r.file} (${r.language}, ${r.lineCount} lines): ${kept.length} constraints${r.parseErrors.length ? `, ${r.parseErrors.length} syntax errors` : ''}`,
      );
      for (const c of kept) io.out(prettyConstraint(c));
    }
    if (failures.length > 0) io.out(`\n${failures.length} file(s) could not be extracted (see above)`);
  }
  return failures.length > 0 ? 1 : 0;
}
