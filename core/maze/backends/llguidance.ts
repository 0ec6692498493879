// The llguidance TopLevelGrammar JSON (llguidance's api.rs: `{grammars: [GrammarWithLexer], max_tokens}`
// where a GrammarWithLexer carries either `lark_grammar` or `json_schema`), as an export for servers
// and tools that take llguidance grammars directly.
import type { JsonSchema, MazeIR, StructuredOutput } from './structured.ts';
import { chooseStructuredOutput, wholeOutputRegexes } from './structured.ts';

export interface GrammarWithLexer {
  name?: string;
  lark_grammar?: string;
  json_schema?: JsonSchema;
}

export interface TopLevelGrammar {
  grammars: GrammarWithLexer[];
  max_tokens?: number;
}

/** A regex as a Lark terminal: slashes escaped; llguidance reads the body with Rust regex syntax. */
export function regexToLark(pattern: string): string {
  return `start: /${pattern.replace(/(?<!\\)\//g, '\\/')}/\n`;
}

/** The TopLevelGrammar for a structured output (null for 'none'). */
export function structuredToTopLevelGrammar(structured: StructuredOutput, maxTokens?: number): TopLevelGrammar | null {
  let grammar: GrammarWithLexer;
  switch (structured.kind) {
    case 'none':
      return null;
    case 'json':
      grammar = { json_schema: structured.schema };
      break;
    case 'regex':
      grammar = { lark_grammar: regexToLark(structured.pattern) };
      break;
    case 'grammar':
      if (structured.lark === null) return null; // llguidance reads Lark, not XGrammar EBNF
      grammar = { lark_grammar: structured.lark };
      break;
  }
  return maxTokens === undefined ? { grammars: [grammar] } : { grammars: [grammar], max_tokens: maxTokens };
}

/**
 * The llguidance grammar for an IR: its Lark grammar when it has one (which may embed JSON
 * Schemas with %json), else its JSON Schema, else its single whole-output regex.
 */
export function toLlguidanceGrammar(ir: MazeIR, options: { output?: 'code' | 'json'; maxTokens?: number } = {}): TopLevelGrammar | null {
  const output = options.output ?? 'code';
  let structured = chooseStructuredOutput(ir, output, 'auto');
  if (structured.kind === 'grammar' && structured.lark === null) {
    const regexes = wholeOutputRegexes(ir);
    structured =
      regexes.length === 1
        ? { kind: 'regex', pattern: regexes[0]! }
        : ir.json_schema !== undefined
          ? { kind: 'json', schema: ir.json_schema }
          : { kind: 'none' };
  }
  if (structured.kind === 'none' && ir.json_schema !== undefined) structured = { kind: 'json', schema: ir.json_schema };
  return structuredToTopLevelGrammar(structured, options.maxTokens);
}
