// `ananke generate` end to end against the loopback server: dry run prints the exact body and no
// key, a run prints code and validation, and each kind of failure has its exit status and message.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { usePlatform, repoPath } from '../../support/platform.ts';
import { run } from '../../../cli/commands/generate.ts';
import { startInferenceServer, type InferenceServer } from './inference-server.ts';
import { tempDir } from '../../support/temp.ts';

const KEY = 'sk-cli-very-secret-42';
let server: InferenceServer;
let dir: string;
before(async () => {
  await usePlatform();
  server = await startInferenceServer();
  dir = tempDir('ananke-generate-');
  writeFileSync(
    join(dir, 'entity.ts'),
    `export interface Entity { id: number; name: string }
export class EntityService {
  async getEntity(entityId: number): Promise<Entity | null> { return null; }
  async renameEntity(entityId: number, newName: string): Promise<void> { return; }
  async listEntities(pageSize: number, pageToken: string): Promise<Entity[]> { return []; }
}
`,
  );
  writeFileSync(
    join(dir, '.ananke.toml'),
    `[endpoint]\nurl = "${server.url}"\napi_key = "${KEY}"\nmodel = "test-model"\n\n[defaults]\nmax_tokens = 256\ntimeout = 5\nretries = 0\n`,
  );
  writeFileSync(join(dir, 'bad.toml'), '[defaults]\ntemperature = "warm"\n');
  writeFileSync(
    join(dir, 'set.json'),
    JSON.stringify({
      name: 'rules',
      constraints: [{ kind: 'security', severity: 'error', name: 'no_eval', description: 'Never call eval', language: 'python' }],
    }),
  );
});
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env, dir);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('--dry-run prints the exact request body, sends nothing and never shows the key', async () => {
  const r = await cli(['--source', 'entity.ts', '--intent', 'add deleteEntity', '--dry-run']);
  assert.equal(r.code, 0, r.err);
  assert.equal(server.received.length, 0);
  const body = JSON.parse(r.out);
  assert.equal(body.model, 'test-model');
  assert.equal(body.max_tokens, 256);
  assert.match(body.prompt, /add deleteEntity/);
  assert.equal(typeof body.structured_outputs.grammar, 'string');
  assert.match(r.err, new RegExp(`POST ${server.url}/v1/completions`));
  assert.match(r.err, /authorization: Bearer \[redacted\]/);
  assert.ok(!r.out.includes(KEY) && !r.err.includes(KEY));
});

test('--backend sglang and --output json change the body to SGLang with a json_schema string', async () => {
  const r = await cli(['--source', 'entity.ts', '--intent', 'an Entity', '--backend', 'sglang', '--output', 'json', '--dry-run']);
  assert.equal(r.code, 0, r.err);
  const body = JSON.parse(r.out);
  assert.deepEqual(Object.keys(body), ['text', 'sampling_params']);
  assert.equal(typeof JSON.parse(body.sampling_params.json_schema), 'object');
});

test('a run prints the code and a validation summary; exit 0 when valid', async () => {
  server.cannedText = 'async function deleteEntity(entityId: number): Promise<boolean> {\n  return true;\n}\n';
  const r = await cli(['--source', 'entity.ts', '--intent', 'add deleteEntity']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, server.cannedText.trimEnd());
  assert.match(r.err, /validation: valid \(\d+ passed, 0 failed/);
  assert.deepEqual(server.received[0]!.problems, []);
  assert.equal(server.received[0]!.headers.authorization, `Bearer ${KEY}`);
  assert.ok(!r.err.includes(KEY));
});

test('invalid code: exit 1 and the violations listed', async () => {
  server.cannedText = 'async function delete_entity(entityId: number): Promise<boolean> {\n  return eval("true");\n}\n';
  const r = await cli(['--source', 'entity.ts', '--intent', 'add deleteEntity']);
  assert.equal(r.code, 1);
  assert.match(r.err, /validation: INVALID/);
  assert.match(r.err, /✗ naming: function name\(s\) 'delete_entity'/);
  assert.match(r.err, /✗ forbidden_call: .*eval/);
});

test('--json prints the whole result', async () => {
  server.cannedText = 'async function deleteEntity(entityId: number): Promise<boolean> {\n  return true;\n}\n';
  const r = await cli(['--source', 'entity.ts', '--intent', 'add deleteEntity', '--json', '--api', 'chat']);
  const result = JSON.parse(r.out);
  assert.equal(result.provenance.url, `${server.url}/v1/chat/completions`);
  assert.equal(result.provenance.intent, 'add deleteEntity');
  assert.equal(result.validation.valid, true);
  assert.ok(!r.out.includes(KEY));
});

test('a 400 from the server: exit 3 with its message, not retried', async () => {
  server.script({ kind: 'status', status: 400, body: `{"object":"error","message":"The model 'test-model' does not exist (api key ${KEY})"}` });
  const r = await cli(['--source', 'entity.ts', '--intent', 'x']);
  assert.equal(r.code, 3);
  assert.match(r.err, /rejected with 400: The model 'test-model' does not exist \(api key \[redacted\]\)/);
  assert.equal(server.received.length, 1);
  assert.ok(!r.err.includes(KEY));
});

test('usage and input mistakes: exit 2 with a clear message', async () => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['--source', 'entity.ts'], {}, /--intent is required/],
    [['--intent', 'x'], {}, /exactly one of --source FILE or --constraints FILE\.json/],
    [['--source', 'missing.ts', '--intent', 'x'], {}, /missing\.ts: cannot read the source file: no such file or directory/],
    [['--source', 'entity.ts', '--intent', 'x', '--config', 'bad.toml'], {}, /bad\.toml: \[defaults\] temperature must be a number from 0 to 2, got 'warm'/],
    [['--source', 'entity.ts', '--intent', 'x', '--backend', 'tgi'], {}, /--backend must be one of vllm, sglang, got 'tgi'/],
    [['--source', 'entity.ts', '--intent', 'x'], { ANANKE_TIMEOUT: 'never' }, /ANANKE_TIMEOUT must be a number/],
    [['--source', 'entity.ts', '--intent', 'x', '--max-tokens', '0'], {}, /--max-tokens must be a positive integer/],
    [['--source', 'notes.txt', '--intent', 'x'], {}, /notes\.txt: cannot tell the language/],
  ];
  for (const [args, env, pattern] of cases) {
    const r = await cli(args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, pattern);
    assert.ok(!/\n\s+at /.test(r.err), 'no stack trace');
  }
  assert.equal(server.received.length, 0);
});

test('a constraint set instead of a source file', async () => {
  const r = await cli(['--constraints', 'set.json', '--intent', 'read a file', '--dry-run']);
  assert.equal(r.code, 0, r.err);
  const prompt = JSON.parse(r.out).prompt;
  assert.match(prompt, /You write Python code/);
  assert.match(prompt, /The code must follow these constraints:\n- Never call eval/, 'a constraint without facts is stated by its description');
});

test('the ananke binary dispatches to generate (dry run in a subprocess)', () => {
  const main = repoPath('cli/main.ts');
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import(${JSON.stringify(main)}).then((m) => m.main(process.argv.slice(1))).then((c) => process.exit(c))`,
      'generate',
      '--source',
      join(dir, 'entity.ts'),
      '--intent',
      'x',
      '--dry-run',
    ],
    {
      cwd: repoPath(''),
      env: { ...process.env, ANANKE_API_KEY: KEY, ANANKE_ENDPOINT_URL: 'http://127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.equal(child.status, 0, child.stderr);
  assert.equal(typeof JSON.parse(child.stdout).prompt, 'string');
  assert.match(child.stderr, /POST http:\/\/127\.0\.0\.1:1\/v1\/completions/);
  assert.ok(!child.stdout.includes(KEY) && !child.stderr.includes(KEY));
});
