// Every emitted Lark grammar loads in Python Lark (Debian's python3-lark, /usr/bin/python3)
// once the llguidance-only lines are removed, and accepts/rejects the fixture cases.
// One python process for the whole file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { stripLlguidanceOnly } from '../../../core/braid/lark.ts';
import { PYTHON, requirePythonModule } from '../../support/tools.ts';
import { REAL_SOURCES, languageCases, realCodeCases } from './cases.ts';

const SCRIPT = `
import sys, json, lark
req = json.load(sys.stdin)
out = []
for g in req:
    try:
        parser = lark.Lark(g['text'], start=['start', 'signature'], parser='earley', lexer='dynamic')
    except Exception as e:
        out.append({'error': type(e).__name__ + ': ' + str(e)})
        continue
    results = []
    for case in g['cases']:
        try:
            parser.parse(case['text'], start=case['start'])
            results.append(True)
        except lark.exceptions.LarkError:
            results.append(False)
    out.append({'results': results, 'version': lark.__version__})
print(json.dumps(out))
`;

test('every Lark grammar loads in Python Lark and accepts/rejects the fixture cases', async () => {
  requirePythonModule('lark', 'python3-lark');
  const all = await languageCases();
  for (const { language, ir } of all) {
    assert.ok(ir.lark, `${language}: no Lark grammar`);
    assert.ok(ir.lark.startsWith('%llguidance {}\n'), `${language}: llguidance header`);
    if (!language.includes('real code')) assert.match(ir.lark, /^json_entity: %json \{/m, `${language}: Entity schema embedded with %json`);
  }
  const request = all.map(({ ir, cases }) => ({ text: stripLlguidanceOnly(ir.lark!), cases: cases.map((c) => ({ text: c.text, start: c.start })) }));
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const results = JSON.parse(run.stdout) as Array<{ error?: string; results?: boolean[]; version?: string }>;
  const failures: string[] = [];
  all.forEach(({ language, cases }, i) => {
    const r = results[i]!;
    if (r.error) {
      failures.push(`${language}: grammar does not load: ${r.error}`);
      return;
    }
    cases.forEach((c, j) => {
      if (r.results![j] !== c.accept) failures.push(`${language}: ${c.accept ? 'rejected' : 'accepted'} ${c.start} (${c.why}): ${JSON.stringify(c.text)}`);
    });
  });
  assert.deepEqual(failures, []);
  assert.equal(results[0]!.version, '1.1.5');
});

test('the fixture cases are substantial: every language has own signatures and each kind of violation', async () => {
  const all = await languageCases();
  for (const { language, cases } of all.filter((l) => !l.language.includes('parameters'))) {
    assert.ok(cases.filter((c) => c.accept && c.start === 'signature').length >= 2, `${language}: own signatures`);
    assert.ok(
      cases.some((c) => !c.accept && /convention|camelCase|snake_case|PascalCase/.test(c.why)),
      `${language}: naming violations`,
    );
  }
  assert.ok(all.filter((l) => l.cases.some((c) => !c.accept && /any/i.test(c.why))).length >= 8, 'any violations in most languages');
});

test('the real-code cases: each file gives its hand-counted signatures, every listed rejection occurs, mutants of each kind', async () => {
  const real = await realCodeCases();
  assert.equal(real.length, REAL_SOURCES.length);
  real.forEach(({ language, cases }, i) => {
    const source = REAL_SOURCES[i]!;
    const own = cases.filter((c) => c.why.startsWith('own signature'));
    assert.equal(own.length, source.signatures, `${language}: own signatures`);
    assert.deepEqual(
      own
        .filter((c) => !c.accept)
        .map((c) => c.text)
        .sort(),
      Object.keys(source.rejects).sort(),
      `${language}: the listed rejections are its own signatures`,
    );
    assert.ok(
      cases.some((c) => /renamed against the convention/.test(c.why) && c.why.startsWith('parameter') === false),
      `${language}: function renamed`,
    );
  });
  const kinds = (pattern: RegExp) => new Set(real.filter((l) => l.cases.some((c) => pattern.test(c.why))).map((l) => l.language.split(' ')[0]));
  assert.deepEqual([...kinds(/where any is forbidden/)].sort(), ['go', 'typescript']);
  assert.deepEqual([...kinds(/^parameter renamed/)].sort(), ['go', 'python', 'rust', 'typescript']);
});
