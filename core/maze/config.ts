// Maze's configuration: `.ananke.toml` ([endpoint], [defaults]) overridden by ANANKE_* environment
// variables. The caller reads the file and the environment; this module only interprets them.
// The API key is held in a Secret so that printing or serializing a config never shows it.
import { parse as parseToml } from 'smol-toml';

/** A value that never prints itself: toString, toJSON and inspection all show a placeholder. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The real value, for the Authorization header only. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${REDACTED})`;
  }
}

export const REDACTED = '[redacted]';

export const BACKENDS = ['vllm', 'sglang'] as const;
export type BackendName = (typeof BACKENDS)[number];
export const VLLM_APIS = ['completions', 'chat'] as const;
export type VllmApi = (typeof VLLM_APIS)[number];

export interface MazeConfig {
  endpoint: {
    /** Server base URL, e.g. http://localhost:8000 (a trailing /v1 is accepted). */
    url: string;
    apiKey: Secret | null;
    model: string | null;
    backend: BackendName;
    /** vLLM only: the OpenAI endpoint used. */
    api: VllmApi;
  };
  defaults: {
    maxTokens: number;
    temperature: number;
    timeoutSeconds: number;
  };
  retries: number;
}

/** The reference's defaults: 2048 tokens, temperature 0.7, 300 s, 3 retries. */
export const DEFAULT_CONFIG: MazeConfig = {
  endpoint: { url: 'http://localhost:8000', apiKey: null, model: null, backend: 'vllm', api: 'completions' },
  defaults: { maxTokens: 2048, temperature: 0.7, timeoutSeconds: 300 },
  retries: 3,
};

/** A user mistake in the configuration; the message names the file (or variable) and the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables and the setting each overrides. */
export const ENV_VARIABLES = {
  ANANKE_ENDPOINT_URL: '[endpoint] url',
  ANANKE_API_KEY: '[endpoint] api_key',
  ANANKE_MODEL: '[endpoint] model',
  ANANKE_BACKEND: '[endpoint] backend',
  ANANKE_API: '[endpoint] api',
  ANANKE_MAX_TOKENS: '[defaults] max_tokens',
  ANANKE_TEMPERATURE: '[defaults] temperature',
  ANANKE_TIMEOUT: '[defaults] timeout',
  ANANKE_RETRIES: '[defaults] retries',
} as const;

const KNOWN_KEYS: Record<string, readonly string[]> = {
  endpoint: ['url', 'api_key', 'model', 'backend', 'api'],
  defaults: ['max_tokens', 'temperature', 'timeout', 'retries'],
};

/**
 * Builds the configuration from the TOML text (null when there is no file) and the environment.
 * `source` names the file in error messages.
 */
export function loadConfig(tomlText: string | null, env: Env = {}, source = '.ananke.toml'): MazeConfig {
  const config: MazeConfig = structuredClone({ ...DEFAULT_CONFIG, endpoint: { ...DEFAULT_CONFIG.endpoint, apiKey: null } });
  if (tomlText !== null) applyToml(config, tomlText, source);
  applyEnv(config, env);
  return config;
}

function applyToml(config: MazeConfig, text: string, source: string): void {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const e = error as { line?: number; column?: number; message: string };
    const where = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
    throw new ConfigError(`${source}${where}: not valid TOML: ${firstLine(e.message)}`);
  }
  for (const [table, value] of Object.entries(doc)) {
    const known = KNOWN_KEYS[table];
    if (known === undefined) throw new ConfigError(`${source}: unknown table [${table}] (expected [endpoint] or [defaults])`);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${source}: '${table}' must be a table`);
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) throw new ConfigError(`${source}: unknown key '${key}' in [${table}] (expected one of ${known.join(', ')})`);
    }
  }
  const endpoint = (doc.endpoint ?? {}) as Record<string, unknown>;
  const defaults = (doc.defaults ?? {}) as Record<string, unknown>;
  const where = (table: string, key: string): string => `${source}: [${table}] ${key}`;
  if (endpoint.url !== undefined) config.endpoint.url = checkUrl(asString(endpoint.url, where('endpoint', 'url')), where('endpoint', 'url'));
  if (endpoint.api_key !== undefined) config.endpoint.apiKey = new Secret(asString(endpoint.api_key, where('endpoint', 'api_key')));
  if (endpoint.model !== undefined) config.endpoint.model = asString(endpoint.model, where('endpoint', 'model'));
  if (endpoint.backend !== undefined) config.endpoint.backend = asEnum(endpoint.backend, BACKENDS, where('endpoint', 'backend'));
  if (endpoint.api !== undefined) config.endpoint.api = asEnum(endpoint.api, VLLM_APIS, where('endpoint', 'api'));
  if (defaults.max_tokens !== undefined) config.defaults.maxTokens = asInteger(defaults.max_tokens, where('defaults', 'max_tokens'), 1);
  if (defaults.temperature !== undefined) config.defaults.temperature = asNumber(defaults.temperature, where('defaults', 'temperature'), 0, 2);
  if (defaults.timeout !== undefined) config.defaults.timeoutSeconds = asNumber(defaults.timeout, where('defaults', 'timeout'), 0.001, 86_400);
  if (defaults.retries !== undefined) config.retries = asInteger(defaults.retries, where('defaults', 'retries'), 0, 10);
}

function applyEnv(config: MazeConfig, env: Env): void {
  const get = (name: keyof typeof ENV_VARIABLES): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const url = get('ANANKE_ENDPOINT_URL');
  if (url !== undefined) config.endpoint.url = checkUrl(url, 'ANANKE_ENDPOINT_URL');
  const key = get('ANANKE_API_KEY');
  if (key !== undefined) config.endpoint.apiKey = new Secret(key);
  const model = get('ANANKE_MODEL');
  if (model !== undefined) config.endpoint.model = model;
  const backend = get('ANANKE_BACKEND');
  if (backend !== undefined) config.endpoint.backend = asEnum(backend, BACKENDS, 'ANANKE_BACKEND');
  const api = get('ANANKE_API');
  if (api !== undefined) config.endpoint.api = asEnum(api, VLLM_APIS, 'ANANKE_API');
  const maxTokens = get('ANANKE_MAX_TOKENS');
  if (maxTokens !== undefined) config.defaults.maxTokens = asInteger(numeric(maxTokens), 'ANANKE_MAX_TOKENS', 1);
  const temperature = get('ANANKE_TEMPERATURE');
  if (temperature !== undefined) config.defaults.temperature = asNumber(numeric(temperature), 'ANANKE_TEMPERATURE', 0, 2);
  const timeout = get('ANANKE_TIMEOUT');
  if (timeout !== undefined) config.defaults.timeoutSeconds = asNumber(numeric(timeout), 'ANANKE_TIMEOUT', 0.001, 86_400);
  const retries = get('ANANKE_RETRIES');
  if (retries !== undefined) config.retries = asInteger(numeric(retries), 'ANANKE_RETRIES', 0, 10);
}

function numeric(text: string): unknown {
  const n = Number(text.trim());
  return text.trim() === '' || Number.isNaN(n) ? text : n;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

function asString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(`${where} must be a non-empty string, got ${describe(value)}`);
  return value;
}

function asEnum<T extends string>(value: unknown, options: readonly T[], where: string): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ConfigError(`${where} must be one of ${options.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

function asNumber(value: unknown, where: string, min: number, max: number): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max)
    throw new ConfigError(`${where} must be a number from ${min} to ${max}, got ${describe(value)}`);
  return n;
}

function asInteger(value: unknown, where: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${where} must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got ${describe(value)}`);
  return n;
}

function checkUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${where} is not a URL: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${where} must be an http:// or https:// URL, got '${value}'`);
  return value.replace(/\/+$/, '');
}
