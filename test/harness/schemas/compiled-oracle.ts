// The part the compiled oracles (Rust, Go) share: a program built from the oracle's project prints
// serialized values of its types (`samples`) and judges values (`judge`: JSON cases on stdin, verdicts
// on stdout); Clew and Braid read the project's type file. Instances and their mutants are judged by
// the program and by ajv with the emitted schemas.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Language } from '../../../core/model/facts.ts';
import { assertServersTakeSchemas, compiledFile, mutants, SchemaJudge, seeded, VerdictTally, type Json } from './verdicts.ts';

function run(binary: string, mode: 'samples' | 'judge', input?: string): unknown {
  const out = spawnSync(binary, [mode], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(out.status, 0, `${binary} ${mode}: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

export async function judgeWithProgram(options: {
  language: Language;
  binary: string;
  types: string;
  judgedBy: string;
  mutantsPerInstance: number;
}): Promise<void> {
  const { language, binary, types, judgedBy, mutantsPerInstance } = options;
  const ir = await compiledFile(language, types);

  const samples = run(binary, 'samples') as Array<{ type: string; features: string[]; instances: Json[] }>;
  const random = seeded(14);
  const cases: Array<{ type: string; features: string[]; value: Json; how: string }> = [];
  for (const s of samples) {
    for (const instance of s.instances) {
      cases.push({ type: s.type, features: s.features, value: instance, how: 'instance' });
      for (const m of mutants(instance, random, mutantsPerInstance)) cases.push({ type: s.type, features: s.features, value: m.value, how: m.how });
    }
  }
  const verdicts = run(binary, 'judge', JSON.stringify(cases.map((c) => ({ type: c.type, value: c.value })))) as boolean[];
  assert.equal(verdicts.length, cases.length);

  const judge = new SchemaJudge();
  const tally = new VerdictTally();
  cases.forEach((c, i) => {
    const schema = ir.schemas[c.type];
    // a type the program writes but Braid gave no schema: no value of it is accepted
    tally.add({
      language,
      type: c.type,
      features: c.features,
      value: c.value,
      how: c.how,
      expected: verdicts[i]!,
      got: schema !== undefined && judge.accepts(schema, c.value),
    });
  });
  tally.report(`${language} schemas: ${tally.verdicts.length} values of ${samples.length} types judged by ${judgedBy}`, 0.95);
  await assertServersTakeSchemas(ir);
}
