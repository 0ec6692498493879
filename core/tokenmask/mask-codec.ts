// A token mask's JSON form: base64 of its uint32 words in little-endian order (the IR's
// mask_encoding 'base64-u32le'), and the ids a mask allows or bans.
import { maskWords } from './trie.ts';

/** A mask as base64 of its words in little-endian order (the same bytes on every platform). */
export function encodeMask(mask: Uint32Array): string {
  const bytes = new Uint8Array(mask.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < mask.length; i++) view.setUint32(i * 4, mask[i]!, true);
  let binary = '';
  // btoa takes a binary string; built in chunks so a 200k-token mask (25 KB) needs no huge argument list.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes encodeMask's text for a vocabulary of `size` ids; throws on a wrong length or bits past `size`. */
export function decodeMask(text: string, size: number): Uint32Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error('token mask: not base64 text');
  }
  const words = maskWords(size);
  if (binary.length !== words * 4) throw new Error(`token mask: ${binary.length} bytes, expected ${words * 4} for ${size} token ids`);
  const mask = new Uint32Array(words);
  for (let i = 0; i < words; i++) {
    const at = i * 4;
    mask[i] = (binary.charCodeAt(at) | (binary.charCodeAt(at + 1) << 8) | (binary.charCodeAt(at + 2) << 16) | (binary.charCodeAt(at + 3) << 24)) >>> 0;
  }
  if (size % 32 !== 0 && mask[words - 1]! >>> (size % 32) !== 0) throw new Error(`token mask: bits set past token id ${size - 1}`);
  return mask;
}

/** The ids whose bit is set (allowed) or clear (banned) in a mask over `size` ids, ascending. */
export function maskIds(mask: Uint32Array, size: number, which: 'allowed' | 'banned' = 'allowed'): number[] {
  const ids: number[] = [];
  const want = which === 'allowed' ? 1 : 0;
  for (let id = 0; id < size; id++) if (((mask[id >>> 5]! >>> (id & 31)) & 1) === want) ids.push(id);
  return ids;
}
