// The exporters by --format name; adding a format is adding a file and a line here.
import type { Exporter } from './exporter.ts';
import { bmfExporter } from './bmf.ts';
import { csvExporter } from './csv.ts';
import { githubBenchmarkExporter } from './github-benchmark.ts';
import { jsonExporter } from './json.ts';
import { markdownExporter } from './markdown.ts';
import { tableExporter } from './table.ts';

export type { Exporter, RenderOptions } from './exporter.ts';

export const EXPORTERS: ReadonlyMap<string, Exporter> = new Map(
  [tableExporter, markdownExporter, jsonExporter, bmfExporter, githubBenchmarkExporter, csvExporter].map((e) => [e.format, e]),
);

/** The exporter for a --format value, or null (callers name the valid formats in their error). */
export function exporterFor(format: string): Exporter | null {
  return EXPORTERS.get(format) ?? null;
}
