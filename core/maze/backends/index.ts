// Inference-server clients and the structured-output choice they share.
import type { MazeConfig } from '../config.ts';
import type { InferenceBackend } from './backend.ts';
import { SglangBackend } from './sglang.ts';
import { VllmBackend, type VllmOptions } from './vllm.ts';

export * from './backend.ts';
export * from './structured.ts';
export * from './prompt.ts';
export * from './llguidance.ts';
export * from './token-mask.ts';
export { VllmBackend, type VllmOptions } from './vllm.ts';
export { SglangBackend } from './sglang.ts';

/** The backend the configuration names. */
export function backendFromConfig(config: MazeConfig, options: Omit<VllmOptions, 'api'> = {}): InferenceBackend {
  const endpoint = { url: config.endpoint.url, apiKey: config.endpoint.apiKey, model: config.endpoint.model };
  return config.endpoint.backend === 'sglang' ? new SglangBackend(endpoint) : new VllmBackend(endpoint, { ...options, api: config.endpoint.api });
}
