// SGLang's native /generate: `{text, sampling_params: {max_new_tokens, temperature, and one of
// ebnf | json_schema (a JSON string) | regex}}`, answered with `{text, meta_info}`.
import type { HttpRequest } from '../http.ts';
import { baseUrl, jsonHeaders, malformed, numberOrNull, type Completion, type Endpoint, type GenerationParams, type InferenceBackend } from './backend.ts';
import type { Prompt } from './prompt.ts';
import type { StructuredOutput } from './structured.ts';
import { banBias, type TokenMaskField, type TokenMaskRequest } from './token-mask.ts';

export class SglangBackend implements InferenceBackend {
  readonly name = 'sglang';
  /** SGLang's sampling params have logit_bias (applied at every step) and no whitelist of ids. */
  readonly tokenMaskFields: readonly TokenMaskField[] = ['logit_bias'];

  constructor(readonly endpoint: Endpoint) {}

  get url(): string {
    return `${baseUrl(this.endpoint.url)}/generate`;
  }

  buildRequest(prompt: Prompt, structured: StructuredOutput, params: GenerationParams, tokenMask: TokenMaskRequest | null = null): HttpRequest {
    const sampling: Record<string, unknown> = { max_new_tokens: params.maxTokens, temperature: params.temperature };
    switch (structured.kind) {
      case 'grammar':
        // SGLang's grammar backends (XGrammar by default) read EBNF; Lark is llguidance's dialect.
        if (structured.ebnf === null)
          throw new Error('SGLang takes an EBNF grammar and the compiled constraints have only Lark; use --backend vllm or constrain with json/regex');
        sampling.ebnf = structured.ebnf;
        break;
      case 'json':
        sampling.json_schema = JSON.stringify(structured.schema);
        break;
      case 'regex':
        sampling.regex = structured.pattern;
        break;
      case 'none':
        break;
    }
    if (tokenMask !== null && tokenMask.ids.length > 0) {
      if (tokenMask.field !== 'logit_bias') throw new Error(`SGLang takes no ${tokenMask.field}; send the mask as logit_bias`);
      sampling.logit_bias = banBias(tokenMask.ids);
    }
    return { url: this.url, headers: jsonHeaders(this.endpoint), body: { text: prompt.completion, sampling_params: sampling } };
  }

  parseResponse(json: unknown, attempts: number): Completion {
    // /generate answers a single prompt with an object, a batch with an array.
    const item = (Array.isArray(json) ? json[0] : json) as { text?: unknown; meta_info?: Record<string, unknown> } | null | undefined;
    if (typeof item?.text !== 'string') throw malformed(this.url, 'text', attempts, json);
    const meta = item.meta_info ?? {};
    const finish = meta.finish_reason as { type?: unknown } | string | undefined;
    return {
      text: item.text,
      model: this.endpoint.model,
      finishReason: typeof finish === 'string' ? finish : typeof finish?.type === 'string' ? finish.type : null,
      promptTokens: numberOrNull(meta.prompt_tokens),
      completionTokens: numberOrNull(meta.completion_tokens),
    };
  }
}
