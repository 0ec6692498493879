// Structured-output choice from an IR and the llguidance TopLevelGrammar export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseStructuredOutput, regexToLark, toLlguidanceGrammar, type MazeIR } from '../../../core/maze/backends/index.ts';

const schema = { type: 'object', properties: { id: { type: 'integer' } } };
const pattern = (p: string, mode: 'require' | 'forbid', target: string) => ({ pattern: p, flags: '', target, mode, sources: ['c1'] });

test('auto picks the grammar for code, the schema for JSON, a single whole-output regex otherwise', () => {
  const full: MazeIR = { regex_patterns: [pattern('[a-z]+', 'require', 'code')], json_schema: schema, lark: 'start: "x"', ebnf: 'root ::= "x"' };
  assert.deepEqual(chooseStructuredOutput(full, 'code'), { kind: 'grammar', lark: 'start: "x"', ebnf: 'root ::= "x"' });
  assert.deepEqual(chooseStructuredOutput(full, 'json'), { kind: 'json', schema });
  assert.deepEqual(chooseStructuredOutput({ regex_patterns: full.regex_patterns }, 'code'), { kind: 'regex', pattern: '[a-z]+' });
  // A forbid pattern, or one on function names only, does not describe the whole output.
  assert.deepEqual(chooseStructuredOutput({ regex_patterns: [pattern('eval', 'forbid', 'code'), pattern('[a-z]+', 'require', 'function_name')] }, 'code'), {
    kind: 'none',
  });
  assert.throws(() => chooseStructuredOutput({ regex_patterns: [] }, 'code', 'json'), /no JSON Schema/);
});

test('llguidance TopLevelGrammar: lark_grammar, json_schema or a regex as a Lark terminal', () => {
  assert.deepEqual(toLlguidanceGrammar({ regex_patterns: [], lark: 'start: "x"\n', json_schema: schema }), { grammars: [{ lark_grammar: 'start: "x"\n' }] });
  assert.deepEqual(toLlguidanceGrammar({ regex_patterns: [], json_schema: schema }, { output: 'json', maxTokens: 100 }), {
    grammars: [{ json_schema: schema }],
    max_tokens: 100,
  });
  assert.deepEqual(toLlguidanceGrammar({ regex_patterns: [pattern('a/b+', 'require', 'output')] }), { grammars: [{ lark_grammar: 'start: /a\\/b+/\n' }] });
  // Only EBNF (XGrammar's dialect): llguidance gets the schema instead.
  assert.deepEqual(toLlguidanceGrammar({ regex_patterns: [], ebnf: 'root ::= "x"', json_schema: schema }), { grammars: [{ json_schema: schema }] });
  assert.equal(toLlguidanceGrammar({ regex_patterns: [] }), null);
  assert.equal(regexToLark('\\/x'), 'start: /\\/x/\n');
});
