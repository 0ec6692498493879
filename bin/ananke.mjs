#!/usr/bin/env node
// The `ananke` command: runs the compiled CLI (npm install builds dist/).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('ananke: dist/ is missing; run `npm install` (or `npm run build`) first');
  process.exit(2);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
