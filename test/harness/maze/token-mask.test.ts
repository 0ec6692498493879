// Token masks in Maze requests against the loopback server: the IR's static mask reaches vLLM as
// exactly its allowed ids (or a logit_bias ban list, the only form SGLang takes), within a size limit.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { usePlatform } from '../../support/platform.ts';
import { Orchestrator, defaultStages, type Stages } from '../../../core/maze/orchestrator.ts';
import { SglangBackend, TokenMaskError, VllmBackend, type InferenceBackend } from '../../../core/maze/backends/index.ts';
import { BackendError } from '../../../core/maze/http.ts';
import { compile } from '../../../core/braid/index.ts';
import type { Constraint } from '../../../core/model/constraint.ts';
import { createVocabulary, loadVocabulary, maskForRegex } from '../../../core/tokenmask/index.ts';
import { decodeMask, maskIds } from '../../../core/tokenmask/index.ts';
import { run } from '../../../cli/commands/generate.ts';
import { constraint } from '../../core/braid/fixtures.ts';
import { startInferenceServer, type InferenceServer } from './inference-server.ts';
import { tempDir } from '../../support/temp.ts';

/** ids: 0 a, 1 b, 2 ab, 3 ba, 4 abc, 5 c, 6 '1', 7 a1, 8 ' ', 9 eval, 10 'eval(', 11 unused, 12 <eos>, 13 '%'. */
const hand = createVocabulary('hand', ['a', 'b', 'ab', 'ba', 'abc', 'c', '1', 'a1', ' ', 'eval', 'eval(', null, null, '%'], new Map([['<eos>', 12]]), [
  '<eos>',
]);
const IDENT = '[a-z_][a-z0-9_( ]*';
const constraints = (): Constraint[] => [
  constraint({ fact: 'pattern', target: 'output', mode: 'require', regex: IDENT }, { id: 'ident', language: 'typescript' }),
  constraint({ fact: 'forbidden_call', callee: 'eval', reason: 'code injection' }, { id: 'no-eval', language: 'typescript' }),
];
/** By hand: every token but the unused id 11 and '%' (13) can appear at some step of `[a-z_][a-z0-9_( ]*`
 *  without `eval(` at a word start; `eval(` itself fits after a letter (no \b there), EOS after the first token. */
const STATIC_ALLOWED = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12];

let server: InferenceServer;
let stages: Stages;
let dir: string;
before(async () => {
  await usePlatform();
  stages = await defaultStages();
  server = await startInferenceServer({ vocabSize: hand.size });
  dir = tempDir('ananke-token-mask-');
});
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const send = { timeoutMs: 5000, retry: { retries: 0, baseDelayMs: 1 }, sleep: async () => {} };
const vllm = (api: 'completions' | 'chat' = 'completions') => new VllmBackend({ url: server.url, apiKey: null, model: 'test-model' }, { api });
const sglang = () => new SglangBackend({ url: server.url, apiKey: null, model: 'sg-model' });
const maze = (backend: InferenceBackend) => Orchestrator.create({ backend, stages, send });

test("vLLM: allowed_token_ids carries exactly the static mask's ids, beside the regex", async () => {
  const m = await maze(vllm());
  const result = await m.generate({
    intent: 'an identifier',
    language: 'typescript',
    constraints: constraints(),
    constrain: 'regex',
    validate: false,
    tokenMask: { vocabulary: hand, via: 'allowed_token_ids' },
  });
  assert.equal(server.received.length, 1);
  assert.deepEqual(server.received[0]!.problems, []);
  const body = server.received[0]!.body as Record<string, any>;
  assert.deepEqual(body.allowed_token_ids, STATIC_ALLOWED);
  assert.deepEqual(body.structured_outputs, { regex: IDENT });
  assert.equal(body.logit_bias, undefined);
  // The same ids as the IR Braid compiles on its own, and not the first step's (which bans '1' and ' ').
  const ir = compile(constraints(), { language: 'typescript', vocabulary: hand });
  assert.deepEqual(maskIds(decodeMask(ir.token_masks!.static_mask!, hand.size), hand.size), STATIC_ALLOWED);
  const firstStep = maskIds(maskForRegex(hand, IDENT, { forbid: ir.token_masks!.forbid! }).mask, hand.size);
  assert.deepEqual(firstStep, [0, 1, 2, 3, 4, 5, 7, 9]);
  assert.equal(result.code, server.cannedText);
  assert.deepEqual(result.provenance.tokenMask, { vocabulary: 'hand', field: 'allowed_token_ids', ids: 12, allowed: 12 });
});

test('vLLM chat, via auto: the shorter list wins, here a logit_bias ban of the two never-allowed ids', async () => {
  const m = await maze(vllm('chat'));
  const plan = await m.plan({ intent: 'x', language: 'typescript', constraints: constraints(), constrain: 'none', tokenMask: { vocabulary: hand } });
  assert.deepEqual(plan.tokenMask, { field: 'logit_bias', vocabulary: 'hand', ids: [11, 13], allowed: 12, size: 14 });
  assert.deepEqual((plan.httpRequest.body as any).logit_bias, { 11: -100, 13: -100 });
  assert.equal((plan.httpRequest.body as any).allowed_token_ids, undefined);
  await m.generate({ intent: 'x', language: 'typescript', constraints: constraints(), constrain: 'none', validate: false, tokenMask: { vocabulary: hand } });
  assert.deepEqual(server.received[0]!.problems, []);
});

test('SGLang: sampling_params.logit_bias; allowed_token_ids is refused with a clear error', async () => {
  const m = await maze(sglang());
  await m.generate({ intent: 'x', language: 'typescript', constraints: constraints(), constrain: 'regex', validate: false, tokenMask: { vocabulary: hand } });
  assert.deepEqual(server.received[0]!.problems, []);
  const sp = (server.received[0]!.body as any).sampling_params;
  assert.deepEqual(sp.logit_bias, { 11: -100, 13: -100 });
  assert.equal(sp.regex, IDENT);
  await assert.rejects(
    m.plan({ intent: 'x', language: 'typescript', constraints: constraints(), tokenMask: { vocabulary: hand, via: 'allowed_token_ids' } }),
    (e: Error) => e instanceof TokenMaskError && e.message === 'sglang takes no allowed_token_ids; it takes logit_bias',
  );
});

test('a list over the size limit is an error naming both sizes; the limit can be raised', async () => {
  const m = await maze(vllm());
  await assert.rejects(
    m.plan({ intent: 'x', language: 'typescript', constraints: constraints(), tokenMask: { vocabulary: hand, via: 'allowed_token_ids', maxIds: 5 } }),
    (e: Error) => e instanceof TokenMaskError && /needs 12 for allowed_token_ids, over the limit of 5 ids per request/.test(e.message),
  );
  await assert.rejects(
    m.plan({ intent: 'x', language: 'typescript', constraints: constraints(), tokenMask: { vocabulary: hand, maxIds: 1 } }),
    (e: Error) => e instanceof TokenMaskError && /needs 12 for allowed_token_ids, 2 for logit_bias, over the limit of 1/.test(e.message),
  );
  const plan = await m.plan({
    intent: 'x',
    language: 'typescript',
    constraints: constraints(),
    tokenMask: { vocabulary: hand, via: 'allowed_token_ids', maxIds: 12 },
  });
  assert.equal(plan.tokenMask!.ids.length, 12);
});

test('the compile cache keys on the vocabulary: a plan without a mask does not serve one with it', async () => {
  const m = await maze(vllm());
  const cs = constraints();
  const a = await m.plan({ intent: 'x', language: 'typescript', constraints: cs });
  assert.equal(a.tokenMask, null);
  assert.equal(a.compiled.ir.token_masks, undefined);
  const b = await m.plan({ intent: 'x', language: 'typescript', constraints: cs, tokenMask: { vocabulary: hand } });
  assert.equal(b.cache.compilation, 'miss');
  assert.equal(b.compiled.ir.token_masks?.vocabulary, 'hand');
  const c = await m.plan({ intent: 'x', language: 'typescript', constraints: cs, tokenMask: { vocabulary: hand } });
  assert.equal(c.cache.compilation, 'hit');
});

test('an IR without masks (a compile stage that ignores the vocabulary) is a clear error', async () => {
  const plain: Stages = { ...stages, compile: (cs, options) => compile(cs, { language: options.language }) };
  const m = await Orchestrator.create({ backend: vllm(), stages: plain, send });
  await assert.rejects(
    m.plan({ intent: 'x', language: 'typescript', constraints: constraints(), tokenMask: { vocabulary: hand } }),
    /carry no token mask \(compile them with a vocabulary\)/,
  );
});

test('an IR whose automaton was too large for a static mask: the error says so', async () => {
  const noStatic: Stages = {
    ...stages,
    compile: (cs, options) => {
      const ir = compile(cs, options);
      delete ir.token_masks!.static_mask;
      return ir;
    },
  };
  const m = await Orchestrator.create({ backend: vllm(), stages: noStatic, send });
  await assert.rejects(
    m.plan({ intent: 'x', language: 'typescript', constraints: constraints(), tokenMask: { vocabulary: hand } }),
    /no static token mask over hand: the whole-output automaton has \d+ states, more than compile computes a mask for each/,
  );
});

test('the loopback server checks token ids as vLLM does (so the checks above can fail)', async () => {
  const small = await startInferenceServer({ vocabSize: 10 });
  try {
    const backend = new VllmBackend({ url: small.url, apiKey: null, model: 'm' });
    const m = await Orchestrator.create({ backend, stages, send });
    await assert.rejects(
      m.generate({
        intent: 'x',
        language: 'typescript',
        constraints: constraints(),
        constrain: 'none',
        validate: false,
        tokenMask: { vocabulary: hand, via: 'allowed_token_ids' },
      }),
      (e: Error) => e instanceof BackendError && /allowed_token_ids contains out-of-vocab token id/.test(e.message),
    );
  } finally {
    await small.close();
  }
});

test('CLI: --token-mask o200k --dry-run prints a body whose ids are the static mask of the compiled IR', async () => {
  writeFileSync(
    join(dir, 'set.json'),
    JSON.stringify({
      name: 'ident',
      constraints: [{ ...constraint({ fact: 'pattern', target: 'output', mode: 'require', regex: '[a-z_][a-z0-9_]*' }, { id: 'ident' }), language: 'python' }],
    }),
  );
  writeFileSync(join(dir, '.ananke.toml'), `[endpoint]\nurl = "${server.url}"\nmodel = "test-model"\n`);
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    ['--constraints', 'set.json', '--intent', 'a name', '--token-mask', 'o200k', '--constrain', 'regex', '--dry-run'],
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    {},
    dir,
  );
  assert.equal(code, 0, err.join('\n'));
  const body = JSON.parse(out.join('\n'));
  const o200k = await loadVocabulary('o200k');
  const ir = compile([constraint({ fact: 'pattern', target: 'output', mode: 'require', regex: '[a-z_][a-z0-9_]*' })], { vocabulary: o200k });
  const mask = decodeMask(ir.token_masks!.static_mask!, o200k.size);
  const allowed = maskIds(mask, o200k.size);
  const banned = maskIds(mask, o200k.size, 'banned');
  // auto: the shorter of the two lists.
  if (allowed.length <= banned.length) assert.deepEqual(body.allowed_token_ids, allowed);
  else assert.deepEqual(Object.keys(body.logit_bias).map(Number), banned);
  assert.ok(allowed.includes(o200k.eos[0]!));
  assert.match(
    err.join('\n'),
    new RegExp(
      `token mask over o200k: ${allowed.length} of ${o200k.size} ids allowed at some step; sent as (allowed_token_ids|logit_bias) with ${Math.min(allowed.length, banned.length)} ids`,
    ),
  );
});

test('CLI: bad token-mask flags are usage errors (exit 2)', async () => {
  writeFileSync(join(dir, '.ananke.toml'), `[endpoint]\nurl = "${server.url}"\n`);
  const cases: Array<[string[], RegExp]> = [
    [['--token-mask', 'gpt2'], /--token-mask must be one of o200k, cl100k, llama3, got 'gpt2'/],
    [['--token-mask', 'o200k', '--token-mask-via', 'bias'], /--token-mask-via must be one of auto, allowed_token_ids, logit_bias/],
    [['--token-mask-max', '10'], /--token-mask-via and --token-mask-max need --token-mask VOCABULARY/],
    [
      ['--token-mask', 'o200k', '--token-mask-max', '10', '--backend', 'vllm'],
      /needs \d+ for allowed_token_ids, \d+ for logit_bias, over the limit of 10 ids per request/,
    ],
  ];
  for (const [flags, message] of cases) {
    const err: string[] = [];
    const code = await run(['--constraints', 'set.json', '--intent', 'x', '--dry-run', ...flags], { out: () => {}, err: (t) => err.push(t) }, {}, dir);
    assert.equal(code, 2, flags.join(' '));
    assert.match(err.join('\n'), message);
  }
});
