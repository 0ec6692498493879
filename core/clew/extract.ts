// The generic extractor: runs a language's compiled query over a tree (unit by unit, reusing the
// units an edit left alone) and turns the captures into facts and constraints. Per-language
// knowledge comes from the LanguageSpec. The phases: records.ts (matches into records, with the
// capture roles), units.ts (the tree's units, full and incremental), constraints.ts (records into
// constraints) and summaries.ts (the reference's summaries).
import type { Query, Tree } from 'web-tree-sitter';
import type { Constraint } from '../model/constraint.ts';
import { buildConstraints } from './constraints.ts';
import type { CompiledQuery, MatchRecord } from './records.ts';
import { trimText, type LanguageSpec } from './spec.ts';
import type { SyntaxTree } from './syntax.ts';
import { collectAllRecords, collectRecords, type UnitCache } from './units.ts';

export interface ParseErrorInfo {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (JavaScript string positions). */
  column: number;
  kind: 'ERROR' | 'MISSING';
  /** The erroneous text (trimmed), or for MISSING the node kind tree-sitter inserted. */
  text: string;
}

/** At most this many parse errors are listed: a binary-looking file can have one per byte. */
export const MAX_PARSE_ERRORS = 200;

export interface ExtractInput {
  spec: LanguageSpec;
  compiled: CompiledQuery;
  errorQuery: Query;
  tree: Tree;
  /** The same tree as Clew reads it, straight from WASM memory (syntax.ts). */
  syntax: SyntaxTree;
  source: string;
  file: string | null;
  isTest: boolean;
  /** Units of the previous run over an older version of this tree (incremental extraction). */
  previousUnits?: UnitCache | null;
}

export interface ExtractOutput {
  constraints: Constraint[];
  parseErrors: ParseErrorInfo[];
  lineCount: number;
}

export function countLines(source: string): number {
  if (source.length === 0) return 0;
  let lines = 1;
  let at = source.indexOf('\n');
  while (at !== -1) {
    lines++;
    at = source.indexOf('\n', at + 1);
  }
  // a final newline ends the last line rather than starting a new one
  return source.charCodeAt(source.length - 1) === 10 ? lines - 1 : lines;
}

/** Parse errors, read through web-tree-sitter's own objects: only trees with errors get this far. */
export function collectParseErrors(tree: Tree, syntax: SyntaxTree, errorQuery: Query): ParseErrorInfo[] {
  if (!syntax.rootNode.hasError) return [];
  const root = tree.rootNode;
  const out: ParseErrorInfo[] = [];
  // Query matching runs inside WASM without JS recursion, so deep error trees are safe.
  for (const capture of errorQuery.captures(root)) {
    if (out.length >= MAX_PARSE_ERRORS) break;
    const node = capture.node;
    const missing = capture.name === 'missing';
    out.push({
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      kind: missing ? 'MISSING' : 'ERROR',
      text: missing ? node.type : trimText(node.text, 40),
    });
  }
  return out;
}

/**
 * Runs the query over the tree and builds the constraints. With a previous run's units, only the
 * units an edit changed are queried; without, the whole tree is queried once and `units` is null
 * (unitsFromRecords builds them from `records` when needed).
 */
export function extractConstraints(input: ExtractInput): ExtractOutput & { units: UnitCache | null; records: MatchRecord[] } {
  let units: UnitCache | null = null;
  let records: MatchRecord[];
  if (input.previousUnits) {
    units = new Map();
    records = collectRecords(input.spec, input.compiled, input.syntax.rootNode, input.previousUnits, units);
  } else {
    records = collectAllRecords(input.spec, input.compiled, input.syntax.rootNode);
  }
  const constraints = buildConstraints(input.spec, records, input.source, input.file, input.isTest);
  return { constraints, parseErrors: collectParseErrors(input.tree, input.syntax, input.errorQuery), lineCount: countLines(input.source), units, records };
}
