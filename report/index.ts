// The HTML report's public surface (what scripts/report-page.mjs imports from dist/report/index.js).
// Node only: Observable Plot draws on a linkedom document, so this stays out of the runtime-agnostic core.
export { renderReportPage, type ReportPageModel } from './page.ts';
export { coloursFor, contrast, BACKGROUNDS, RUNTIME_COLOURS, MORE_COLOURS } from './palette.ts';
