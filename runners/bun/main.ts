// The Bun benchmark runner: `bun dist/runners/bun/main.js [flags]` (see runners/shared/bench-main.ts).
import { benchMain } from '../shared/bench-main.ts';
import { bunPlatform } from './platform.ts';
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

function writeAll(fd: number, text: string): void {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}

const code = await benchMain({
  platform: await bunPlatform(),
  argv: process.argv.slice(2),
  moduleUrl: import.meta.url,
  cwd: process.cwd(),
  writeStdout: (text) => writeAll(1, text),
  writeStderr: (text) => writeAll(2, text),
  canSpawn: true,
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  pid: process.pid,
});
process.exit(code);
