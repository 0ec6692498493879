// .ananke.toml and ANANKE_* variables: defaults, overrides, clear errors, and a key that never prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ConfigError, DEFAULT_CONFIG, loadConfig, Secret } from '../../../core/maze/config.ts';
import { backendFromConfig, SglangBackend, type VllmBackend } from '../../../core/maze/backends/index.ts';
import { sendOptionsFromConfig } from '../../../core/maze/complete.ts';

const TOML = `
[endpoint]
url = "https://gpu.example.com:8000/v1/"
api_key = "sk-live-secret-value"
model = "Qwen/Qwen2.5-Coder-7B-Instruct"

[defaults]
max_tokens = 512
temperature = 0.2
timeout = 60
`;

test('without a file or variables the reference defaults apply', () => {
  const config = loadConfig(null, {});
  assert.deepEqual(config.defaults, { maxTokens: 2048, temperature: 0.7, timeoutSeconds: 300 });
  assert.equal(config.retries, 3);
  assert.equal(config.endpoint.apiKey, null);
  assert.equal(config.endpoint.backend, 'vllm');
  assert.equal(DEFAULT_CONFIG.endpoint.apiKey, null);
});

test('the file sets endpoint and defaults; a trailing slash is dropped', () => {
  const config = loadConfig(TOML, {});
  assert.equal(config.endpoint.url, 'https://gpu.example.com:8000/v1');
  assert.equal(config.endpoint.apiKey?.reveal(), 'sk-live-secret-value');
  assert.equal(config.endpoint.model, 'Qwen/Qwen2.5-Coder-7B-Instruct');
  assert.deepEqual(config.defaults, { maxTokens: 512, temperature: 0.2, timeoutSeconds: 60 });
  assert.equal(sendOptionsFromConfig(config).timeoutMs, 60_000);
});

test('environment variables override the file', () => {
  const config = loadConfig(TOML, {
    ANANKE_ENDPOINT_URL: 'http://127.0.0.1:30000',
    ANANKE_API_KEY: 'sk-from-env',
    ANANKE_MODEL: 'm2',
    ANANKE_BACKEND: 'sglang',
    ANANKE_MAX_TOKENS: '100',
    ANANKE_TEMPERATURE: '0',
    ANANKE_TIMEOUT: '5',
    ANANKE_RETRIES: '1',
    UNRELATED: 'x',
    ANANKE_API: '',
  });
  assert.equal(config.endpoint.url, 'http://127.0.0.1:30000');
  assert.equal(config.endpoint.apiKey?.reveal(), 'sk-from-env');
  assert.equal(config.endpoint.model, 'm2');
  assert.deepEqual(config.defaults, { maxTokens: 100, temperature: 0, timeoutSeconds: 5 });
  assert.equal(config.retries, 1);
  const backend = backendFromConfig(config);
  assert.ok(backend instanceof SglangBackend);
  assert.equal((backend as SglangBackend).url, 'http://127.0.0.1:30000/generate');
  assert.equal((backendFromConfig(loadConfig(TOML, {})) as VllmBackend).url, 'https://gpu.example.com:8000/v1/completions');
});

test('mistakes name the file and key, or the variable', () => {
  const cases: Array<[string | null, Record<string, string>, RegExp]> = [
    ['[defaults]\ntemperature = "hot"', {}, /^my\.toml: \[defaults\] temperature must be a number from 0 to 2, got 'hot'$/],
    ['[defaults]\nmax_tokens = 0', {}, /\[defaults\] max_tokens must be an integer from 1, got 0/],
    ['[endpoint]\nurl = "ftp://x"', {}, /\[endpoint\] url must be an http:\/\/ or https:\/\/ URL/],
    ['[endpoint]\nmodle = "x"', {}, /unknown key 'modle' in \[endpoint\]/],
    ['[server]\nurl = "http://x"', {}, /unknown table \[server\]/],
    ['[endpoint\nurl = 1', {}, /^my\.toml:\d+(:\d+)?: not valid TOML/],
    [null, { ANANKE_TIMEOUT: 'soon' }, /^ANANKE_TIMEOUT must be a number/],
    [null, { ANANKE_BACKEND: 'tgi' }, /^ANANKE_BACKEND must be one of vllm, sglang, got 'tgi'$/],
  ];
  for (const [toml, env, pattern] of cases) {
    assert.throws(
      () => loadConfig(toml, env, 'my.toml'),
      (e: Error) => e instanceof ConfigError && pattern.test(e.message),
      `${toml} ${JSON.stringify(env)}`,
    );
  }
});

test('the API key never appears when the config is printed or serialized', () => {
  const config = loadConfig(TOML, {});
  const secret = 'sk-live-secret-value';
  assert.ok(!JSON.stringify(config).includes(secret));
  assert.ok(!String(config.endpoint.apiKey).includes(secret));
  assert.ok(!`${config.endpoint.apiKey}`.includes(secret));
  assert.equal(JSON.stringify({ k: new Secret('abc') }), '{"k":"[redacted]"}');
  assert.ok(!inspect(config, { depth: 5 }).includes(secret));
  assert.ok(!inspect(config.endpoint.apiKey, { showHidden: true }).includes(secret));
  const inspected = (globalThis as { Deno?: { inspect(v: unknown): string } }).Deno?.inspect(config) ?? null;
  if (inspected !== null) assert.ok(!inspected.includes(secret));
});
