// The Maze pipeline: source or constraint set → extract (cached by source hash) → compile
// (cached by constraint-set hash) → request to the inference server → validated result with
// provenance and per-stage timings. The stages are injected (the real Clew and Braid by
// default), so the pipeline runs and is tested without a model.
import type { Constraint, ConstraintSet } from '../model/constraint.ts';
import type { Language } from '../model/facts.ts';
import type { GenerationParams, InferenceBackend } from './backends/backend.ts';
import { buildPrompt, type Prompt } from './backends/prompt.ts';
import { toLlguidanceGrammar, type TopLevelGrammar } from './backends/llguidance.ts';
import { chooseStructuredOutput, type ConstrainMode, type MazeIR, type OutputKind, type StructuredOutput } from './backends/structured.ts';
import { staticTokenMask, type TokenMaskRequest, type TokenMaskVia } from './backends/token-mask.ts';
import type { TokenMasks } from '../braid/index.ts';
import type { Vocabulary } from '../tokenmask/vocabulary.ts';
import { createLruCache, DEFAULT_CACHE_CAPACITY, type CacheStats, type LruCache } from './cache.ts';
import { requestCompletion } from './complete.ts';
import { loadContentHasher, type ContentHasher } from './hash.ts';
import { freezeConstraints } from './frozen.ts';
import type { HttpRequest, SendOptions } from './http.ts';
import { validateGeneratedCode, type Reparse, type ValidationReport } from './validate.ts';

/** What an extractor returns (Clew's ExtractionResult fits). */
export interface Extraction {
  constraints: Constraint[];
  parseErrors: unknown[];
  dispose?(): void;
}

/** The IR fields the pipeline uses; Braid's ConstraintIR fits. `order`/`dropped` say which constraints are in force. */
export type PipelineIR = MazeIR & { order?: string[]; dropped?: string[]; is_feasible?: boolean; conflicts?: unknown[]; token_masks?: TokenMasks };

export interface Stages {
  extract(source: string, options: { language: Language; file?: string }): Extraction | Promise<Extraction>;
  /**
   * `vocabulary` (when a token mask is asked for) makes Braid add masks over it to token_masks.
   * Extracted constraints arrive deep-frozen (they are a cache entry): compile must only read them.
   */
  compile(constraints: Constraint[], options: { language: Language; vocabulary?: Vocabulary }): PipelineIR | Promise<PipelineIR>;
  /** Re-extraction of generated code for validation; synchronous because it runs after prepare(). */
  reparse: ((code: string, language: Language) => Reparse) | null;
  /** Loads what a language needs (Clew's grammars) before extract or reparse run. */
  prepare?(language: Language): Promise<void>;
}

export interface GenerateRequest {
  intent: string;
  language: Language;
  /** A source file whose constraints apply (extracted with Clew) … */
  source?: { text: string; file?: string };
  /** … or a constraint set given directly. */
  constraints?: Constraint[] | ConstraintSet;
  /** 'code' (default) or 'json' (the JSON Schema constrains and validates the output). */
  output?: OutputKind;
  constrain?: ConstrainMode;
  params?: Partial<GenerationParams>;
  /** Skip the validation stage (it re-parses the output). Default true. */
  validate?: boolean;
  /**
   * Also send a fixed token mask over this vocabulary (it must be the served model's tokenizer):
   * the IR's static mask as allowed_token_ids or a logit_bias ban list (see backends/token-mask.ts
   * for why that is a necessary condition at every step, not per-step constrained decoding).
   */
  tokenMask?: { vocabulary: Vocabulary; via?: TokenMaskVia; maxIds?: number };
}

/** The cached compile result: the original cached {hash, llguidance schema, compiled_at}. */
export interface CompiledEntry {
  hash: string;
  ir: PipelineIR;
  llguidance: TopLevelGrammar | null;
  compiledAt: string;
}

interface ExtractedEntry {
  /** Deep-frozen (freezeConstraints): every caller that hits this entry gets the same set, which no caller can change. */
  constraints: readonly Constraint[];
  /** Hash of the constraint set, computed once when it was extracted (the compile cache key). */
  constraintsHash: string;
  parseErrorCount: number;
}

/** Nanoseconds spent in each stage of one request. */
export interface StageTimings {
  hash: number;
  extract: number;
  compile: number;
  request: number;
  backend: number;
  validate: number;
  total: number;
}

export interface Plan {
  language: Language;
  /** The constraints in force (not dropped by conflict resolution); deep-frozen when they came from an extraction. */
  constraints: readonly Constraint[];
  compiled: CompiledEntry;
  structured: StructuredOutput;
  prompt: Prompt;
  params: GenerationParams;
  httpRequest: HttpRequest;
  /** The token mask the request carries, if one was asked for. */
  tokenMask: TokenMaskRequest | null;
  cache: { extraction: 'hit' | 'miss' | 'not_used'; compilation: 'hit' | 'miss' };
  /** Syntax errors Clew found in the source the constraints came from. */
  sourceParseErrors: number;
  timings: StageTimings;
}

export interface Provenance {
  model: string | null;
  backend: string;
  url: string;
  /** When the request started (ISO 8601). */
  time: string;
  intent: string;
  language: Language;
  params: GenerationParams;
  structuredOutput: StructuredOutput['kind'];
  /** The fixed token mask sent with the request: its vocabulary, field, and how many ids it listed. */
  tokenMask: { vocabulary: string; field: TokenMaskRequest['field']; ids: number; allowed: number } | null;
  constraintsApplied: Array<{ id: string; name: string; kind: string }>;
  constraintSetHash: string;
  attempts: number;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
}

export interface GenerateResult {
  code: string;
  /** The raw completion, when a Markdown fence was removed from it. */
  rawText: string;
  provenance: Provenance;
  validation: ValidationReport | null;
  cache: Plan['cache'];
  /** Syntax errors Clew found in the source the constraints came from. */
  sourceParseErrors: number;
  timings: StageTimings;
}

export interface OrchestratorOptions {
  backend: InferenceBackend;
  stages?: Stages;
  defaults?: GenerationParams;
  send: SendOptions;
  cacheCapacity?: number;
  /** Monotonic clock in ns; default performance.now(). */
  nowNs?: () => number;
  /** Wall clock for provenance; default Date. */
  wallClock?: () => Date;
}

const DEFAULT_PARAMS: GenerationParams = { maxTokens: 2048, temperature: 0.7 };

/** The real stages: Clew extracts and re-parses, Braid compiles. Loaded on demand so the core stays light. */
export async function defaultStages(): Promise<Stages> {
  const [{ Clew }, { compile }] = await Promise.all([import('../clew/index.ts'), import('../braid/index.ts')]);
  const clew = await Clew.create();
  return {
    prepare: (language) => clew.load(language),
    extract: (source, options) => clew.extract(source, options),
    compile: (constraints, options) => compile(constraints, options),
    reparse: (code, language) => clew.extract(code, { language }),
  };
}

/** A fenced Markdown block around the whole answer (unconstrained models add them) is removed. */
export function stripCodeFence(text: string): string {
  const match = /^\s*```[\w+#.-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/.exec(text);
  return match ? `${match[1]!}\n` : text;
}

export class Orchestrator {
  readonly extractionCache: LruCache<ExtractedEntry>;
  readonly compilationCache: LruCache<CompiledEntry>;
  readonly backend: InferenceBackend;
  readonly #stages: Stages;
  readonly #hasher: ContentHasher;
  readonly #defaults: GenerationParams;
  readonly #send: SendOptions;
  readonly #now: () => number;
  readonly #wallClock: () => Date;
  readonly #prepared = new Set<Language>();

  private constructor(options: OrchestratorOptions, stages: Stages, hasher: ContentHasher) {
    this.backend = options.backend;
    this.#stages = stages;
    this.#hasher = hasher;
    this.#defaults = options.defaults ?? DEFAULT_PARAMS;
    this.#send = options.send;
    this.#now = options.nowNs ?? (() => performance.now() * 1e6);
    this.#wallClock = options.wallClock ?? (() => new Date());
    const capacity = options.cacheCapacity ?? DEFAULT_CACHE_CAPACITY;
    this.extractionCache = createLruCache<ExtractedEntry>(capacity);
    this.compilationCache = createLruCache<CompiledEntry>(capacity);
  }

  static async create(options: OrchestratorOptions): Promise<Orchestrator> {
    const [stages, hasher] = await Promise.all([options.stages ?? defaultStages(), loadContentHasher()]);
    return new Orchestrator(options, stages, hasher);
  }

  cacheStats(): { extraction: CacheStats; compilation: CacheStats } {
    return { extraction: this.extractionCache.stats(), compilation: this.compilationCache.stats() };
  }

  async #prepare(language: Language): Promise<void> {
    if (this.#prepared.has(language) || !this.#stages.prepare) return;
    await this.#stages.prepare(language);
    this.#prepared.add(language);
  }

  /** Everything up to the HTTP request, without sending it (what --dry-run shows). */
  async plan(request: GenerateRequest): Promise<Plan> {
    const t0 = this.#now();
    if (request.source === undefined && request.constraints === undefined) throw new Error('a request needs a source file or a constraint set');
    const language = request.language;
    await this.#prepare(language);
    const timings: StageTimings = { hash: 0, extract: 0, compile: 0, request: 0, backend: 0, validate: 0, total: 0 };

    // Extraction, keyed by the hash of the source text and its language.
    let constraints: readonly Constraint[];
    let constraintsHash: string;
    let extractionState: Plan['cache']['extraction'] = 'not_used';
    let sourceParseErrors = 0;
    let t = this.#now();
    if (request.source !== undefined) {
      const key = this.#hasher.source(request.source.text, language);
      timings.hash += this.#now() - t;
      let entry = this.extractionCache.get(key);
      t = this.#now();
      if (entry === undefined) {
        extractionState = 'miss';
        const extraction = await this.#stages.extract(request.source.text, {
          language,
          ...(request.source.file !== undefined ? { file: request.source.file } : {}),
        });
        extraction.dispose?.();
        timings.extract = this.#now() - t;
        t = this.#now();
        // Frozen before it is cached: the entry, and the compile key hashed from it, are handed to every later caller.
        const frozen = freezeConstraints(extraction.constraints);
        entry = { constraints: frozen, constraintsHash: this.#hasher.constraints(frozen), parseErrorCount: extraction.parseErrors.length };
        timings.hash += this.#now() - t;
        this.extractionCache.set(key, entry);
      } else {
        extractionState = 'hit';
      }
      constraints = entry.constraints;
      constraintsHash = entry.constraintsHash;
      sourceParseErrors = entry.parseErrorCount;
    } else {
      const given = request.constraints!;
      constraints = Array.isArray(given) ? given : given.constraints;
      constraintsHash = this.#hasher.constraints(constraints);
      timings.hash += this.#now() - t;
    }

    // Compilation, keyed by the constraint set's hash and the target language.
    const vocabulary = request.tokenMask?.vocabulary;
    const compileKey = `${constraintsHash}:${language}${vocabulary !== undefined ? `:${vocabulary.name}` : ''}`;
    let compiled = this.compilationCache.get(compileKey);
    const compilationState: Plan['cache']['compilation'] = compiled === undefined ? 'miss' : 'hit';
    if (compiled === undefined) {
      t = this.#now();
      // The array type is mutable for the stages' sake; a frozen set throws on any write (compile only reads).
      const ir = await this.#stages.compile(constraints as Constraint[], vocabulary !== undefined ? { language, vocabulary } : { language });
      compiled = { hash: constraintsHash, ir, llguidance: toLlguidanceGrammar(ir), compiledAt: this.#wallClock().toISOString() };
      timings.compile = this.#now() - t;
      this.compilationCache.set(compileKey, compiled);
    }

    // The request itself.
    t = this.#now();
    const inForce = inForceConstraints(constraints, compiled.ir);
    const output = request.output ?? 'code';
    const structured = chooseStructuredOutput(compiled.ir, output, request.constrain ?? 'auto');
    const params: GenerationParams = { ...this.#defaults, ...definedOnly(request.params ?? {}) };
    const prompt = buildPrompt(request.intent, language, inForce);
    const tokenMask = request.tokenMask !== undefined ? staticTokenMask(compiled.ir.token_masks, this.backend, request.tokenMask) : null;
    const httpRequest = this.backend.buildRequest(prompt, structured, params, tokenMask);
    timings.request = this.#now() - t;
    timings.total = this.#now() - t0;
    return {
      language,
      constraints: inForce,
      compiled,
      structured,
      prompt,
      params,
      httpRequest,
      tokenMask,
      cache: { extraction: extractionState, compilation: compilationState },
      sourceParseErrors,
      timings,
    };
  }

  /** Plans, sends, validates. Backend failures reject with a BackendError (its message is for the user). */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const t0 = this.#now();
    const startedAt = this.#wallClock();
    const plan = await this.plan(request);
    const timings = plan.timings;
    let t = this.#now();
    const { completion, attempts } = await requestCompletion(this.backend, plan.httpRequest, this.#send);
    timings.backend = this.#now() - t;

    const code = (request.output ?? 'code') === 'code' ? stripCodeFence(completion.text) : completion.text;
    let validation: ValidationReport | null = null;
    if (request.validate !== false) {
      t = this.#now();
      validation = validateGeneratedCode({
        code,
        language: plan.language,
        constraints: plan.constraints,
        ir: plan.compiled.ir,
        output: request.output ?? 'code',
        structured: plan.structured,
        reparse: this.#stages.reparse,
      });
      timings.validate = this.#now() - t;
    }
    timings.total = this.#now() - t0;
    return {
      code,
      rawText: completion.text,
      provenance: {
        model: completion.model,
        backend: this.backend.name,
        url: plan.httpRequest.url,
        time: startedAt.toISOString(),
        intent: request.intent,
        language: plan.language,
        params: plan.params,
        structuredOutput: plan.structured.kind,
        tokenMask:
          plan.tokenMask === null
            ? null
            : { vocabulary: plan.tokenMask.vocabulary, field: plan.tokenMask.field, ids: plan.tokenMask.ids.length, allowed: plan.tokenMask.allowed },
        constraintsApplied: plan.constraints.map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
        constraintSetHash: plan.compiled.hash,
        attempts,
        finishReason: completion.finishReason,
        promptTokens: completion.promptTokens,
        completionTokens: completion.completionTokens,
      },
      validation,
      cache: plan.cache,
      sourceParseErrors: plan.sourceParseErrors,
      timings,
    };
  }
}

function inForceConstraints(constraints: readonly Constraint[], ir: PipelineIR): readonly Constraint[] {
  if (!ir.dropped || ir.dropped.length === 0) return constraints;
  const dropped = new Set(ir.dropped);
  return constraints.filter((c) => !dropped.has(c.id));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
