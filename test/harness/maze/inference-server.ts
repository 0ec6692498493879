// A loopback stand-in for vLLM's OpenAI-compatible server and SGLang's /generate: it checks each
// request body against the protocol, answers with canned completions, and can fail on purpose
// (status codes, slowness, non-JSON, connection resets) so the client's error paths are exercised.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { kind: 'ok'; text?: string }
  | { kind: 'status'; status: number; body: string }
  | { kind: 'slow'; delayMs: number; text?: string }
  | { kind: 'garbage'; body: string }
  | { kind: 'reset' };

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** What is wrong with the body for its protocol; empty when it is well-formed. */
  problems: string[];
}

const VLLM_STRUCTURED_KEYS = ['json', 'regex', 'choice', 'grammar', 'json_object', 'structural_tag'];
const VLLM_BODY_KEYS = [
  'model',
  'prompt',
  'messages',
  'max_tokens',
  'temperature',
  'structured_outputs',
  'response_format',
  'stream',
  'stop',
  'top_p',
  'n',
  'seed',
  'allowed_token_ids',
  'logit_bias',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What vLLM checks of token ids: logit_bias keys are ids with a bias in [-100, 100]; allowed_token_ids is a non-empty id list. */
function tokenIdProblems(holder: Record<string, unknown>, where: string, vocabSize: number): string[] {
  const problems: string[] = [];
  const isId = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 0 && (x as number) < vocabSize;
  if (holder.logit_bias !== undefined) {
    const bias = holder.logit_bias;
    if (!isObject(bias)) problems.push(`${where}logit_bias must be an object`);
    else
      for (const [key, value] of Object.entries(bias)) {
        if (!/^\d+$/.test(key) || !isId(Number(key))) problems.push(`${where}logit_bias key '${key}' is not a token id below ${vocabSize}`);
        if (typeof value !== 'number' || value < -100 || value > 100) problems.push(`${where}logit_bias[${key}] must be a number in [-100, 100]`);
      }
  }
  if (holder.allowed_token_ids !== undefined) {
    const ids = holder.allowed_token_ids;
    if (!Array.isArray(ids) || ids.length === 0) problems.push('allowed_token_ids is not None and empty!');
    else if (!ids.every(isId)) problems.push('allowed_token_ids contains out-of-vocab token id!');
  }
  return problems;
}

/** vLLM (≥ 0.12) request checks: the fields it reads, and at most one structured-output directive. */
export function vllmProblems(body: unknown, api: 'completions' | 'chat', vocabSize = Number.MAX_SAFE_INTEGER): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return ['body is not a JSON object'];
  problems.push(...tokenIdProblems(body, '', vocabSize));
  for (const key of Object.keys(body)) if (!VLLM_BODY_KEYS.includes(key)) problems.push(`unknown field '${key}'`);
  if (body.model !== undefined && typeof body.model !== 'string') problems.push('model must be a string');
  if (api === 'completions') {
    if (typeof body.prompt !== 'string' || body.prompt === '') problems.push('prompt must be a non-empty string');
    if (body.messages !== undefined) problems.push('messages is a chat field');
  } else {
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0) problems.push('messages must be a non-empty array');
    else
      for (const m of messages)
        if (!isObject(m) || !['system', 'user', 'assistant'].includes(m.role as string) || typeof m.content !== 'string')
          problems.push(`bad message ${JSON.stringify(m)}`);
    if (body.prompt !== undefined) problems.push('prompt is a completions field');
  }
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) problems.push('max_tokens must be a positive integer');
  if (typeof body.temperature !== 'number' || body.temperature < 0) problems.push('temperature must be a non-negative number');
  if (body.structured_outputs !== undefined) {
    const so = body.structured_outputs;
    if (!isObject(so)) problems.push('structured_outputs must be an object');
    else {
      const keys = Object.keys(so).filter((k) => VLLM_STRUCTURED_KEYS.includes(k));
      if (keys.length !== 1) problems.push(`structured_outputs needs exactly one of ${VLLM_STRUCTURED_KEYS.join('/')}, got ${JSON.stringify(Object.keys(so))}`);
      if (so.grammar !== undefined && (typeof so.grammar !== 'string' || so.grammar === '')) problems.push('structured_outputs.grammar must be grammar text');
      if (so.regex !== undefined && typeof so.regex !== 'string') problems.push('structured_outputs.regex must be a string');
      if (so.json !== undefined && !isObject(so.json) && typeof so.json !== 'string') problems.push('structured_outputs.json must be a schema');
    }
    if (body.response_format !== undefined) problems.push('structured_outputs and response_format together');
  }
  if (body.response_format !== undefined) {
    const rf = body.response_format;
    if (
      !isObject(rf) ||
      rf.type !== 'json_schema' ||
      !isObject(rf.json_schema) ||
      typeof rf.json_schema.name !== 'string' ||
      !isObject(rf.json_schema.schema)
    ) {
      problems.push(`response_format must be {type: 'json_schema', json_schema: {name, schema}}, got ${JSON.stringify(rf)}`);
    }
  }
  return problems;
}

/** SGLang /generate checks: text plus sampling_params with at most one of ebnf/json_schema (a string)/regex. */
export function sglangProblems(body: unknown, vocabSize = Number.MAX_SAFE_INTEGER): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return ['body is not a JSON object'];
  for (const key of Object.keys(body)) if (!['text', 'sampling_params', 'stream', 'rid'].includes(key)) problems.push(`unknown field '${key}'`);
  if (typeof body.text !== 'string' || body.text === '') problems.push('text must be a non-empty string');
  const sp = body.sampling_params;
  if (!isObject(sp)) return [...problems, 'sampling_params must be an object'];
  for (const key of Object.keys(sp))
    if (!['max_new_tokens', 'temperature', 'ebnf', 'json_schema', 'regex', 'structural_tag', 'stop', 'top_p', 'logit_bias'].includes(key))
      problems.push(`unknown sampling param '${key}'`);
  problems.push(...tokenIdProblems(sp, 'sampling_params.', vocabSize));
  if (!Number.isInteger(sp.max_new_tokens) || (sp.max_new_tokens as number) < 1) problems.push('max_new_tokens must be a positive integer');
  if (typeof sp.temperature !== 'number') problems.push('temperature must be a number');
  const constraints = ['ebnf', 'json_schema', 'regex', 'structural_tag'].filter((k) => sp[k] !== undefined);
  if (constraints.length > 1) problems.push(`only one of ebnf/json_schema/regex, got ${constraints.join(', ')}`);
  for (const k of ['ebnf', 'regex', 'json_schema']) if (sp[k] !== undefined && typeof sp[k] !== 'string') problems.push(`${k} must be a string`);
  if (typeof sp.json_schema === 'string') {
    try {
      if (!isObject(JSON.parse(sp.json_schema))) problems.push('json_schema must hold a JSON object');
    } catch {
      problems.push('json_schema is not JSON text');
    }
  }
  return problems;
}

export interface InferenceServer {
  url: string;
  received: ReceivedRequest[];
  /** Behaviours for the next requests, in order; when empty, requests get `{kind: 'ok'}`. */
  script(...behaviours: Behaviour[]): void;
  /** The completion text of 'ok' answers without their own. */
  cannedText: string;
  close(): Promise<void>;
}

/** `vocabSize`: the served model's vocabulary size, which token ids in a request must stay below. */
export async function startInferenceServer(options: { vocabSize?: number } = {}): Promise<InferenceServer> {
  const vocabSize = options.vocabSize ?? Number.MAX_SAFE_INTEGER;
  const queue: Behaviour[] = [];
  const received: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const state = { cannedText: 'function add(a: number, b: number): number {\n  return a + b;\n}\n' };

  const answer = (res: ServerResponse, path: string, text: string): void => {
    let payload: unknown;
    if (path === '/generate') payload = { text, meta_info: { id: 'r1', finish_reason: { type: 'stop' }, prompt_tokens: 12, completion_tokens: 20 } };
    else if (path === '/v1/chat/completions')
      payload = {
        id: 'c1',
        object: 'chat.completion',
        model: 'test-model',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 },
      };
    else
      payload = {
        id: 'c1',
        object: 'text_completion',
        model: 'test-model',
        choices: [{ index: 0, text, finish_reason: 'stop' }],
        usage: { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 },
      };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const path = req.url ?? '/';
    let body: unknown;
    const problems: string[] = [];
    try {
      body = JSON.parse(raw);
    } catch {
      problems.push('body is not JSON');
    }
    if (req.method !== 'POST') problems.push(`method ${req.method}`);
    if (req.headers['content-type'] !== 'application/json') problems.push(`content-type ${req.headers['content-type']}`);
    if (path === '/v1/completions') problems.push(...vllmProblems(body, 'completions', vocabSize));
    else if (path === '/v1/chat/completions') problems.push(...vllmProblems(body, 'chat', vocabSize));
    else if (path === '/generate') problems.push(...sglangProblems(body, vocabSize));
    else {
      received.push({ path, headers: req.headers, body, problems: [`no such endpoint ${path}`] });
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not Found' }));
      return;
    }
    received.push({ path, headers: req.headers, body, problems });
    if (problems.length > 0) {
      // What vLLM does with a request it cannot validate: 400 with an OpenAI-style error.
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'error', message: `malformed request: ${problems.join('; ')}`, type: 'BadRequestError', code: 400 }));
      return;
    }
    const behaviour = queue.shift() ?? { kind: 'ok' };
    switch (behaviour.kind) {
      case 'ok':
        answer(res, path, behaviour.text ?? state.cannedText);
        return;
      case 'status':
        res.writeHead(behaviour.status, { 'content-type': 'application/json' }).end(behaviour.body);
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) answer(res, path, behaviour.text ?? state.cannedText);
        }, behaviour.delayMs);
        timers.add(timer);
        return;
      }
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' }).end(behaviour.body);
        return;
      case 'reset':
        req.socket.destroy();
        return;
    }
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (...behaviours) => queue.push(...behaviours),
    get cannedText() {
      return state.cannedText;
    },
    set cannedText(text: string) {
      state.cannedText = text;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
