// The orchestrator's public surface: what scripts/*.mjs import (from dist/orchestrator/index.js).
export * from './bench-run.ts';
export * from './progress.ts';
export * from './runner-process.ts';
export * from './session.ts';
export * from './targets.ts';
export * from './measure.ts';
export * from './options.ts';
export * from './worktree.ts';
export * from './compare.ts';
export * from './hosts.ts';
export * from './hosts-run.ts';
export * from './remote.ts';
export * from './ssh.ts';
export * from './runtime-versions.ts';
