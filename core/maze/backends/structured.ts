// What a request constrains its output with: one grammar, one JSON Schema or one regex, chosen
// from the compiled IR. Each server takes exactly one, so the choice is made once, here.
import type { ConstraintIR } from '../../braid/index.ts';

export type JsonSchema = { [key: string]: unknown };

export type StructuredOutput =
  | { kind: 'grammar'; lark: string | null; ebnf: string | null }
  | { kind: 'json'; schema: JsonSchema }
  | { kind: 'regex'; pattern: string }
  | { kind: 'none' };

/** What the generated text is: source code (a grammar or regex applies) or a JSON document (the schema applies). */
export type OutputKind = 'code' | 'json';

/** 'auto' picks grammar, then regex, for code; the JSON Schema for JSON. */
export type ConstrainMode = 'auto' | 'grammar' | 'json' | 'regex' | 'none';

/** The IR fields Maze reads (Braid's ConstraintIR satisfies it). */
export type MazeIR = Pick<ConstraintIR, 'regex_patterns' | 'json_schema' | 'lark' | 'ebnf' | 'grammar'>;

/** Patterns the whole output must match: Braid's 'require' patterns on the code or output as a whole. */
export function wholeOutputRegexes(ir: MazeIR): string[] {
  return ir.regex_patterns.filter((p) => p.mode === 'require' && (p.target === 'code' || p.target === 'output')).map((p) => p.pattern);
}

/** Chooses the structured output for a request; throws a user-facing error when the asked-for mode is not in the IR. */
export function chooseStructuredOutput(ir: MazeIR, output: OutputKind, mode: ConstrainMode = 'auto'): StructuredOutput {
  const grammar = (): StructuredOutput | null =>
    ir.lark !== undefined || ir.ebnf !== undefined ? { kind: 'grammar', lark: ir.lark ?? null, ebnf: ir.ebnf ?? null } : null;
  const json = (): StructuredOutput | null => (ir.json_schema !== undefined ? { kind: 'json', schema: ir.json_schema } : null);
  const regex = (): StructuredOutput | null => {
    // A server takes one regex; several whole-output patterns cannot be intersected in standard regex syntax.
    const patterns = wholeOutputRegexes(ir);
    return patterns.length === 1 ? { kind: 'regex', pattern: patterns[0]! } : null;
  };
  const demand = (found: StructuredOutput | null, what: string): StructuredOutput => {
    if (found === null) throw new Error(`the compiled constraints have no ${what} to constrain the output with`);
    return found;
  };
  switch (mode) {
    case 'none':
      return { kind: 'none' };
    case 'grammar':
      return demand(grammar(), 'grammar (lark or ebnf)');
    case 'json':
      return demand(json(), 'JSON Schema');
    case 'regex':
      return demand(regex(), 'single whole-output regex');
    case 'auto':
      if (output === 'json') return json() ?? { kind: 'none' };
      return grammar() ?? regex() ?? { kind: 'none' };
  }
}
