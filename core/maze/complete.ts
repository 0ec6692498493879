// One completion from an inference server: send the backend's request with timeouts and
// retries, then read the completion out of its protocol's response.
import type { Completion, InferenceBackend } from './backends/backend.ts';
import type { MazeConfig } from './config.ts';
import { postJson, type HttpRequest, type SendOptions } from './http.ts';

export interface CompletionResult {
  completion: Completion;
  attempts: number;
}

export async function requestCompletion(backend: InferenceBackend, request: HttpRequest, options: SendOptions): Promise<CompletionResult> {
  const secrets = [...(options.secrets ?? []), ...(backend.endpoint.apiKey ? [backend.endpoint.apiKey.reveal()] : [])];
  const { json, attempts } = await postJson(request, { ...options, secrets });
  return { completion: backend.parseResponse(json, attempts), attempts };
}

/** Send options from the configuration (timeout in seconds there, milliseconds here). */
export function sendOptionsFromConfig(config: MazeConfig, overrides: Partial<SendOptions> = {}): SendOptions {
  return {
    timeoutMs: config.defaults.timeoutSeconds * 1000,
    retry: { retries: config.retries, baseDelayMs: 100 },
    secrets: config.endpoint.apiKey ? [config.endpoint.apiKey.reveal()] : [],
    ...overrides,
  };
}
