// The Node.js benchmark runner: `node --expose-gc dist/runners/node/main.js [flags]` (see runners/shared/bench-main.ts).
import { createInterface } from 'node:readline';
import { benchMain } from '../shared/bench-main.ts';
import { nodePlatform } from './platform.ts';

if ((globalThis as { gc?: unknown }).gc === undefined) {
  process.stderr.write('[node] warning: started without --expose-gc; memory figures will be unavailable\n');
}
const code = await benchMain({
  platform: nodePlatform(),
  argv: process.argv.slice(2),
  moduleUrl: import.meta.url,
  cwd: process.cwd(),
  // Writes to pipes and files are synchronous on Linux, so each record is out before the next bench.
  writeStdout: (text) => {
    process.stdout.write(text);
  },
  writeStderr: (text) => {
    process.stderr.write(text);
  },
  canSpawn: true,
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  pid: process.pid,
});
process.exitCode = code;
// Workers and WASM are already released; exit without waiting on anything a bench left behind.
process.stdout.write('', () => process.exit(code));
