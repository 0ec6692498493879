// `ananke generate`: extracts constraints from a source file (or reads a constraint set),
// compiles them, asks a vLLM or SGLang server for code under them, and validates the answer.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { languageFromPath } from '../../core/clew/index.ts';
import { backendFromConfig, displayableRequest, TOKEN_MASK_VIAS, TokenMaskError, type ConstrainMode, type OutputKind } from '../../core/maze/backends/index.ts';
import { loadVocabulary, VOCABULARY_NAMES } from '../../core/tokenmask/vocabulary.ts';
import { sendOptionsFromConfig } from '../../core/maze/complete.ts';
import { BACKENDS, ConfigError, loadConfig, type MazeConfig } from '../../core/maze/config.ts';
import { BackendError, redact } from '../../core/maze/http.ts';
import { Orchestrator, type GenerateRequest, type GenerateResult } from '../../core/maze/orchestrator.ts';
import { LANGUAGES, type Language } from '../../core/model/facts.ts';
import { formatIssues, parseConstraintSet } from '../../core/model/schema.ts';
import { ioMessage, processOutput, type Output } from '../io.ts';

const OUTPUTS = ['code', 'json'] as const;
const CONSTRAIN_MODES = ['auto', 'grammar', 'json', 'regex', 'none'] as const;

const USAGE = `usage: ananke generate (--source FILE | --constraints FILE.json) --intent "…" [options]

Extracts constraints from FILE with Clew (or reads a constraint set), compiles them with Braid,
asks the inference server for code under them, validates the code and prints it.

--source FILE        source code whose constraints apply (language from the extension, or --lang)
--constraints FILE   a constraint set in the reference's JSON shape, instead of --source
--intent TEXT        what to generate (required)
--lang L             ${LANGUAGES.join(', ')}
--backend B          vllm (OpenAI-compatible /v1/completions or /v1/chat/completions) or sglang (/generate)
--api A              vLLM only: completions (default) or chat
--output O           code (default) or json (the JSON Schema constrains and validates the output)
--constrain M        auto (default), grammar, json, regex or none
--token-mask V       also send a fixed token mask over vocabulary V (${VOCABULARY_NAMES.join(', ')}; it must be the
                     served model's tokenizer): the tokens some valid output can use, from the whole-output
                     regex and forbidden patterns. Servers apply it at every step, so it is a necessary
                     condition, not per-step constrained decoding.
--token-mask-via F   auto (default: the shorter list), allowed_token_ids (vLLM) or logit_bias (-100 per banned id)
--token-mask-max N   at most N ids in the request (default 50000)
--max-tokens N       --temperature T   (override the configuration)
--config PATH        configuration file (default: ./.ananke.toml when it exists)
--dry-run            print the exact request body that would be sent (JSON) and stop
--json               print the whole result (code, provenance, validation, timings) as JSON
--no-validate        skip validating the generated code

Configuration: .ananke.toml with [endpoint] url, api_key, model, backend, api and
[defaults] max_tokens (2048), temperature (0.7), timeout (300 s), retries (3); the variables
ANANKE_ENDPOINT_URL, ANANKE_API_KEY, ANANKE_MODEL, ANANKE_BACKEND, ANANKE_API,
ANANKE_MAX_TOKENS, ANANKE_TEMPERATURE, ANANKE_TIMEOUT, ANANKE_RETRIES override it; flags
override both. The API key is never printed.

Exit status: 0 generated and valid, 1 generated but validation failed, 2 usage or input
error, 3 the server request failed.`;

class UsageError extends Error {}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read the ${what}: ${ioMessage(error)}`);
  }
}

function oneOf<T extends string>(value: string | undefined, options: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(options as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${options.join(', ')}, got '${value}'`);
  return value as T;
}

function numberFlag(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && (!Number.isInteger(n) || n < 1)) || n < 0) {
    throw new UsageError(`${flag} must be ${integer ? 'a positive integer' : 'a non-negative number'}, got '${value}'`);
  }
  return n;
}

export async function run(
  args: string[],
  io: Output = processOutput,
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): Promise<number> {
  let config: MazeConfig | null = null;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          source: { type: 'string' },
          constraints: { type: 'string' },
          intent: { type: 'string' },
          lang: { type: 'string' },
          backend: { type: 'string' },
          api: { type: 'string' },
          output: { type: 'string' },
          constrain: { type: 'string' },
          'max-tokens': { type: 'string' },
          temperature: { type: 'string' },
          config: { type: 'string' },
          'token-mask': { type: 'string' },
          'token-mask-via': { type: 'string' },
          'token-mask-max': { type: 'string' },
          'dry-run': { type: 'boolean' },
          json: { type: 'boolean' },
          'no-validate': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: false,
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const flags = parsed.values;
    if (flags.help) {
      io.out(USAGE);
      return 0;
    }
    if (flags.intent === undefined || flags.intent.trim() === '') throw new UsageError('--intent is required');
    if ((flags.source === undefined) === (flags.constraints === undefined))
      throw new UsageError('give exactly one of --source FILE or --constraints FILE.json');

    // Configuration: file, then environment, then flags.
    const configPath = flags.config !== undefined ? resolve(cwd, flags.config) : resolve(cwd, '.ananke.toml');
    const tomlText = flags.config !== undefined || existsSync(configPath) ? await readText(configPath, 'configuration') : null;
    config = loadConfig(tomlText, env, flags.config ?? '.ananke.toml');
    const backendName = oneOf(flags.backend, BACKENDS, '--backend');
    if (backendName !== undefined) config.endpoint.backend = backendName;
    const api = oneOf(flags.api, ['completions', 'chat'] as const, '--api');
    if (api !== undefined) config.endpoint.api = api;
    const maxTokens = numberFlag(flags['max-tokens'], '--max-tokens', true);
    const temperature = numberFlag(flags.temperature, '--temperature', false);
    const output = oneOf(flags.output, OUTPUTS, '--output') ?? 'code';
    const constrain = oneOf(flags.constrain, CONSTRAIN_MODES, '--constrain') ?? 'auto';

    // What the constraints come from.
    const request: GenerateRequest = {
      intent: flags.intent,
      language: 'typescript',
      output: output as OutputKind,
      constrain: constrain as ConstrainMode,
      validate: !flags['no-validate'],
    };
    const lang = oneOf(flags.lang, LANGUAGES, '--lang');
    if (flags.source !== undefined) {
      const language = lang ?? languageFromPath(flags.source);
      if (language === null) throw new UsageError(`${flags.source}: cannot tell the language from the extension; pass --lang (${LANGUAGES.join(', ')})`);
      request.language = language;
      request.source = { text: await readText(resolve(cwd, flags.source), 'source file'), file: flags.source };
    } else {
      const path = flags.constraints!;
      const text = await readText(resolve(cwd, path), 'constraint set');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${path}: not valid JSON: ${(error as Error).message}`);
      }
      const set = parseConstraintSet(json);
      if (!set.ok) throw new UsageError(`${path}: not a constraint set:\n${formatIssues(set.issues)}`);
      const language: Language | undefined = lang ?? set.value.constraints.find((c) => c.language !== undefined)?.language;
      if (language === undefined) throw new UsageError(`${path}: the constraints name no language; pass --lang (${LANGUAGES.join(', ')})`);
      request.language = language;
      request.constraints = set.value;
    }
    request.params = { ...(maxTokens !== undefined ? { maxTokens } : {}), ...(temperature !== undefined ? { temperature } : {}) };
    const maskVocabulary = oneOf(flags['token-mask'], VOCABULARY_NAMES, '--token-mask');
    const maskVia = oneOf(flags['token-mask-via'], TOKEN_MASK_VIAS, '--token-mask-via');
    const maskMax = numberFlag(flags['token-mask-max'], '--token-mask-max', true);
    if (maskVocabulary === undefined && (maskVia !== undefined || maskMax !== undefined))
      throw new UsageError('--token-mask-via and --token-mask-max need --token-mask VOCABULARY');
    if (maskVocabulary !== undefined) {
      request.tokenMask = {
        vocabulary: await loadVocabulary(maskVocabulary),
        ...(maskVia !== undefined ? { via: maskVia } : {}),
        ...(maskMax !== undefined ? { maxIds: maskMax } : {}),
      };
    }

    const maze = await Orchestrator.create({ backend: backendFromConfig(config), defaults: config.defaults, send: sendOptionsFromConfig(config) });
    if (flags['dry-run']) {
      const plan = await maze.plan(request);
      const shown = displayableRequest(plan.httpRequest);
      io.err(`POST ${shown.url}`);
      for (const [name, value] of Object.entries(shown.headers)) io.err(`${name}: ${value}`);
      io.err(
        `(${plan.constraints.length} constraints in force; structured output: ${plan.structured.kind}; ${plan.sourceParseErrors} syntax error(s) in the source)`,
      );
      if (plan.tokenMask !== null) {
        const m = plan.tokenMask;
        io.err(`(token mask over ${m.vocabulary}: ${m.allowed} of ${m.size} ids allowed at some step; sent as ${m.field} with ${m.ids.length} ids)`);
      }
      // The exact bytes postJson sends.
      io.out(JSON.stringify(plan.httpRequest.body));
      return 0;
    }
    const result = await maze.generate(request);
    if (result.sourceParseErrors > 0) io.err(`${flags.source}: ${result.sourceParseErrors} syntax error(s); the constraints come from what parsed`);
    if (flags.json) io.out(JSON.stringify(result, null, 2));
    else {
      io.out(result.code.replace(/\n$/, ''));
      report(result, io);
    }
    return result.validation === null || result.validation.valid ? 0 : 1;
  } catch (error) {
    const secrets = config?.endpoint.apiKey ? [config.endpoint.apiKey.reveal()] : env.ANANKE_API_KEY ? [env.ANANKE_API_KEY] : [];
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof TokenMaskError) {
      io.err(`ananke generate: ${redact(error.message, secrets)}`);
      if (error instanceof UsageError && /required|exactly one|Unknown option|unexpected argument/i.test(error.message)) io.err(`\n${USAGE}`);
      return 2;
    }
    if (error instanceof BackendError) {
      io.err(`ananke generate: ${redact(error.message, secrets)}`);
      return 3;
    }
    // A choice the compiled constraints cannot honour (e.g. --constrain json without a schema) is a user error too.
    if (error instanceof Error && /^(the compiled constraints have no|SGLang takes an EBNF grammar)/.test(error.message)) {
      io.err(`ananke generate: ${redact(error.message, secrets)}`);
      return 2;
    }
    throw error;
  }
}

function report(result: GenerateResult, io: Output): void {
  const p = result.provenance;
  const ms = (ns: number): string => `${(ns / 1e6).toFixed(1)} ms`;
  io.err(`\n— ${p.backend} ${p.model ?? '(model not named)'} at ${p.url}, ${p.attempts} attempt(s), finish: ${p.finishReason ?? '?'}`);
  io.err(
    `— ${p.constraintsApplied.length} constraints applied, structured output: ${p.structuredOutput}, set ${p.constraintSetHash}; cache: extraction ${result.cache.extraction}, compilation ${result.cache.compilation}`,
  );
  if (p.tokenMask !== null)
    io.err(
      `— token mask over ${p.tokenMask.vocabulary}: ${p.tokenMask.allowed} ids allowed at some step, sent as ${p.tokenMask.field} (${p.tokenMask.ids} ids; the same at every step)`,
    );
  const t = result.timings;
  io.err(`— timings: extract ${ms(t.extract)}, compile ${ms(t.compile)}, server ${ms(t.backend)}, validate ${ms(t.validate)}, total ${ms(t.total)}`);
  if (result.validation === null) return;
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const check of result.validation.checks) counts[check.status]++;
  io.err(`— validation: ${result.validation.valid ? 'valid' : 'INVALID'} (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)`);
  for (const v of result.validation.violations) io.err(`   ✗ ${v.check}: ${v.message}`);
}
