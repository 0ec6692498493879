// Whether an identifier names a credential: judged on its words, so `db_password`,
// `apiKey` and `AUTH_TOKEN` count while `tokenizer` and `passwordLabel` do not.

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'passphrase']);
const SECRET_PAIRS = new Set(['api key', 'private key', 'access key', 'secret key', 'client secret', 'auth token']);
/** A last word that says the value is about the secret, not the secret itself. */
const DESCRIPTIVE_LAST = new Set([
  'label',
  'name',
  'field',
  'type',
  'prompt',
  'placeholder',
  'url',
  'uri',
  'header',
  'path',
  'file',
  'env',
  'var',
  'length',
  'len',
  'regex',
  'pattern',
  'key_name',
  'message',
  'msg',
  'hint',
  'id',
  'param',
  'endpoint',
  'kind',
  'format',
]);

/** Splits camelCase, PascalCase, snake_case and kebab-case identifiers into lower-case words. */
export function identifierWords(name: string): string[] {
  const words: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === '_' || ch === '-' || ch === '.' || ch === ' ') {
      if (current) words.push(current);
      current = '';
      continue;
    }
    const isUpper = ch >= 'A' && ch <= 'Z';
    const prev = name[i - 1];
    const next = name[i + 1];
    const prevLower = prev !== undefined && ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9'));
    const acronymEnd = prev !== undefined && prev >= 'A' && prev <= 'Z' && next !== undefined && next >= 'a' && next <= 'z';
    if (isUpper && current && (prevLower || acronymEnd)) {
      words.push(current);
      current = '';
    }
    current += ch.toLowerCase();
  }
  if (current) words.push(current);
  return words;
}

export function isSecretName(name: string): boolean {
  const words = identifierWords(name);
  if (words.length === 0) return false;
  if (DESCRIPTIVE_LAST.has(words[words.length - 1]!)) return false;
  for (let i = 0; i < words.length; i++) {
    if (SECRET_WORDS.has(words[i]!)) return true;
    if (i + 1 < words.length && SECRET_PAIRS.has(`${words[i]} ${words[i + 1]}`)) return true;
  }
  return false;
}
