// The report layer's public surface: what scripts/*.mjs import (from dist/core/report/index.js).
export * from './stats.ts';
export * from './runs.ts';
export * from './pool.ts';
export * from './status.ts';
export * from './compare.ts';
export * from './previous.ts';
export * from './regression.ts';
export * from './baseline-update.ts';
export * from './summary.ts';
export * from './format.ts';
export { EXPORTERS, exporterFor, type Exporter, type RenderOptions } from './exporters/index.ts';
export { parseBaselines, parseTargets, baselineRuntimes, type BaselinesFile, type TargetsFile } from '../record/baselines.ts';
export { checkRecord } from '../record/schema.ts';
