// Lowers code-point ranges to sequences of byte ranges that match exactly their UTF-8 encodings.
import type { CodePointSet } from './codepoints.ts';

/** One alternative: byte i of the encoding lies in [ranges[2i], ranges[2i+1]]. */
export type ByteRangeSequence = number[];

const LENGTH_LIMITS: Array<[number, number]> = [
  [0x0, 0x7f],
  [0x80, 0x7ff],
  [0x800, 0xffff],
  [0x10000, 0x10ffff],
];

function encode(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

/**
 * Splits [lo, hi] (same encoded length, no surrogates) until every byte position of the encodings
 * varies independently over a range, then emits one byte-range sequence per piece.
 */
function splitRange(lo: number, hi: number, out: ByteRangeSequence[]): void {
  const length = encode(lo).length;
  for (let i = 1; i < length; i++) {
    const mask = (1 << (6 * i)) - 1;
    if ((lo & ~mask) !== (hi & ~mask)) {
      if ((lo & mask) !== 0) {
        splitRange(lo, lo | mask, out);
        splitRange((lo | mask) + 1, hi, out);
        return;
      }
      if ((hi & mask) !== mask) {
        splitRange(lo, (hi & ~mask) - 1, out);
        splitRange(hi & ~mask, hi, out);
        return;
      }
    }
  }
  const a = encode(lo);
  const b = encode(hi);
  const sequence: number[] = [];
  for (let i = 0; i < a.length; i++) sequence.push(a[i]!, b[i]!);
  out.push(sequence);
}

/** Byte-range sequences whose union is exactly the UTF-8 encodings of the set (surrogates have none). */
export function utf8Sequences(set: CodePointSet): ByteRangeSequence[] {
  const out: ByteRangeSequence[] = [];
  for (let i = 0; i < set.length; i += 2) {
    for (const [limitLo, limitHi] of LENGTH_LIMITS) {
      const lo = Math.max(set[i]!, limitLo);
      const hi = Math.min(set[i + 1]!, limitHi);
      if (lo > hi) continue;
      // Surrogates are not scalar values and have no UTF-8 encoding.
      if (lo <= 0xdfff && hi >= 0xd800) {
        if (lo < 0xd800) splitRange(lo, 0xd7ff, out);
        if (hi > 0xdfff) splitRange(0xe000, hi, out);
        continue;
      }
      splitRange(lo, hi, out);
    }
  }
  return out;
}
