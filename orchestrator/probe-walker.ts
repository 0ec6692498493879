// One core's walker for the core probe (affinity.ts, CoreProbe): a process the orchestrator starts
// pinned to one core (`taskset -c <core> node probe-walker.js`). It builds a 32 MB table once and, for
// each line it reads, times three walks of 4096 dependent loads through it and writes the median in
// nanoseconds as a line. It ends with its input.
import { createInterface } from 'node:readline';

/** One random cycle through every slot (Sattolo's shuffle), from a fixed seed: each load depends on the one before. */
function chainTable(size: number): Int32Array {
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

const table = chainTable(1 << 23);
let at = 0;
process.stdout.write('ready\n');
for await (const _line of createInterface({ input: process.stdin })) {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const began = process.hrtime.bigint();
    for (let step = 0; step < 4096; step++) at = table[at]!;
    times.push(Number(process.hrtime.bigint() - began));
  }
  if (at < 0) throw new Error('unreachable'); // keeps the walk from being optimised away
  process.stdout.write(`${times.sort((a, b) => a - b)[1]}\n`);
}
