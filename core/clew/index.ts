// Clew: extracts constraints from TypeScript, Python, Rust, Zig and Go source with
// web-tree-sitter. Grammars and compiled queries are loaded once per language and reused.
import { Edit, Language as TsLanguage, Parser, Query, type Point, type Tree } from 'web-tree-sitter';
import type { Constraint } from '../model/constraint.ts';
import { LANGUAGE_EXTENSIONS, LANGUAGES, type Language } from '../model/facts.ts';
import { constraintToJson } from '../model/schema.ts';
import { platform } from '../platform.ts';
import { extractConstraints, type ParseErrorInfo } from './extract.ts';
import { spec as goSpec } from './languages/go.ts';
import { spec as pythonSpec } from './languages/python.ts';
import { spec as rustSpec } from './languages/rust.ts';
import { spec as typescriptSpec } from './languages/typescript.ts';
import { spec as zigSpec } from './languages/zig.ts';
import { compileQuery, type CompiledQuery, type MatchRecord } from './records.ts';
import { lookup, type LanguageSpec } from './spec.ts';
import { grammarTables, SyntaxTree, type GrammarTables } from './syntax.ts';
import { initTreeSitter } from './tree-sitter-module.ts';
import { flatten, lineStart, rowOf } from './tree-memory.ts';
import { unitsFromRecords, type UnitCache } from './units.ts';
import { bindWasm } from './wasm.ts';

export type { ParseErrorInfo } from './extract.ts';

const SPECS: Record<Language, LanguageSpec> = {
  typescript: typescriptSpec,
  python: pythonSpec,
  rust: rustSpec,
  go: goSpec,
  zig: zigSpec,
};

/** A grammar is a language, or TSX (TypeScript with JSX: a separate tree-sitter grammar). */
type GrammarKey = Language | 'tsx';

const TSX_WASM = 'tree-sitter-typescript/tree-sitter-tsx.wasm';

const EXTENSIONS: Record<string, Language> = Object.fromEntries(LANGUAGES.flatMap((l) => LANGUAGE_EXTENSIONS[l].map((extension) => [extension, l])));

/** The language of a file from its extension, or null when Clew does not know it. */
export function languageFromPath(path: string): Language | null {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  return lookup(EXTENSIONS, base.slice(dot).toLowerCase()) ?? null;
}

export interface ExtractOptions {
  language: Language;
  /** Path recorded as origin_file; also picks TSX for .tsx and guesses isTest. */
  file?: string;
  /** Whether assertions become test-mined constraints; default: guessed from the file name. */
  isTest?: boolean;
  /**
   * Keep the syntax tree and the per-unit records so that extractIncremental can reparse and
   * re-query only what an edit changed. Default false: the tree is freed before extract returns,
   * and extractIncremental given such a result extracts the new source afresh. A kept tree stays
   * in WASM memory until dispose() or MAX_RETAINED_TREES later kept results, and parsing beside kept
   * trees is slower (core/clew/README.md, "Lifetime").
   */
  incremental?: boolean;
}

/**
 * An edit between two versions of a source. Offsets are JavaScript string indices
 * (UTF-16 code units), as String.prototype.slice uses; Clew computes rows and columns.
 */
export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
}

export interface ExtractionResult {
  language: Language;
  file: string | null;
  constraints: Constraint[];
  parseErrors: ParseErrorInfo[];
  lineCount: number;
  /**
   * Releases the syntax tree kept for incremental re-extraction (non-enumerable; present only on
   * results extracted with `incremental: true`). Optional to call: Clew keeps at most
   * MAX_RETAINED_TREES trees and frees the oldest itself.
   */
  dispose?(): void;
}

/** Trees kept alive for extractIncremental; older ones are freed (WASM memory is not garbage-collected). */
export const MAX_RETAINED_TREES = 8;

interface Grammar {
  key: GrammarKey;
  spec: LanguageSpec;
  parser: Parser;
  compiled: CompiledQuery;
  /** The grammar's kind and field names, which Clew's syntax nodes look up. */
  tables: GrammarTables;
  errorQuery: Query;
}

interface RetainedState {
  grammar: Grammar;
  tree: Tree | null;
  /** Records per syntax-tree unit, keyed by content, for the next incremental run. */
  units: UnitCache | null;
  /** A full extraction's records: split into units (with the tree) by the first incremental run. */
  records: MatchRecord[] | null;
  source: string;
  isTest: boolean;
}

const grammars = new Map<GrammarKey, Promise<Grammar>>();
const loaded = new Map<GrammarKey, Grammar>();

async function loadGrammar(key: GrammarKey): Promise<Grammar> {
  const spec = SPECS[key === 'tsx' ? 'typescript' : key];
  const p = platform();
  const bytes = await p.readFile(p.resolvePackageFile(key === 'tsx' ? TSX_WASM : spec.wasm));
  const language = await TsLanguage.load(bytes);
  const parser = new Parser();
  parser.setLanguage(language);
  const compiled = compileQuery(language, spec.query, spec);
  const errorQuery = new Query(language, '(ERROR) @error (MISSING) @missing');
  const grammar: Grammar = { key, spec, parser, compiled, tables: grammarTables(language), errorQuery };
  loaded.set(key, grammar);
  return grammar;
}

function grammarKey(language: Language, file: string | null): GrammarKey {
  return language === 'typescript' && file !== null && file.toLowerCase().endsWith('.tsx') ? 'tsx' : language;
}

export class Clew {
  private readonly retained = new Map<ExtractionResult, RetainedState>();

  private constructor() {}

  /** Initialises web-tree-sitter (once per process); grammars load on first use or with load(). */
  static async create(): Promise<Clew> {
    const { module, version } = await initTreeSitter();
    bindWasm(module, version);
    return new Clew();
  }

  /** Loads a language's grammar and compiles its query (TypeScript also loads TSX). */
  async load(language: Language): Promise<void> {
    const keys: GrammarKey[] = language === 'typescript' ? ['typescript', 'tsx'] : [language];
    for (const key of keys) {
      let pending = grammars.get(key);
      if (pending === undefined) {
        pending = loadGrammar(key);
        grammars.set(key, pending);
      }
      await pending;
    }
  }

  private grammar(language: Language, file: string | null): Grammar {
    const key = grammarKey(language, file);
    const grammar = loaded.get(key);
    if (grammar === undefined) throw new Error(`Clew: the ${language} grammar is not loaded; call 'await clew.load("${language}")' first`);
    return grammar;
  }

  /** Extracts constraints from source text. Synchronous once the language is loaded. */
  extract(source: string, options: ExtractOptions): ExtractionResult {
    const file = options.file ?? null;
    const grammar = this.grammar(options.language, file);
    const isTest = options.isTest ?? (file !== null && grammar.spec.isTestPath(file));
    const tree = grammar.parser.parse(source);
    if (tree === null) throw new Error(`Clew: tree-sitter returned no tree for ${file ?? 'the source'}`);
    return this.finish(grammar, tree, source, file, isTest, null, options.incremental === true);
  }

  /** How many trees are kept for extractIncremental now (at most MAX_RETAINED_TREES). */
  get retainedTrees(): number {
    return this.retained.size;
  }

  /** Parses and frees the tree: the "parse alone" baseline that extraction is compared with. */
  parseOnly(source: string, language: Language): void {
    const tree = this.grammar(language, null).parser.parse(source);
    tree?.delete();
  }

  /**
   * Parses, reads the tree's visible nodes out of WASM memory the way every query run does
   * (tree-memory.ts, flatten), and frees it: the floor under Clew's extraction, so the bench can
   * show how much of extraction's cost over parsing is the walk itself.
   */
  parseAndWalk(source: string, language: Language): void {
    const grammar = this.grammar(language, null);
    const tree = grammar.parser.parse(source);
    if (tree === null) return;
    const root = new SyntaxTree(tree, source, grammar.tables).rootNode;
    flatten(grammar.compiled.tables, root.id, root.startIndex, root.alias, grammar.compiled.patterns!.anonymous);
    tree.delete();
  }

  /**
   * Applies an edit to the previous result's tree, reparses incrementally and re-extracts,
   * querying only the syntax-tree units the edit changed (see collectRecords in units.ts).
   * The result equals a full extraction of newSource; facts of unchanged units are shared with
   * the previous result, so treat results as read-only. When the previous tree was already
   * released (dispose, or more than MAX_RETAINED_TREES kept results since) or never kept (extracted
   * without `incremental: true`), it extracts newSource afresh. The result is kept for the next edit.
   */
  extractIncremental(previous: ExtractionResult, edit: TextEdit, newSource: string): ExtractionResult {
    const state = this.retained.get(previous);
    if (state === undefined || state.tree === null) {
      return this.extract(newSource, {
        language: previous.language,
        ...(previous.file === null ? {} : { file: previous.file }),
        isTest: state?.isTest ?? undefined!,
        incremental: true,
      });
    }
    const { grammar, source: oldSource } = state;
    if (state.units === null && state.records !== null) {
      // null: the records cannot be split, so every unit is queried again (still equal to a full extraction)
      state.units = unitsFromRecords(new SyntaxTree(state.tree, state.source, grammar.tables).rootNode, state.records) ?? new Map();
      state.records = null;
    }
    if (
      edit.startIndex < 0 ||
      edit.startIndex > edit.oldEndIndex ||
      edit.oldEndIndex > oldSource.length ||
      edit.startIndex > edit.newEndIndex ||
      edit.newEndIndex > newSource.length
    ) {
      throw new RangeError(`Clew: edit ${JSON.stringify(edit)} does not fit the old (${oldSource.length}) and new (${newSource.length}) source lengths`);
    }
    const oldTree = state.tree.copy();
    oldTree.edit(
      new Edit({
        startIndex: edit.startIndex,
        oldEndIndex: edit.oldEndIndex,
        newEndIndex: edit.newEndIndex,
        startPosition: pointAt(oldSource, edit.startIndex),
        oldEndPosition: pointAt(oldSource, edit.oldEndIndex),
        newEndPosition: pointAt(newSource, edit.newEndIndex),
      }),
    );
    let tree = grammar.parser.parse(newSource, oldTree);
    oldTree.delete();
    // Error recovery after an incremental reparse can settle on a different tree than a fresh parse
    // of the same text (found by the random-edit property test); with errors, parse afresh so the
    // result always equals a full extraction. Units are cached by content, so they are still reused.
    if (tree !== null && tree.rootNode.hasError) {
      tree.delete();
      tree = grammar.parser.parse(newSource);
    }
    if (tree === null) throw new Error(`Clew: tree-sitter returned no tree for ${previous.file ?? 'the source'}`);
    return this.finish(grammar, tree, newSource, previous.file, state.isTest, state.units, true);
  }

  private finish(
    grammar: Grammar,
    tree: Tree,
    source: string,
    file: string | null,
    isTest: boolean,
    previousUnits: UnitCache | null,
    keep: boolean,
  ): ExtractionResult {
    const syntax = new SyntaxTree(tree, source, grammar.tables);
    const out = extractConstraints({
      spec: grammar.spec,
      compiled: grammar.compiled,
      errorQuery: grammar.errorQuery,
      tree,
      syntax,
      source,
      file,
      isTest,
      previousUnits,
    });
    const result: ExtractionResult = {
      language: grammar.spec.language,
      file,
      constraints: out.constraints,
      parseErrors: out.parseErrors,
      lineCount: out.lineCount,
    };
    if (!keep) {
      tree.delete();
      return result;
    }
    const state: RetainedState = { grammar, tree, units: out.units, records: out.units === null ? out.records : null, source, isTest };
    Object.defineProperty(result, 'dispose', {
      enumerable: false,
      value: () => {
        if (state.tree !== null) state.tree.delete();
        state.tree = null;
        state.units = null;
        state.records = null;
        this.retained.delete(result);
      },
    });
    this.retained.set(result, state);
    if (this.retained.size > MAX_RETAINED_TREES) {
      const oldest = this.retained.keys().next().value!;
      oldest.dispose!();
    }
    return result;
  }

  /** Frees every retained tree. */
  disposeAll(): void {
    for (const result of [...this.retained.keys()]) result.dispose!();
  }
}

/** Row and column (UTF-16 units, as web-tree-sitter counts them) of a string index. */
function pointAt(source: string, index: number): Point {
  const row = rowOf(source, index);
  return { row, column: index - lineStart(row) };
}

/** The reference's JSON shape: `{name, constraints: [...]}` with the reference's field names. */
export function toReferenceJson(result: ExtractionResult | Constraint[]): unknown {
  if (Array.isArray(result)) return { name: 'constraints', constraints: result.map(constraintToJson) };
  return { name: result.file ?? `${result.language} source`, constraints: result.constraints.map(constraintToJson) };
}
