// The grammar of code Braid lets a model generate for a language: functions whose
// signatures follow the extracted naming conventions and use only known types, with
// bodies in which no forbidden callee can be written. Forbidden callees are excluded by
// structure, not by a negated regex: a body is words (identifiers, keywords, numbers)
// separated by non-word text, strings or nested blocks, so each identifier is one whole
// WORD token, and WORD's regex (built on a trie) cannot spell an excluded name. `eval(`,
// `window.eval(` and `e val` lexed as `eva`+`l` are all impossible. This needs no lookaround
// (llguidance has none) and no automaton-to-regex conversion. It is conservative: the last
// segment of a dotted callee (`exec` of `child_process.exec`) is excluded as a word anywhere.
import type { Language, NamingConvention } from '../model/facts.ts';
import { A, L, O, P, R, Rep, S, T, Z, list, wordExcluding, type CodeGrammar, type GExpr } from './grammar-ast.ts';
import { cls, parseRegexAst, WORD, type RegexNode } from './regex-ast.ts';
import { IDENTIFIER_REGEX, NAMING_REGEX } from './naming.ts';
import { intersect, isEmpty, isSubset } from '../automata/index.ts';
import { memoDfa } from './dfa-memo.ts';
import { backtrackingHazard } from './regex-safety.ts';

export interface CodeGrammarInput {
  language: Language;
  functionNaming: NamingConvention | null;
  parameterNaming: NamingConvention | null;
  /** Names usable as types (declared, imported, builtin, seen in the source's signatures). */
  typeNames: string[];
  /** Module qualifiers for qualified type names (Go packages, Zig std). */
  packages: string[];
  anyAllowed: boolean;
  /** Identifiers that must not appear as a word in bodies (forbidden callees' last segments). */
  forbiddenWords: string[];
  /** Bounds on how many parameters a function takes (from bounds facts on 'parameters'); null when unbounded. */
  minParams?: number | null;
  maxParams?: number | null;
  /** Users' pattern facts on function names ('require': the whole name matches; 'forbid': no match inside it). */
  functionNamePatterns?: NamePattern[];
  /** Users' pattern facts on every identifier: they narrow function and parameter names alike. */
  identifierPatterns?: NamePattern[];
}

export interface NamePattern {
  regex: string;
  mode: 'require' | 'forbid';
}

/**
 * Builtin type names per language; the `any`-like ones are added only when `any` is allowed.
 * TypeScript's include the names Clew reads as primitives (Date, Uint8Array, Buffer, ArrayBuffer):
 * they never reach the source's referenced type names.
 */
export const BUILTIN_TYPES: Record<Language, { plain: string[]; any: string[] }> = {
  typescript: {
    plain: [
      'string',
      'number',
      'boolean',
      'void',
      'null',
      'undefined',
      'never',
      'bigint',
      'object',
      'Promise',
      'Array',
      'Record',
      'Map',
      'Set',
      'Date',
      'Uint8Array',
      'Buffer',
      'ArrayBuffer',
      'Error',
      'Partial',
      'Readonly',
      'ReadonlyArray',
      'Omit',
      'Pick',
    ],
    any: ['any', 'unknown'],
  },
  python: {
    plain: [
      'int',
      'str',
      'float',
      'bool',
      'bytes',
      'None',
      'list',
      'dict',
      'set',
      'tuple',
      'Optional',
      'List',
      'Dict',
      'Set',
      'Tuple',
      'Union',
      'Callable',
      'Iterable',
      'Sequence',
      'Mapping',
      'datetime',
    ],
    any: ['Any', 'object'],
  },
  rust: {
    plain: [
      'u8',
      'u16',
      'u32',
      'u64',
      'u128',
      'usize',
      'i8',
      'i16',
      'i32',
      'i64',
      'i128',
      'isize',
      'f32',
      'f64',
      'bool',
      'char',
      'str',
      'String',
      'Vec',
      'Option',
      'Result',
      'Box',
      'Rc',
      'Arc',
      'HashMap',
      'HashSet',
      'Self',
    ],
    any: ['Any'],
  },
  go: {
    plain: [
      'string',
      'bool',
      'int',
      'int8',
      'int16',
      'int32',
      'int64',
      'uint',
      'uint8',
      'uint16',
      'uint32',
      'uint64',
      'float32',
      'float64',
      'byte',
      'rune',
      'error',
    ],
    any: ['any', 'interface{}'],
  },
  zig: {
    plain: ['u8', 'u16', 'u32', 'u64', 'usize', 'i8', 'i16', 'i32', 'i64', 'isize', 'f32', 'f64', 'bool', 'void', 'Self', 'type', 'anyerror'],
    any: ['anytype', 'anyopaque'],
  },
};

/** The `any` spellings that must not appear as a word in bodies when `any` is forbidden. */
const ANY_WORDS: Record<Language, string[]> = { typescript: ['any'], python: ['Any'], rust: [], go: ['any'], zig: ['anytype', 'anyopaque'] };

export function anyWords(language: Language): string[] {
  return ANY_WORDS[language];
}

const ws: GExpr = T('WS');
const ows: GExpr = O(T('WS'));
const comma: GExpr = S(ows, L(','), ows);

/** `( item, item, )` with optional spaces and trailing comma, written so that no two optional WS are adjacent (Lark rejects duplicate expansions). */
function enclosedList(open: string, item: GExpr, close: string, min = 0, max: number | null = null): GExpr {
  if (max === 0) return S(L(open), ows, L(close));
  const items =
    max === null && min <= 1
      ? list(item, comma)
      : S(item, max === null ? S(Rep(S(comma, item), min - 1, min - 1), Z(S(comma, item))) : Rep(S(comma, item), Math.max(0, min - 1), max - 1));
  const body = S(items, O(S(ows, L(','))), ows);
  return S(L(open), ows, min > 0 ? body : O(body), L(close));
}

/** States allowed to each automaton built to relate a name pattern to the convention. */
const NAME_PATTERN_STATES = 2_000;

/**
 * FUNC_NAME: the function-naming convention's regex (Python's special methods, __init__ and the
 * like, keep their names whatever the convention), narrowed by the users' function-name and identifier patterns
 * where a regex can say it without automaton-to-regex conversion: a required pattern whose names
 * all follow the current terminal replaces it; one that the current terminal already implies adds
 * nothing; a forbidden pattern that no current name contains adds nothing. Any other pattern is
 * returned in `unintersected` (it stays in the IR's regexes and validation, not in the grammar).
 * Languages are compared on automata (core/automata), so `get[A-Z]\w*` counts as camelCase.
 */
export interface NameTerminal {
  node: RegexNode;
  /** The regex source the terminal was printed from (a user's pattern may keep its anchors here). */
  source: string;
  unintersected: string[];
}

function functionNameTerminal(input: Pick<CodeGrammarInput, 'language' | 'functionNaming' | 'functionNamePatterns' | 'identifierPatterns'>): NameTerminal {
  const naming = input.functionNaming ? NAMING_REGEX[input.functionNaming] : IDENTIFIER_REGEX;
  return narrowedTerminal(input.language === 'python' ? `(?:${naming}|__[a-z][a-z0-9]*(?:_[a-z0-9]+)*__)` : naming, [
    ...(input.functionNamePatterns ?? []),
    ...(input.identifierPatterns ?? []),
  ]);
}

/** PARAM_NAME: the parameter-naming convention narrowed by the identifier patterns, as FUNC_NAME is. */
function parameterNameTerminal(input: Pick<CodeGrammarInput, 'parameterNaming' | 'identifierPatterns'>): NameTerminal {
  return narrowedTerminal(input.parameterNaming ? NAMING_REGEX[input.parameterNaming] : IDENTIFIER_REGEX, input.identifierPatterns ?? []);
}

function narrowedTerminal(base: string, patterns: readonly NamePattern[]): NameTerminal {
  let source = base;
  const unintersected: string[] = [];
  for (const { regex, mode } of patterns) {
    try {
      const current = memoDfa(source, 'full', NAME_PATTERN_STATES);
      if (mode === 'require') {
        const pattern = memoDfa(regex, 'full', NAME_PATTERN_STATES);
        if (isSubset(current, pattern)) continue;
        const node = isSubset(pattern, current) ? printableTerminal(regex) : null;
        if (node === null) unintersected.push(regex);
        else source = regex;
      } else if (!isEmpty(intersect(current, memoDfa(regex, 'search', NAME_PATTERN_STATES), { maxStates: NAME_PATTERN_STATES }))) {
        unintersected.push(regex);
      }
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'RegexSyntaxError' && name !== 'UnsupportedRegexError' && name !== 'StateBudgetError') throw error;
      unintersected.push(regex);
    }
  }
  return { node: printableTerminal(source)!, source, unintersected };
}

/**
 * A full-match pattern as a grammar terminal: its tree without a leading `^` or trailing `$` (a
 * terminal matches whole tokens anyway), or null when it has anchors or word boundaries elsewhere,
 * or could backtrack exponentially in Python's re (Lark's lexer).
 */
function printableTerminal(source: string): RegexNode | null {
  let node: RegexNode;
  try {
    node = parseRegexAst(source);
  } catch {
    return null;
  }
  if (node.t === 'seq') {
    const items = node.items.slice();
    if (items[0]?.t === 'anchor' && items[0].kind === 'start') items.shift();
    const last = items[items.length - 1];
    if (last?.t === 'anchor' && last.kind === 'end') items.pop();
    node = items.length === 0 ? { t: 'empty' } : items.length === 1 ? items[0]! : { t: 'seq', items };
  }
  if (hasAssertion(node) || backtrackingHazard(node) !== null) return null;
  return node;
}

function hasAssertion(node: RegexNode): boolean {
  switch (node.t) {
    case 'anchor':
    case 'boundary':
      return true;
    case 'seq':
      return node.items.some(hasAssertion);
    case 'alt':
      return node.options.some(hasAssertion);
    case 'repeat':
      return hasAssertion(node.node);
    default:
      return false;
  }
}

/** Known names as one rule of literals, longest first so any lexer prefers the longest. */
function typeNameRule(names: string[]): GExpr {
  const unique = [...new Set(names)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return A(...unique.map(L));
}

function genericArgs(open: string, close: string): GExpr {
  return S(ows, L(open), ows, list(R('type'), comma), ows, L(close));
}

interface Profile {
  rules: Array<[string, GExpr]>;
  terminals: Array<[string, RegexNode]>;
}

/** Brace-language bodies: words kept apart by separators, strings and nested blocks. */
function braceBody(stringTerminals: string[]): Profile {
  const sep = A(T('GAP'), ...stringTerminals.map(T), R('block'));
  return {
    rules: [
      ['block', S(L('{'), R('body'), L('}'))],
      ['body', S(O(T('WORD')), Z(S(sep, O(T('WORD')))))],
    ],
    terminals: [['GAP', parseRegexAst('[^A-Za-z0-9_{}"\'`\\\\]+')]],
  };
}

const STRING = parseRegexAst('"(?:[^"\\\\\\n]|\\\\.)*"');
const CHAR_STRING = parseRegexAst("'(?:[^'\\\\\\n]|\\\\.)*'");
const TEMPLATE = parseRegexAst('`(?:[^`\\\\$]|\\\\.)*`');
const RAW_GO = parseRegexAst('`[^`]*`');

export function buildCodeGrammar(input: CodeGrammarInput): CodeGrammar {
  const { language } = input;
  const funcName = functionNameTerminal(input);
  const paramName = parameterNameTerminal(input);
  const typeNames = [...input.typeNames, ...BUILTIN_TYPES[language].plain, ...(input.anyAllowed ? BUILTIN_TYPES[language].any : [])];
  const terminals: Array<[string, RegexNode]> = [
    ['WS', parseRegexAst('[ \\t]+')],
    ['FUNC_NAME', funcName.node],
    ['PARAM_NAME', paramName.node],
    ['WORD', wordExcluding([...input.forbiddenWords, ...(input.anyAllowed ? [] : ANY_WORDS[language])], WORD, WORD)],
    ['NUMBER', parseRegexAst('-?[0-9]+(?:\\.[0-9]+)?')],
  ];
  const literalValue = A(T('NUMBER'), T('STRING'), T('PARAM_NAME'));
  const minParams = Math.max(0, input.minParams ?? 0);
  const maxParams = input.maxParams ?? null;
  const params = enclosedList('(', R('param'), ')', minParams, maxParams !== null && maxParams >= minParams ? maxParams : null);
  let profile: Profile;
  switch (language) {
    case 'typescript': {
      const paramType = S(ows, L(':'), ows, R('type'));
      const body = braceBody(['STRING', 'CHAR_STRING', 'TEMPLATE']);
      profile = {
        rules: [
          ['start', S(ows, list(R('function'), T('NL')), ows, O(T('NL')))],
          ['function', S(R('signature'), ows, R('block'))],
          ['signature', S(Z(S(R('modifier'), ws)), O(S(L('function'), ws)), T('FUNC_NAME'), ows, params, O(S(ows, L(':'), ows, R('type'))))],
          ['modifier', A(L('export'), L('async'), L('public'), L('private'), L('protected'), L('static'))],
          ['param', S(O(L('...')), T('PARAM_NAME'), O(L('?')), input.anyAllowed ? O(paramType) : paramType, O(S(ows, L('='), ows, literalValue)))],
          ['type', list(R('type_atom'), S(ows, L('|'), ows))],
          ['type_atom', S(A(S(R('type_name'), O(genericArgs('<', '>'))), S(L('('), ows, R('type'), ows, L(')'))), Z(L('[]')))],
          ['type_name', typeNameRule(typeNames)],
          ...body.rules,
        ],
        terminals: [...body.terminals, ['STRING', STRING], ['CHAR_STRING', CHAR_STRING], ['TEMPLATE', TEMPLATE], ['NL', parseRegexAst('(?:[ \\t]*\\r?\\n)+')]],
      };
      break;
    }
    case 'python': {
      const annotation = S(ows, L(':'), ows, R('type'));
      // A keyword PARAM_NAME already spells adds nothing to the language, but as a second
      // alternative it makes the signature regex ambiguous (x=None by two routes). Likewise a bare
      // `self`/`cls` when the annotation is optional.
      const paramNameRegex = new RegExp(`^(?:${paramName.source})$`);
      const pythonConstants = ['None', 'True', 'False'].filter((word) => !paramNameRegex.test(word));
      const pythonReceivers = ['self', 'cls'].filter((word) => !(input.anyAllowed && paramNameRegex.test(word)));
      profile = {
        rules: [
          ['start', P(R('function'))],
          ['function', S(R('signature'), R('suite'))],
          ['signature', S(O(S(L('async'), ws)), L('def'), ws, T('FUNC_NAME'), ows, params, O(S(ows, L('->'), ows, R('type'))), ows, L(':'))],
          [
            'param',
            A(
              ...pythonReceivers.map(L),
              S(
                O(A(L('*'), L('**'))),
                T('PARAM_NAME'),
                input.anyAllowed ? O(annotation) : annotation,
                O(S(ows, L('='), ows, A(literalValue, ...pythonConstants.map(L)))),
              ),
            ),
          ],
          ['type', list(R('type_atom'), S(ows, L('|'), ows))],
          ['type_atom', S(R('type_name'), O(genericArgs('[', ']')))],
          ['type_name', typeNameRule(typeNames)],
          ['suite', S(P(S(T('NL'), T('WS'), R('line'))), O(T('NL')))],
          ['line', S(O(T('WORD')), Z(S(A(T('LINE_GAP'), T('STRING'), T('CHAR_STRING')), O(T('WORD')))))],
        ],
        terminals: [
          ['LINE_GAP', parseRegexAst('[^A-Za-z0-9_"\'\\n\\\\]+')],
          ['STRING', STRING],
          ['CHAR_STRING', CHAR_STRING],
          ['NL', parseRegexAst('(?:[ \\t]*\\r?\\n)+')],
        ],
      };
      break;
    }
    case 'rust': {
      const body = braceBody(['STRING']);
      profile = {
        rules: [
          ['start', S(ows, list(R('function'), T('NL')), ows, O(T('NL')))],
          ['function', S(R('signature'), ows, R('block'))],
          [
            'signature',
            S(O(S(L('pub'), O(L('(crate)')), ws)), O(S(L('async'), ws)), L('fn'), ws, T('FUNC_NAME'), ows, params, O(S(ows, L('->'), ows, R('type')))),
          ],
          ['param', A(S(O(L('&')), O(S(L('mut'), ws)), L('self')), S(O(S(L('mut'), ws)), T('PARAM_NAME'), ows, L(':'), ows, R('type')))],
          [
            'type',
            A(
              S(L('&'), O(S(L('mut'), ws)), R('type')),
              S(L('['), ows, R('type'), ows, L(']')),
              enclosedList('(', R('type'), ')'),
              S(A(L('dyn'), L('impl')), ws, R('type_path')),
              R('type_path'),
            ),
          ],
          ['type_path', S(R('type_name'), O(genericArgs('<', '>')))],
          ['type_name', typeNameRule(typeNames)],
          ...body.rules,
        ],
        terminals: [...body.terminals, ['STRING', STRING], ['NL', parseRegexAst('(?:[ \\t]*\\r?\\n)+')]],
      };
      break;
    }
    case 'go': {
      const body = braceBody(['STRING', 'CHAR_STRING', 'RAW_STRING']);
      const packages = [...new Set(input.packages)].sort();
      profile = {
        rules: [
          ['start', S(ows, list(R('function'), T('NL')), ows, O(T('NL')))],
          ['function', S(R('signature'), ows, R('block'))],
          ['signature', S(L('func'), ws, O(S(R('receiver'), ows)), T('FUNC_NAME'), ows, params, O(S(ows, R('result'))))],
          ['receiver', S(L('('), ows, T('PARAM_NAME'), ws, O(L('*')), R('type_name'), ows, L(')'))],
          ['param', S(list(T('PARAM_NAME'), comma), ws, O(L('...')), R('type'))],
          ['result', A(R('type'), S(L('('), ows, list(R('type'), comma), ows, L(')')))],
          [
            'type',
            A(
              S(L('*'), R('type')),
              S(L('[]'), R('type')),
              S(L('map['), R('type'), L(']'), R('type')),
              S(A(...(packages.length > 0 ? [S(A(...packages.map(L)), L('.'), T('EXPORTED_NAME'))] : []), R('type_name')), O(genericArgs('[', ']'))),
            ),
          ],
          ['type_name', typeNameRule(typeNames)],
          ...body.rules,
        ],
        terminals: [
          ...body.terminals,
          ['STRING', STRING],
          ['CHAR_STRING', CHAR_STRING],
          ['RAW_STRING', RAW_GO],
          ['EXPORTED_NAME', parseRegexAst('[A-Z][A-Za-z0-9_]*')],
          ['NL', parseRegexAst('(?:[ \\t]*\\r?\\n)+')],
        ],
      };
      break;
    }
    case 'zig': {
      const body = braceBody(['STRING', 'CHAR_STRING']);
      const packages = [...new Set(input.packages)].sort();
      profile = {
        rules: [
          ['start', S(ows, list(R('function'), T('NL')), ows, O(T('NL')))],
          ['function', S(R('signature'), ows, R('block'))],
          ['signature', S(O(S(L('pub'), ws)), O(S(L('inline'), ws)), L('fn'), ws, T('FUNC_NAME'), ows, params, ows, R('type'))],
          ['param', S(O(S(L('comptime'), ws)), T('PARAM_NAME'), ows, L(':'), ows, R('type'))],
          [
            'type',
            A(
              S(L('?'), R('type')),
              S(L('!'), R('type')),
              S(L('*'), O(S(L('const'), ws)), R('type')),
              S(L('[]'), O(S(L('const'), ws)), R('type')),
              S(L('['), T('NUMBER'), L(']'), R('type')),
              ...(packages.length > 0 ? [S(A(...packages.map(L)), P(S(L('.'), T('ZIG_NAME'))))] : []),
              S(R('type_name'), O(genericArgs('(', ')'))),
            ),
          ],
          ['type_name', typeNameRule(typeNames)],
          ...body.rules,
        ],
        terminals: [
          ...body.terminals,
          ['STRING', STRING],
          ['CHAR_STRING', CHAR_STRING],
          ['ZIG_NAME', parseRegexAst('[A-Za-z_][A-Za-z0-9_]*')],
          ['NL', parseRegexAst('(?:[ \\t]*\\r?\\n)+')],
        ],
      };
      break;
    }
  }
  void cls;
  const used = new Set<string>();
  const visit = (e: GExpr): void => {
    switch (e.g) {
      case 'term':
        used.add(e.name);
        break;
      case 'seq':
        e.items.forEach(visit);
        break;
      case 'alt':
        e.options.forEach(visit);
        break;
      case 'opt':
      case 'star':
      case 'plus':
      case 'rep':
        visit(e.e);
        break;
      default:
        break;
    }
  };
  for (const [, e] of profile.rules) visit(e);
  const allTerminals = [...terminals, ...profile.terminals].filter(([name]) => used.has(name));
  return {
    start: 'start',
    rules: profile.rules,
    terminals: allTerminals,
    unintersected: [...new Set([...funcName.unintersected, ...paramName.unintersected])],
  };
}
