// One core's walker for the core probe (affinity.ts, CoreProbe): a process the orchestrator starts
// pinned to one core (`taskset -c <core> node probe-walker.js`). It builds a 32 MB table once and, for
// each line it reads, times three walks of 4096 dependent loads through it and writes the median in
// nanoseconds as a line. It ends with its input.
import { createInterface } from 'node:readline';
import { chainTable, WALK_STEPS } from './walk-table.ts';

const table = chainTable(1 << 23);
let at = 0;
process.stdout.write('ready\n');
for await (const _line of createInterface({ input: process.stdin })) {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const began = process.hrtime.bigint();
    for (let step = 0; step < WALK_STEPS; step++) at = table[at]!;
    times.push(Number(process.hrtime.bigint() - began));
  }
  if (at < 0) throw new Error('unreachable'); // keeps the walk from being optimised away
  process.stdout.write(`${times.sort((a, b) => a - b)[1]}\n`);
}
