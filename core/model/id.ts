// Stable constraint ids: FNV-1a 64-bit over the UTF-8 bytes of name, description and kind.
import type { ConstraintKind } from './constraint.ts';

/** Hex digit character codes: the digest is built with one String.fromCharCode call. */
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/**
 * FNV-1a 64 over the UTF-8 bytes of `first`, then (when given) a NUL byte and `second`, a NUL byte
 * and `third`, as 16 lowercase hex digits. Hashing the pieces in turn gives the digits of the joined
 * string without building it (V8 would flatten a concatenation to read it). Computed in four 16-bit
 * lanes so it needs neither BigInt (slow) nor anything runtime-specific. One loop hashes a byte per
 * turn: an ASCII character's, or the next of a code point's UTF-8 bytes (encoded inline: a
 * TextEncoder allocation per id showed in profiles), or a separator. Against the loop before, which
 * ran a byte loop inside the character loop: 0.86 of the time on Node and 0.76-0.79 on Bun for 100
 * signature-like ids. (Two 32-bit halves, the low one's product a double, took 1.45-1.78.)
 */
function fnvPieces(first: string, second: string | null, third: string | null): string {
  // offset basis 0xcbf29ce484222325, lanes from least significant
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  let text = first;
  let length = text.length;
  let piece = 0;
  let i = 0;
  // the UTF-8 bytes of a code point still to hash, packed most significant first, and how many
  let pending = 0;
  let pendingCount = 0;
  for (;;) {
    let byte: number;
    if (pendingCount > 0) {
      pendingCount--;
      byte = (pending >>> (8 * pendingCount)) & 0xff;
    } else if (i < length) {
      let cp = text.charCodeAt(i++);
      if (cp < 0x80) byte = cp;
      else {
        if (cp >= 0xd800 && cp < 0xdc00 && i < length) {
          const low = text.charCodeAt(i);
          if (low >= 0xdc00 && low < 0xe000) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            i++;
          }
        }
        // lone surrogates encode as U+FFFD, as TextEncoder does
        if (cp >= 0xd800 && cp < 0xe000) cp = 0xfffd;
        if (cp < 0x800) {
          byte = 0xc0 | (cp >> 6);
          pending = 0x80 | (cp & 63);
          pendingCount = 1;
        } else if (cp < 0x10000) {
          byte = 0xe0 | (cp >> 12);
          pending = ((0x80 | ((cp >> 6) & 63)) << 8) | (0x80 | (cp & 63));
          pendingCount = 2;
        } else {
          byte = 0xf0 | (cp >> 18);
          pending = ((0x80 | ((cp >> 12) & 63)) << 16) | ((0x80 | ((cp >> 6) & 63)) << 8) | (0x80 | (cp & 63));
          pendingCount = 3;
        }
      }
    } else {
      // end of a piece: a NUL separator before the next one, or the end
      const next = piece === 0 ? second : piece === 1 ? third : null;
      if (next === null) break;
      piece++;
      text = next;
      length = text.length;
      i = 0;
      byte = 0;
    }
    h0 ^= byte;
    // multiply by the prime 0x100000001b3 = 2^40 + 0x1b3, lane by lane with carries
    const t0 = h0 * 0x1b3;
    const c1 = h1 * 0x1b3 + (t0 >>> 16);
    const c2 = h2 * 0x1b3 + (h0 << 8) + (c1 >>> 16);
    h3 = (h3 * 0x1b3 + (h1 << 8) + (c2 >>> 16)) & 0xffff;
    h0 = t0 & 0xffff;
    h1 = c1 & 0xffff;
    h2 = c2 & 0xffff;
  }
  return String.fromCharCode(
    HEX[h3 >>> 12]!,
    HEX[(h3 >>> 8) & 15]!,
    HEX[(h3 >>> 4) & 15]!,
    HEX[h3 & 15]!,
    HEX[h2 >>> 12]!,
    HEX[(h2 >>> 8) & 15]!,
    HEX[(h2 >>> 4) & 15]!,
    HEX[h2 & 15]!,
    HEX[h1 >>> 12]!,
    HEX[(h1 >>> 8) & 15]!,
    HEX[(h1 >>> 4) & 15]!,
    HEX[h1 & 15]!,
    HEX[h0 >>> 12]!,
    HEX[(h0 >>> 8) & 15]!,
    HEX[(h0 >>> 4) & 15]!,
    HEX[h0 & 15]!,
  );
}

/** FNV-1a 64 as 16 lowercase hex digits, over the UTF-8 bytes of the text. */
export function fnv1a64(text: string): string {
  return fnvPieces(text, null, null);
}

/** The reference's stable id: a hash of name, description and kind (NUL-separated so fields cannot run together). */
export function constraintId(name: string, description: string, kind: ConstraintKind): string {
  return fnvPieces(name, description, kind);
}
