// Every emitted EBNF grammar compiles in XGrammar's WASM build and accepts/rejects the same
// cases as Python Lark; every JSON Schema compiles in XGrammar and matches the fixtures' instances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { languageCases } from './cases.ts';
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
