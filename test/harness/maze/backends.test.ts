// vLLM and SGLang clients against a real HTTP server on loopback: request shapes, retries,
// timeouts, malformed answers, connection resets, and the API key never leaking.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SglangBackend,
  VllmBackend,
  buildPrompt,
  displayableRequest,
  type InferenceBackend,
  type StructuredOutput,
} from '../../../core/maze/backends/index.ts';
import { requestCompletion } from '../../../core/maze/complete.ts';
import { Secret } from '../../../core/maze/config.ts';
import type { BackendError, SendOptions } from '../../../core/maze/http.ts';
import { startInferenceServer, type InferenceServer } from './inference-server.ts';

const KEY = 'sk-test-0123456789abcdef';
const prompt = buildPrompt('Write an add function', 'typescript', []);
const params = { maxTokens: 64, temperature: 0.2 };
const schema = { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] };

let server: InferenceServer;
let sleeps: number[];
before(async () => {
  server = await startInferenceServer();
});
after(async () => {
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
  sleeps = [];
});

/** Retries without waiting: the sleeps are recorded, the jitter is fixed at its midpoint (factor 1). */
function options(overrides: Partial<SendOptions> = {}): SendOptions {
  return { timeoutMs: 2000, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...overrides };
}

function vllm(api: 'completions' | 'chat' = 'completions', jsonVia: 'structured_outputs' | 'response_format' = 'structured_outputs'): VllmBackend {
  return new VllmBackend({ url: server.url, apiKey: new Secret(KEY), model: 'test-model' }, { api, jsonVia });
}
function sglang(): SglangBackend {
  return new SglangBackend({ url: `${server.url}/v1`, apiKey: null, model: 'sg-model' });
}

async function complete(backend: InferenceBackend, structured: StructuredOutput, send: SendOptions = options()) {
  return requestCompletion(backend, backend.buildRequest(prompt, structured, params), send);
}

describe('request shapes', () => {
  const cases: Array<[string, () => InferenceBackend, StructuredOutput, string, (body: any) => void]> = [
    [
      'vLLM completions + grammar',
      () => vllm(),
      { kind: 'grammar', lark: 'start: "x"', ebnf: 'root ::= "x"' },
      '/v1/completions',
      (b) => {
        assert.deepEqual(b.structured_outputs, { grammar: 'root ::= "x"' });
        assert.equal(typeof b.prompt, 'string');
        assert.equal(b.model, 'test-model');
        assert.equal(b.max_tokens, 64);
        assert.equal(b.temperature, 0.2);
      },
    ],
    [
      'vLLM completions + regex',
      () => vllm(),
      { kind: 'regex', pattern: '[a-z]+' },
      '/v1/completions',
      (b) => assert.deepEqual(b.structured_outputs, { regex: '[a-z]+' }),
    ],
    [
      'vLLM chat + structured_outputs.json',
      () => vllm('chat'),
      { kind: 'json', schema },
      '/v1/chat/completions',
      (b) => {
        assert.deepEqual(b.structured_outputs, { json: schema });
        assert.deepEqual(
          b.messages.map((m: any) => m.role),
          ['system', 'user'],
        );
        assert.equal(b.messages[1].content, 'Write an add function');
      },
    ],
    [
      'vLLM chat + response_format',
      () => vllm('chat', 'response_format'),
      { kind: 'json', schema },
      '/v1/chat/completions',
      (b) => {
        assert.deepEqual(b.response_format, { type: 'json_schema', json_schema: { name: 'output', schema } });
        assert.equal(b.structured_outputs, undefined);
      },
    ],
    ['vLLM unconstrained', () => vllm(), { kind: 'none' }, '/v1/completions', (b) => assert.equal(b.structured_outputs, undefined)],
    [
      'SGLang + ebnf',
      () => sglang(),
      { kind: 'grammar', lark: null, ebnf: 'root ::= "x"' },
      '/generate',
      (b) => assert.deepEqual(b.sampling_params, { max_new_tokens: 64, temperature: 0.2, ebnf: 'root ::= "x"' }),
    ],
    [
      'SGLang + json_schema as a string',
      () => sglang(),
      { kind: 'json', schema },
      '/generate',
      (b) => {
        assert.equal(typeof b.sampling_params.json_schema, 'string');
        assert.deepEqual(JSON.parse(b.sampling_params.json_schema), schema);
      },
    ],
    ['SGLang + regex', () => sglang(), { kind: 'regex', pattern: '\\d+' }, '/generate', (b) => assert.equal(b.sampling_params.regex, '\\d+')],
  ];
  for (const [name, make, structured, path, check] of cases) {
    test(`${name}: well-formed for the protocol, completion read back`, async () => {
      const backend = make();
      const { completion, attempts } = await complete(backend, structured);
      assert.equal(attempts, 1);
      assert.equal(server.received.length, 1);
      const got = server.received[0]!;
      assert.equal(got.path, path);
      assert.deepEqual(got.problems, []);
      check(got.body);
      assert.equal(completion.text, server.cannedText);
      assert.equal(completion.model, path === '/generate' ? 'sg-model' : 'test-model');
      assert.equal(completion.finishReason, 'stop');
      assert.equal(completion.completionTokens, 20);
      assert.equal(got.headers.authorization, path === '/generate' ? undefined : `Bearer ${KEY}`);
    });
  }

  test('the loopback server rejects a malformed body (its checks can fail)', async () => {
    const backend = vllm();
    const request = backend.buildRequest(prompt, { kind: 'regex', pattern: 'x' }, params);
    (request.body as any).structured_outputs = { regex: 'x', json: {} };
    await assert.rejects(requestCompletion(backend, request, options()), (e: BackendError) => e.status === 400 && /exactly one of/.test(e.message));
    assert.notDeepEqual(server.received[0]!.problems, []);
  });
});

describe('errors and retries', () => {
  test('500 then success: retried once after 100 ms', async () => {
    server.script({ kind: 'status', status: 500, body: '{"error":{"message":"CUDA out of memory"}}' }, { kind: 'ok', text: 'ok!' });
    const { completion, attempts } = await complete(vllm(), { kind: 'none' });
    assert.equal(completion.text, 'ok!');
    assert.equal(attempts, 2);
    assert.deepEqual(sleeps, [100]);
  });

  test('5xx every time: 3 retries with backoff 100, 200, 400 ms, then the server message', async () => {
    server.script(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 503, body: '{"detail":"model is loading"}' })));
    await assert.rejects(complete(sglang(), { kind: 'none' }), (e: BackendError) => {
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 503);
      assert.equal(e.attempts, 4);
      assert.equal(e.serverMessage, 'model is loading');
      assert.match(e.message, /server error 503: model is loading \(attempt 4 of 4\)/);
      return true;
    });
    assert.deepEqual(sleeps, [100, 200, 400]);
    assert.equal(server.received.length, 4);
  });

  test('jitter scales each delay within ±25%', async () => {
    server.script({ kind: 'status', status: 502, body: 'bad gateway' }, { kind: 'status', status: 502, body: 'bad gateway' }, { kind: 'ok' });
    await complete(vllm(), { kind: 'none' }, options({ random: () => 0 }));
    assert.deepEqual(sleeps, [75, 150]);
  });

  test('400: not retried, the server message is shown', async () => {
    server.script({
      kind: 'status',
      status: 400,
      body: '{"object":"error","message":"Grammar is not valid: unexpected token at line 3","type":"BadRequestError","code":400}',
    });
    await assert.rejects(complete(vllm(), { kind: 'none' }), (e: BackendError) => {
      assert.equal(e.attempts, 1);
      assert.equal(e.status, 400);
      assert.match(e.message, /rejected with 400: Grammar is not valid: unexpected token at line 3/);
      return true;
    });
    assert.equal(server.received.length, 1);
    assert.deepEqual(sleeps, []);
  });

  test('a response slower than the timeout fails with a timeout error, not retried', async () => {
    server.script({ kind: 'slow', delayMs: 3000 });
    const started = performance.now();
    await assert.rejects(complete(vllm(), { kind: 'none' }, options({ timeoutMs: 150 })), (e: BackendError) => {
      assert.equal(e.kind, 'timeout');
      assert.equal(e.attempts, 1);
      assert.match(e.message, /no complete response within 0\.15 s/);
      return true;
    });
    assert.ok(performance.now() - started < 2500, 'the client gave up before the server answered');
    assert.equal(server.received.length, 1);
  });

  test('a 200 with a body that is not JSON is a clear malformed-response error', async () => {
    server.script({ kind: 'garbage', body: '<html>502 from a proxy' });
    await assert.rejects(
      complete(sglang(), { kind: 'none' }),
      (e: BackendError) => e.kind === 'malformed_response' && /not JSON: <html>502 from a proxy/.test(e.message),
    );
  });

  test('JSON that is not the protocol answer is a malformed-response error naming the missing field', async () => {
    server.script({ kind: 'garbage', body: '{"choices":[]}' });
    await assert.rejects(
      complete(vllm('chat'), { kind: 'none' }),
      (e: BackendError) => e.kind === 'malformed_response' && /no choices\[0\]\.message\.content/.test(e.message),
    );
  });

  test('connection reset then success: retried', async () => {
    server.script({ kind: 'reset' }, { kind: 'ok', text: 'after reset' });
    const { completion, attempts } = await complete(vllm(), { kind: 'none' });
    assert.equal(completion.text, 'after reset');
    assert.equal(attempts, 2);
    assert.deepEqual(sleeps, [100]);
  });

  test('connection reset every time: a connection error after 4 attempts', async () => {
    server.script({ kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' });
    await assert.rejects(
      complete(sglang(), { kind: 'none' }),
      (e: BackendError) => e.kind === 'connection' && e.attempts === 4 && /connection failed/.test(e.message),
    );
    assert.deepEqual(sleeps, [100, 200, 400]);
  });

  test('nothing listening: a connection error naming the URL', async () => {
    const backend = new VllmBackend({ url: 'http://127.0.0.1:9', apiKey: null, model: null });
    await assert.rejects(
      requestCompletion(backend, backend.buildRequest(prompt, { kind: 'none' }, params), options({ retry: { retries: 1, baseDelayMs: 100 } })),
      (e: BackendError) => e.kind === 'connection' && e.message.includes('http://127.0.0.1:9/v1/completions') && e.attempts === 2,
    );
  });
});

describe('the API key', () => {
  test('is redacted from errors even when the server echoes it', async () => {
    server.script({ kind: 'status', status: 401, body: JSON.stringify({ error: { message: `invalid key Bearer ${KEY}` } }) });
    await assert.rejects(complete(vllm(), { kind: 'none' }), (e: BackendError) => {
      assert.ok(!e.message.includes(KEY), e.message);
      assert.ok(!String(e.serverMessage).includes(KEY));
      assert.match(e.message, /invalid key Bearer \[redacted\]/);
      return true;
    });
  });

  test('is redacted from a displayable (dry-run) request, and absent from the body', () => {
    const request = vllm().buildRequest(prompt, { kind: 'none' }, params);
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    const shown = JSON.stringify(displayableRequest(request));
    assert.ok(!shown.includes(KEY));
    assert.match(shown, /Bearer \[redacted\]/);
    assert.ok(!JSON.stringify(request.body).includes(KEY));
  });
});
