// vLLM's OpenAI-compatible server (≥ 0.12): /v1/completions or /v1/chat/completions, with
// `structured_outputs` holding exactly one of grammar/json/regex, or the standard
// `response_format: {type: 'json_schema', json_schema: {name, schema}}` for a JSON Schema.
import type { VllmApi } from '../config.ts';
import type { HttpRequest } from '../http.ts';
import { baseUrl, jsonHeaders, malformed, numberOrNull, type Completion, type Endpoint, type GenerationParams, type InferenceBackend } from './backend.ts';
import type { Prompt } from './prompt.ts';
import type { StructuredOutput } from './structured.ts';
import { banBias, type TokenMaskField, type TokenMaskRequest } from './token-mask.ts';

export interface VllmOptions {
  api?: VllmApi;
  /** How a JSON Schema is sent: vLLM's structured_outputs.json (default) or OpenAI's response_format. */
  jsonVia?: 'structured_outputs' | 'response_format';
  /** Which grammar text to send when the IR has both: XGrammar EBNF (vLLM's default backend) or Lark. */
  grammarDialect?: 'ebnf' | 'lark';
}

export class VllmBackend implements InferenceBackend {
  readonly name = 'vllm';
  readonly api: VllmApi;
  readonly jsonVia: 'structured_outputs' | 'response_format';
  readonly grammarDialect: 'ebnf' | 'lark';
  /** vLLM's sampling params take a whitelist (allowed_token_ids) and OpenAI's logit_bias, both applied at every step. */
  readonly tokenMaskFields: readonly TokenMaskField[] = ['allowed_token_ids', 'logit_bias'];

  constructor(
    readonly endpoint: Endpoint,
    options: VllmOptions = {},
  ) {
    this.api = options.api ?? 'completions';
    this.jsonVia = options.jsonVia ?? 'structured_outputs';
    this.grammarDialect = options.grammarDialect ?? 'ebnf';
  }

  get url(): string {
    return `${baseUrl(this.endpoint.url)}/v1/${this.api === 'chat' ? 'chat/completions' : 'completions'}`;
  }

  buildRequest(prompt: Prompt, structured: StructuredOutput, params: GenerationParams, tokenMask: TokenMaskRequest | null = null): HttpRequest {
    const body: Record<string, unknown> = {};
    if (this.endpoint.model !== null) body.model = this.endpoint.model;
    if (this.api === 'chat') {
      body.messages = [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ];
    } else {
      body.prompt = prompt.completion;
    }
    body.max_tokens = params.maxTokens;
    body.temperature = params.temperature;
    switch (structured.kind) {
      case 'grammar': {
        const text = this.grammarDialect === 'lark' ? (structured.lark ?? structured.ebnf) : (structured.ebnf ?? structured.lark);
        body.structured_outputs = { grammar: text };
        break;
      }
      case 'json':
        if (this.jsonVia === 'response_format') body.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: structured.schema } };
        else body.structured_outputs = { json: structured.schema };
        break;
      case 'regex':
        body.structured_outputs = { regex: structured.pattern };
        break;
      case 'none':
        break;
    }
    if (tokenMask !== null && tokenMask.ids.length > 0) {
      if (tokenMask.field === 'allowed_token_ids') body.allowed_token_ids = tokenMask.ids;
      else body.logit_bias = banBias(tokenMask.ids);
    }
    return { url: this.url, headers: jsonHeaders(this.endpoint), body };
  }

  parseResponse(json: unknown, attempts: number): Completion {
    const choice = (json as { choices?: unknown[] } | null)?.choices?.[0] as Record<string, unknown> | undefined;
    const text = this.api === 'chat' ? (choice?.message as { content?: unknown } | undefined)?.content : choice?.text;
    if (typeof text !== 'string') throw malformed(this.url, this.api === 'chat' ? 'choices[0].message.content' : 'choices[0].text', attempts, json);
    const response = json as { model?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
    return {
      text,
      model: typeof response.model === 'string' ? response.model : this.endpoint.model,
      finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
      promptTokens: numberOrNull(response.usage?.prompt_tokens),
      completionTokens: numberOrNull(response.usage?.completion_tokens),
    };
  }
}
