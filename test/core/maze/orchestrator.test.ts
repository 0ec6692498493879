// The Maze pipeline with injected stages and a fake fetch: caching by content hash, the request
// built from the compiled IR, provenance, timings, and validation of what came back.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../support/platform.ts';
import { Orchestrator, defaultStages, stripCodeFence, type PipelineIR, type Stages } from '../../../core/maze/orchestrator.ts';
import { VllmBackend, SglangBackend } from '../../../core/maze/backends/index.ts';
import type { Constraint } from '../../../core/model/constraint.ts';

function constraint(id: string, overrides: Partial<Constraint> = {}): Constraint {
  return {
    id,
    name: `rule_${id}`,
    description: `Rule ${id}`,
    kind: 'syntactic',
    source: 'AST_Pattern',
    enforcement: 'Syntactic',
    priority: 'High',
    confidence: 0.9,
    frequency: 1,
    severity: 'err',
    ...overrides,
  };
}

const SET = [
  constraint('a', { facts: { fact: 'naming', category: 'function', convention: 'camelCase', share: 1, sample: 5 } }),
  constraint('b', { kind: 'security', enforcement: 'Security', facts: { fact: 'forbidden_call', callee: 'eval', reason: 'eval runs arbitrary code' } }),
  constraint('c', { description: 'Dropped rule' }),
];

/** Stages that count their calls; compile emits a grammar and drops 'c' as a lost conflict. */
function countingStages(): Stages & { calls: { extract: number; compile: number } } {
  const calls = { extract: 0, compile: 0 };
  return {
    calls,
    extract: (source) => {
      calls.extract++;
      return { constraints: source.includes('eval') ? SET : SET.slice(0, 2), parseErrors: [] };
    },
    compile: (constraints): PipelineIR => {
      calls.compile++;
      return {
        regex_patterns: [{ pattern: '[a-z][a-zA-Z0-9]*', flags: '', target: 'function', mode: 'require', sources: ['a'] }],
        lark: 'start: "x"',
        ebnf: `root ::= "x" # ${constraints.length}`,
        json_schema: { type: 'object' },
        dropped: ['c'],
        order: constraints.map((c) => c.id),
      };
    },
    reparse: null,
  };
}

interface SentRequest {
  url: string;
  body: any;
  headers: Record<string, string>;
}
function fakeFetch(answer: (body: any) => unknown, sent: SentRequest[]): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    sent.push({ url, body, headers: init.headers as Record<string, string> });
    return new Response(JSON.stringify(answer(body)), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
}

const completionOf = (text: string) => () => ({
  model: 'served-model',
  choices: [{ text, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 7 },
});

test('a repeated request hits both caches; a reordered constraint set hits the compile cache', async () => {
  const stages = countingStages();
  const sent: SentRequest[] = [];
  const maze = await Orchestrator.create({
    backend: new VllmBackend({ url: 'http://model.test', apiKey: null, model: 'm' }),
    stages,
    send: { timeoutMs: 1000, fetch: fakeFetch(completionOf('function ok() {}'), sent) },
  });
  const request = { intent: 'write ok', language: 'typescript' as const, source: { text: 'const x = eval("1");' }, validate: false };
  const first = await maze.generate(request);
  assert.deepEqual(first.cache, { extraction: 'miss', compilation: 'miss' });
  const second = await maze.generate(request);
  assert.deepEqual(second.cache, { extraction: 'hit', compilation: 'hit' });
  assert.deepEqual(stages.calls, { extract: 1, compile: 1 });

  const viaSet = await maze.generate({ intent: 'write ok', language: 'typescript', constraints: [SET[2]!, SET[0]!, SET[1]!], validate: false });
  assert.deepEqual(viaSet.cache, { extraction: 'not_used', compilation: 'hit' });
  assert.equal(viaSet.provenance.constraintSetHash, first.provenance.constraintSetHash);
  const otherLanguage = await maze.generate({ intent: 'write ok', language: 'python', constraints: SET, validate: false });
  assert.equal(otherLanguage.cache.compilation, 'miss');
  assert.deepEqual(stages.calls, { extract: 1, compile: 2 });
  assert.deepEqual(maze.cacheStats().extraction, { hits: 1, misses: 1, evictions: 0, size: 1, capacity: 1000 });
  assert.deepEqual(maze.cacheStats().compilation, { hits: 2, misses: 2, evictions: 0, size: 2, capacity: 1000 });
  assert.equal(sent.length, 4);
});

test('the request carries the compiled grammar; provenance and timings describe the run', async () => {
  const sent: SentRequest[] = [];
  let clock = 0;
  const maze = await Orchestrator.create({
    backend: new VllmBackend({ url: 'http://model.test/v1', apiKey: null, model: 'configured' }),
    stages: countingStages(),
    defaults: { maxTokens: 2048, temperature: 0.7 },
    send: { timeoutMs: 1000, fetch: fakeFetch(completionOf('```ts\nfunction ok() {}\n```'), sent) },
    nowNs: () => (clock += 1000),
    wallClock: () => new Date('2026-11-27T12:00:00Z'),
  });
  const result = await maze.generate({
    intent: 'write ok',
    language: 'typescript',
    source: { text: 'eval' },
    params: { temperature: 0.1, maxTokens: undefined },
  });
  assert.equal(sent[0]!.url, 'http://model.test/v1/completions');
  assert.deepEqual(sent[0]!.body.structured_outputs, { grammar: 'root ::= "x" # 3' });
  assert.equal(sent[0]!.body.temperature, 0.1);
  assert.equal(sent[0]!.body.max_tokens, 2048);
  assert.ok(sent[0]!.body.prompt.includes('write ok'));
  assert.ok(!sent[0]!.body.prompt.includes('Dropped rule'), 'a dropped constraint is not in the prompt');
  assert.equal(result.code, 'function ok() {}\n');
  assert.equal(result.rawText, '```ts\nfunction ok() {}\n```');
  const p = result.provenance;
  assert.equal(p.model, 'served-model');
  assert.equal(p.backend, 'vllm');
  assert.equal(p.time, '2026-11-27T12:00:00.000Z');
  assert.equal(p.intent, 'write ok');
  assert.deepEqual(p.params, { maxTokens: 2048, temperature: 0.1 });
  assert.equal(p.structuredOutput, 'grammar');
  assert.deepEqual(
    p.constraintsApplied.map((c) => c.id),
    ['a', 'b'],
  );
  assert.equal(p.attempts, 1);
  assert.equal(p.completionTokens, 7);
  for (const stage of ['hash', 'extract', 'compile', 'request', 'backend', 'total'] as const) assert.ok(result.timings[stage] > 0, stage);
  assert.equal(result.timings.validate, 1000); // one clock tick: validation ran (with no extractor its structure checks are skipped)
  assert.equal(result.validation!.checks.find((c) => c.check === 'parse')?.status, 'skipped');
});

test('JSON output goes to SGLang as a json_schema string and is validated against the schema', async () => {
  const sent: SentRequest[] = [];
  const maze = await Orchestrator.create({
    backend: new SglangBackend({ url: 'http://sglang.test', apiKey: null, model: null }),
    stages: countingStages(),
    send: { timeoutMs: 1000, fetch: fakeFetch(() => ({ text: '[1, 2]', meta_info: { finish_reason: { type: 'stop' } } }), sent) },
  });
  const result = await maze.generate({ intent: 'an entity', language: 'typescript', constraints: SET, output: 'json' });
  assert.equal(sent[0]!.url, 'http://sglang.test/generate');
  assert.equal(sent[0]!.body.sampling_params.json_schema, '{"type":"object"}');
  assert.equal(result.validation!.valid, false);
  assert.deepEqual(
    result.validation!.violations.map((v) => v.message),
    ['/: expected object, got array'],
  );
});

test('a dry-run plan builds the request without sending it', async () => {
  const sent: SentRequest[] = [];
  const maze = await Orchestrator.create({
    backend: new VllmBackend({ url: 'http://model.test', apiKey: null, model: null }, { api: 'chat' }),
    stages: countingStages(),
    send: { timeoutMs: 1000, fetch: fakeFetch(completionOf('x'), sent) },
  });
  const plan = await maze.plan({ intent: 'write ok', language: 'typescript', constraints: SET, constrain: 'json' });
  assert.equal(sent.length, 0);
  assert.deepEqual((plan.httpRequest.body as any).structured_outputs, { json: { type: 'object' } });
  assert.equal((plan.httpRequest.body as any).messages[1].content, 'write ok');
  await assert.rejects(maze.plan({ intent: 'x', language: 'typescript' }), /needs a source file or a constraint set/);
});

test('fences around the whole answer are removed, others kept', () => {
  assert.equal(stripCodeFence('```typescript\nlet a = 1;\n```\n'), 'let a = 1;\n');
  assert.equal(stripCodeFence('let a = 1;\n'), 'let a = 1;\n');
  assert.equal(stripCodeFence('text\n```\nlet a = 1;\n```'), 'text\n```\nlet a = 1;\n```');
});

let realStages: Stages;
before(async () => {
  await usePlatform();
  realStages = await defaultStages();
});

const SOURCE = `export interface Entity { id: number; name: string }
export class EntityService {
  async getEntity(entityId: number): Promise<Entity | null> { return null; }
  async renameEntity(entityId: number, newName: string): Promise<void> { return; }
  async listEntities(pageSize: number, pageToken: string): Promise<Entity[]> { return []; }
  async countActive(includeArchived: boolean): Promise<number> { return 0; }
}
`;

test('with the real Clew and Braid: the generated code is re-parsed and a broken naming convention is caught', async () => {
  const sent: SentRequest[] = [];
  let answer = 'async function deleteEntity(entityId: number): Promise<boolean> {\n  return true;\n}\n';
  const maze = await Orchestrator.create({
    backend: new VllmBackend({ url: 'http://model.test', apiKey: null, model: null }),
    stages: realStages,
    send: { timeoutMs: 1000, fetch: fakeFetch(() => completionOf(answer)(), sent) },
  });
  const request = { intent: 'add deleteEntity', language: 'typescript' as const, source: { text: SOURCE, file: 'entity.ts' } };
  const good = await maze.generate(request);
  assert.equal(good.validation!.valid, true, JSON.stringify(good.validation!.violations));
  assert.ok(good.validation!.checks.some((c) => c.check === 'parse' && c.status === 'passed'));
  assert.ok(good.provenance.constraintsApplied.some((c) => c.name.includes('getEntity')));
  answer = 'async function delete_entity(entity_id: number): Promise<boolean> {\n  return eval("true");\n}\n';
  const bad = await maze.generate(request);
  assert.equal(bad.cache.extraction, 'hit');
  assert.equal(bad.validation!.valid, false);
  const messages = bad.validation!.violations.map((v) => v.message).join('\n');
  assert.match(messages, /'delete_entity'/);
  assert.match(messages, /'entity_id'/);
  assert.match(messages, /eval/);
});
