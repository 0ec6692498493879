// POSTs JSON to an inference server with the global fetch (the same in Node, Bun and Deno):
// a timeout per attempt through AbortController, retries on connection errors and 5xx with
// exponential backoff and jitter, no retry on 4xx, and errors that carry the server's message
// with every secret redacted.
import { REDACTED } from './config.ts';

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  /** The exact JSON body sent. */
  body: unknown;
}

export interface RetryPolicy {
  /** Retries after the first attempt (the reference: 3). */
  retries: number;
  /** Delay before retry n (1-based) is baseDelayMs·2^(n-1), scaled by a jitter factor in [0.75, 1.25). */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 100 };

export interface SendOptions {
  timeoutMs: number;
  retry?: RetryPolicy;
  /** Strings that must never appear in an error message (the API key). */
  secrets?: readonly string[];
  /** Injected for tests; default setTimeout-based sleep, Math.random and the global fetch. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

export type BackendErrorKind = 'http' | 'timeout' | 'connection' | 'malformed_response';

/** A failed request to the inference server; `message` is for the user and holds no secret. */
export class BackendError extends Error {
  override name = 'BackendError';
  constructor(
    message: string,
    readonly kind: BackendErrorKind,
    readonly attempts: number,
    readonly status: number | null = null,
    /** The server's own message (from its JSON error body or its text), redacted. */
    readonly serverMessage: string | null = null,
  ) {
    super(message);
  }
}

export interface HttpResult {
  status: number;
  json: unknown;
  attempts: number;
}

export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  return policy.baseDelayMs * 2 ** (retry - 1) * (0.75 + 0.5 * random());
}

/** Replaces each secret (and its Bearer form) in text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join(REDACTED);
  return out;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's error message from an OpenAI-style, FastAPI or SGLang error body, else the text itself. */
export function serverMessageOf(text: string): string {
  const trimmed = text.trim();
  try {
    const body = JSON.parse(trimmed) as unknown;
    const found = findMessage(body);
    if (found !== null) return clip(found);
  } catch {
    // not JSON: the text is the message
  }
  return clip(trimmed === '' ? '(empty response body)' : trimmed);
}

function findMessage(body: unknown): string | null {
  if (typeof body === 'string') return body;
  if (body === null || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail', 'msg']) {
    const value = record[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map((v) => findMessage(v) ?? JSON.stringify(v)).join('; ');
    if (value !== null && typeof value === 'object') {
      const inner = findMessage(value);
      if (inner !== null) return inner;
    }
  }
  return null;
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Sends the request, retrying as the policy says; resolves with the parsed JSON of a 2xx response. */
export async function postJson(request: HttpRequest, options: SendOptions): Promise<HttpResult> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const secrets = options.secrets ?? [];
  const body = JSON.stringify(request.body);
  const where = redact(request.url, secrets);
  let lastError: BackendError | null = null;
  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    if (attempt > 1) await sleep(backoffDelayMs(attempt - 1, policy, random));
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await fetchFn(request.url, { method: 'POST', headers: request.headers, body, signal: controller.signal });
      status = response.status;
      text = await response.text();
    } catch (error) {
      clearTimeout(timer);
      if (timedOut) {
        // Not retried: a generation that outlived the timeout would most likely do so again.
        throw new BackendError(`${where}: no complete response within ${options.timeoutMs / 1000} s (attempt ${attempt})`, 'timeout', attempt);
      }
      const cause = describeFetchError(error);
      lastError = new BackendError(
        redact(`${where}: connection failed: ${cause} (attempt ${attempt} of ${policy.retries + 1})`, secrets),
        'connection',
        attempt,
      );
      continue;
    }
    clearTimeout(timer);
    if (status >= 500) {
      const message = redact(serverMessageOf(text), secrets);
      lastError = new BackendError(
        `${where}: server error ${status}: ${message} (attempt ${attempt} of ${policy.retries + 1})`,
        'http',
        attempt,
        status,
        message,
      );
      continue;
    }
    if (status >= 400) {
      const message = redact(serverMessageOf(text), secrets);
      throw new BackendError(`${where}: request rejected with ${status}: ${message}`, 'http', attempt, status, message);
    }
    try {
      return { status, json: JSON.parse(text) as unknown, attempts: attempt };
    } catch {
      const preview = redact(clip(text.trim()), secrets);
      throw new BackendError(
        `${where}: the server answered ${status} with a body that is not JSON: ${preview === '' ? '(empty)' : preview}`,
        'malformed_response',
        attempt,
        status,
      );
    }
  }
  throw lastError!;
}

function describeFetchError(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message ?? String(error)} (${cause})` : (e.message ?? String(error));
}
