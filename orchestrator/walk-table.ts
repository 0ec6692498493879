// The core probe's table (probe-walker.ts): one random cycle through every slot, so each load of a
// walk depends on the one before and misses the caches as a memory-bound bench does.

/** Loads per timed walk. */
export const WALK_STEPS = 4096;

/** One random cycle through every slot (Sattolo's shuffle), from a fixed seed. */
export function chainTable(size: number): Int32Array {
  const table = new Int32Array(size);
  for (let i = 0; i < size; i++) table[i] = i;
  let seed = 0x2545f491;
  for (let i = size - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    const j = (seed >>> 1) % i;
    const t = table[i]!;
    table[i] = table[j]!;
    table[j] = t;
  }
  return table;
}
