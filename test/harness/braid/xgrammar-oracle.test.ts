// Every emitted EBNF grammar compiles in XGrammar's WASM build and accepts/rejects the same
// cases as Python Lark; every JSON Schema compiles in XGrammar and matches the fixtures' instances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handWrittenCases, languageCases } from './cases.ts';
import { loadXGrammar } from './xgrammar.ts';
import { LANGUAGE_FIXTURES } from '../../core/braid/fixtures.ts';
import { compile } from '../../../core/braid/index.ts';

test('every EBNF grammar compiles in XGrammar and accepts/rejects the fixture cases', async () => {
  const { Grammar, Testings } = loadXGrammar();
  const failures: string[] = [];
  for (const { language, ir, cases } of await languageCases()) {
    assert.ok(ir.ebnf, `${language}: no EBNF`);
    assert.match(ir.ebnf, /^root ::= /m);
    const roots = { start: await Grammar.fromEBNF(ir.ebnf, 'root'), signature: await Grammar.fromEBNF(ir.ebnf, 'signature') };
    for (const c of cases) {
      const accepted = await Testings.isGrammarAcceptString(roots[c.start], c.text);
      if (accepted !== c.accept) failures.push(`${language}: ${c.accept ? 'rejected' : 'accepted'} ${c.start} (${c.why}): ${JSON.stringify(c.text)}`);
    }
    roots.start.dispose();
    roots.signature.dispose();
  }
  assert.deepEqual(failures, []);
});

test('XGrammar refuses a broken EBNF grammar (the oracle can fail)', async () => {
  const { Grammar } = loadXGrammar();
  await assert.rejects(Grammar.fromEBNF('root ::= missing_rule', 'root'));
});

test('every JSON Schema compiles in XGrammar; instances are accepted, mutants rejected', async () => {
  const { Grammar, Testings } = loadXGrammar();
  for (const make of LANGUAGE_FIXTURES) {
    const fx = make();
    const ir = compile(fx.constraints);
    for (const [name, schema] of Object.entries(ir.schemas)) {
      const g = await Grammar.fromJSONSchema(JSON.stringify(schema), true, undefined, undefined, true);
      if (name === 'Entity') {
        assert.equal(await Testings.isGrammarAcceptString(g, JSON.stringify(fx.entity)), true, `${fx.language}: Entity instance`);
        const [first] = Object.keys(fx.entity);
        const missing = { ...fx.entity };
        delete missing[first!];
        assert.equal(await Testings.isGrammarAcceptString(g, JSON.stringify(missing)), false, `${fx.language}: Entity without ${first}`);
        assert.equal(await Testings.isGrammarAcceptString(g, JSON.stringify({ ...fx.entity, [first!]: [] })), false, `${fx.language}: wrong type`);
      }
      if (name === fx.updateTypeName) assert.equal(await Testings.isGrammarAcceptString(g, JSON.stringify(fx.partialUpdate)), true);
      g.dispose();
    }
  }
});

test('every EBNF grammar compiles with a tokenizer (GrammarCompiler) and a GrammarMatcher follows it token by token', async () => {
  // A character-level vocabulary: token i is the character with code i (tab, newline, printable ASCII), then a stop token.
  const xg = loadXGrammar() as unknown as {
    TokenizerInfo: { createTokenizerInfo(vocab: string[], type: string, prepend: boolean, size: number, stop: number[]): Promise<unknown> };
    GrammarCompiler: { createGrammarCompiler(info: unknown): Promise<{ compileGrammar(ebnf: string, root: string): Promise<unknown> }> };
    GrammarMatcher: {
      createGrammarMatcher(
        compiled: unknown,
      ): Promise<{ acceptToken(id: number): boolean; isTerminated(): boolean; getNextTokenBitmask(): Promise<Int32Array>; reset(): void; dispose(): void }>;
    };
  };
  const vocab = Array.from({ length: 128 }, (_, i) => (i >= 32 || i === 9 || i === 10 ? String.fromCharCode(i) : `<ctl${i}>`));
  const STOP = vocab.length;
  vocab.push('</s>');
  const info = await xg.TokenizerInfo.createTokenizerInfo(vocab, 'raw', false, vocab.length, [STOP]);
  const compiler = await xg.GrammarCompiler.createGrammarCompiler(info);
  const problems: string[] = [];
  for (const { language, ir, cases } of handWrittenCases()) {
    const matcher = await xg.GrammarMatcher.createGrammarMatcher(await compiler.compileGrammar(ir.ebnf!, 'root'));
    for (const c of cases.filter((k) => k.start === 'start')) {
      matcher.reset();
      let accepted = true;
      for (const ch of c.text) {
        const mask = await matcher.getNextTokenBitmask();
        const allowed = ((mask[ch.charCodeAt(0) >> 5]! >>> (ch.charCodeAt(0) & 31)) & 1) === 1;
        if (allowed !== matcher.acceptToken(ch.charCodeAt(0))) problems.push(`${language}: token mask and acceptToken disagree on ${JSON.stringify(ch)}`);
        if (!allowed) {
          accepted = false;
          break;
        }
      }
      if (accepted) accepted = matcher.acceptToken(STOP) && matcher.isTerminated();
      if (accepted !== c.accept) problems.push(`${language}: matcher ${c.accept ? 'rejected' : 'accepted'} (${c.why}) ${JSON.stringify(c.text)}`);
    }
    matcher.dispose();
  }
  assert.deepEqual(problems, []);
});
