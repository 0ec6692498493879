// Stable constraint ids: FNV-1a 64-bit over the UTF-8 bytes of name, description and kind.
import type { ConstraintKind } from './constraint.ts';

const utf8 = new TextEncoder();

/**
 * FNV-1a 64 as 16 lowercase hex digits. Computed in four 16-bit lanes so it needs
 * neither BigInt (slow) nor anything runtime-specific, and gives the same digits everywhere.
 */
export function fnv1a64(text: string): string {
  const bytes = utf8.encode(text);
  // offset basis 0xcbf29ce484222325, lanes from least significant
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i]!;
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
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** The reference's stable id: a hash of name, description and kind (NUL-separated so fields cannot run together). */
export function constraintId(name: string, description: string, kind: ConstraintKind): string {
  return fnv1a64(`${name}\u0000${description}\u0000${kind}`);
}
