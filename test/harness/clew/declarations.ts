// The declaration keys the Go, Rust and Zig oracles compare: what Clew extracts from a file written
// as `function Owner.name@line`, `params …(name:type,…)`, `results … type`, `type Name@line kind`,
// `fields Name@line(…)`, `variants Name@line(…)` and `import module@line [names]`, and one run of the
// comparison over groups of files.
import { readFileSync } from 'node:fs';
import { Clew } from '../../../core/clew/index.ts';
import type { Language, TypeDeclKind } from '../../../core/model/facts.ts';
import { usePlatform } from '../../support/platform.ts';
import { requireFiles } from '../../support/tools.ts';
import { compareKeys, Tally, type KnownDisagreement } from './score.ts';

export interface KeyOptions {
  /** Declaration kinds whose fields are compared. */
  fieldKinds: TypeDeclKind[];
  /** Declaration kinds whose variants are compared. */
  variantKinds: TypeDeclKind[];
  /** Whether an import's key holds the names it brings (sorted), as `[a,b]`. */
  importNames: boolean;
}

export function clewDeclarationKeys(clew: Clew, language: Language, path: string, text: string, options: KeyOptions): string[] {
  const result = clew.extract(text, { language, file: path });
  result.dispose?.();
  const keys: string[] = [];
  for (const c of result.constraints) {
    const f = c.facts;
    if (f?.fact === 'function') {
      const key = `${f.owner ?? ''}.${f.name}@${c.origin_line}`;
      keys.push(`function ${key}`);
      keys.push(`params ${key}(${f.params.map((p) => `${p.variadic ? '...' : ''}${p.name}:${p.type?.text ?? ''}`).join(',')})`);
      if (f.returnType) keys.push(`results ${key} ${f.returnType.text}`);
    } else if (f?.fact === 'type') {
      const key = `${f.name}@${c.origin_line}`;
      keys.push(`type ${key} ${f.declKind}`);
      if (options.fieldKinds.includes(f.declKind)) keys.push(`fields ${key}(${f.fields.map((x) => x.name).join(',')})`);
      if (options.variantKinds.includes(f.declKind)) keys.push(`variants ${key}(${f.variants.join(',')})`);
    } else if (f?.fact === 'import') {
      keys.push(`import ${f.module}@${c.origin_line}${options.importNames ? ` [${[...f.names].sort().join(',')}]` : ''}`);
    }
  }
  return keys;
}

/**
 * Compares Clew with an oracle's keys on every file of every group (`groups`: group → paths under
 * `root`, the labels of the report), prints the figures and asserts that each group agrees but for
 * the known disagreements. `oracle` gives the expected keys of every file, by label.
 */
export async function checkDeclarations(run: {
  language: Language;
  title: string;
  root: string;
  groups: Record<string, string[]>;
  /** Where the files come from, named when one is missing. */
  packages: string;
  oracle: (paths: string[]) => Record<string, string[]>;
  options: KeyOptions;
  kinds: string[];
  known: readonly KnownDisagreement[];
}): Promise<void> {
  const labels = Object.values(run.groups).flat();
  requireFiles(
    labels.map((label) => `${run.root}/${label}`),
    run.packages,
  );
  const expected = run.oracle(labels.map((label) => `${run.root}/${label}`));
  await usePlatform();
  const clew = await Clew.create();
  await clew.load(run.language);
  const tally = new Tally();
  for (const [group, files] of Object.entries(run.groups)) {
    for (const label of files) {
      const path = `${run.root}/${label}`;
      tally.add(group, label, compareKeys(clewDeclarationKeys(clew, run.language, path, readFileSync(path, 'utf8'), run.options), expected[path] ?? []));
    }
  }
  tally.check(
    `${run.title} over ${labels.length} files:`,
    Object.fromEntries(Object.keys(run.groups).map((group) => [group, { kinds: run.kinds }])),
    run.known,
  );
}
