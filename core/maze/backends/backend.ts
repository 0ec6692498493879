// The interface every inference-server client implements: build the exact request for a prompt
// and a structured output, and read the completion out of the server's JSON.
import type { Secret } from '../config.ts';
import { REDACTED } from '../config.ts';
import { BackendError, type HttpRequest } from '../http.ts';
import type { Prompt } from './prompt.ts';
import type { StructuredOutput } from './structured.ts';
import type { TokenMaskField, TokenMaskRequest } from './token-mask.ts';

export interface GenerationParams {
  maxTokens: number;
  temperature: number;
}

export interface Endpoint {
  url: string;
  apiKey: Secret | null;
  model: string | null;
}

export interface Completion {
  text: string;
  /** The model the server says answered (vLLM), else the configured model. */
  model: string | null;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
}

export interface InferenceBackend {
  readonly name: string;
  readonly endpoint: Endpoint;
  /** The fields this protocol can carry a fixed token mask in (none when absent); see token-mask.ts. */
  readonly tokenMaskFields?: readonly TokenMaskField[];
  /** `tokenMask`, when given, is added to the request as the field it names. */
  buildRequest(prompt: Prompt, structured: StructuredOutput, params: GenerationParams, tokenMask?: TokenMaskRequest | null): HttpRequest;
  /** Throws BackendError('malformed_response') when the JSON is not this protocol's response. */
  parseResponse(json: unknown, attempts: number): Completion;
}

export function jsonHeaders(endpoint: Endpoint): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (endpoint.apiKey !== null) headers.authorization = `Bearer ${endpoint.apiKey.reveal()}`;
  return headers;
}

/** The request as it may be shown (dry run, logs): the Authorization header redacted. */
export function displayableRequest(request: HttpRequest): HttpRequest {
  const headers = { ...request.headers };
  if (headers.authorization !== undefined) headers.authorization = `Bearer ${REDACTED}`;
  return { url: request.url, headers, body: request.body };
}

/** The server's base URL without a trailing /v1 (each protocol adds its own path). */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function malformed(url: string, what: string, attempts: number, json: unknown): BackendError {
  const preview = JSON.stringify(json)?.slice(0, 300) ?? String(json);
  return new BackendError(`${url}: the response has no ${what}: ${preview}`, 'malformed_response', attempts);
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
