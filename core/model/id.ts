// Stable constraint ids: FNV-1a 64-bit over the UTF-8 bytes of name, description and kind.
import type { ConstraintKind } from './constraint.ts';

/**
 * FNV-1a 64 as 16 lowercase hex digits, over the UTF-8 bytes of the text. Computed in four 16-bit
 * lanes so it needs neither BigInt (slow) nor anything runtime-specific, and gives the same digits
 * everywhere; UTF-8 is produced inline because a TextEncoder allocation per id showed in profiles.
 */
export function fnv1a64(text: string): string {
  // offset basis 0xcbf29ce484222325, lanes from least significant
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  const pending = [0, 0, 0, 0];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    let count = 1;
    if (cp < 0x80) pending[0] = cp;
    else {
      if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low < 0xe000) { cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00); i++; }
      }
      // lone surrogates encode as U+FFFD, as TextEncoder does
      if (cp >= 0xd800 && cp < 0xe000) cp = 0xfffd;
      if (cp < 0x800) { pending[0] = 0xc0 | (cp >> 6); pending[1] = 0x80 | (cp & 63); count = 2; }
      else if (cp < 0x10000) { pending[0] = 0xe0 | (cp >> 12); pending[1] = 0x80 | ((cp >> 6) & 63); pending[2] = 0x80 | (cp & 63); count = 3; }
      else { pending[0] = 0xf0 | (cp >> 18); pending[1] = 0x80 | ((cp >> 12) & 63); pending[2] = 0x80 | ((cp >> 6) & 63); pending[3] = 0x80 | (cp & 63); count = 4; }
    }
    for (let k = 0; k < count; k++) {
      h0 ^= pending[k]!;
      // multiply by the prime 0x100000001b3 = 2^40 + 0x1b3, lane by lane with carries
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3;
      const t2 = h2 * 0x1b3 + (h0 << 8);
      const t3 = h3 * 0x1b3 + (h1 << 8);
      h0 = t0 & 0xffff;
      const c1 = t1 + (t0 >>> 16);
      h1 = c1 & 0xffff;
      const c2 = t2 + (c1 >>> 16);
      h2 = c2 & 0xffff;
      h3 = (t3 + (c2 >>> 16)) & 0xffff;
    }
  }
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** The reference's stable id: a hash of name, description and kind (NUL-separated so fields cannot run together). */
export function constraintId(name: string, description: string, kind: ConstraintKind): string {
  return fnv1a64(`${name}\u0000${description}\u0000${kind}`);
}
