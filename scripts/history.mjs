#!/usr/bin/env node
// @ts-check
// Each bench's median per target over the runs in results/ of one testbed (`npm run bench:history`),
// with the change points marked; runs of other testbeds are listed apart, never mixed into a line.
import { join, resolve } from 'node:path';
import { minimist } from 'zx';
import { EXIT, ROOT, UserError, loadOrchestrator, loadReportCore, loadRunFolder, readChecked, runFolders, runMain, terminalWidth } from './bench-io.mjs';

const STRINGS = ['results-dir', 'testbed', 'bench', 'suite', 'format', 'profile'];
const USAGE = `usage: npm run bench:history -- [options]
  --results-dir DIR     where the runs are (default results/)
  --testbed N|TEXT      which testbed: its number in the list, or text in its name (default: the newest run's)
  --suite a,b --bench id,prefix   which benches (default: all)
  --profile quick|full  only runs of this profile (default: all)
  --format text|json    (default: text)
exit codes: 0 shown, 2 bad input (an option, no runs, no such testbed)`;

async function main() {
  const args = minimist(process.argv.slice(2), { string: STRINGS, boolean: ['help'], alias: { h: 'help' } });
  if (args.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const unknown = Object.keys(args).filter((key) => !['_', 'h', 'help', ...STRINGS].includes(key));
  if (unknown.length > 0 || args._.length > 0)
    throw new UserError(`${unknown.length > 0 ? `unknown option --${unknown[0]}` : `unexpected argument ${args._[0]}`} (see npm run bench:history -- --help)`);
  const format = args.format ?? 'text';
  if (!['text', 'json'].includes(format)) throw new UserError(`--format ${format}: expected text or json`);
  const [core, orchestrator] = await Promise.all([loadReportCore(), loadOrchestrator()]);
  let ids = null;
  if (args.suite !== undefined || args.bench !== undefined) {
    const list = (text) =>
      text === undefined
        ? null
        : String(text)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    try {
      ids = new Set(orchestrator.selectIds(list(args.suite), list(args.bench)));
    } catch (error) {
      if (error instanceof orchestrator.RunError) throw new UserError(error.message);
      throw error;
    }
  }
  const resultsDir = resolve(ROOT, args['results-dir'] ?? 'results');
  const folders = runFolders(resultsDir);
  if (folders.length === 0) throw new UserError(`no runs in ${resultsDir}`);
  const inputs = [];
  for (const dir of folders) {
    const { summary, collector } = await loadRunFolder(core, dir);
    if (args.profile !== undefined && summary.profile !== args.profile) continue;
    const runs = ids === null ? collector.runs : collector.runs.map((r) => ({ ...r, benches: r.benches.filter((b) => ids.has(b.id)) }));
    inputs.push({ summary, runs: runs.filter((r) => r.benches.length > 0) });
  }
  const bandsFile = readChecked(join(ROOT, 'baselines', 'noise.json'), core.parseNoiseBands, { optional: true });
  const bands = bandsFile === null ? null : core.noiseBands(bandsFile);
  const histories = core.buildHistory(inputs, { bands });
  if (histories.length === 0)
    throw new UserError(
      `no bench records in ${resultsDir}${ids === null ? '' : ' for those benches'}${args.profile === undefined ? '' : ` of profile ${args.profile}`}`,
    );
  const chosen = pickTestbed(histories, args.testbed);
  const foreign = core.bandsNote(bands, [chosen.testbed]);
  if (foreign !== null) console.error(`warning: ${foreign}`);
  if (format === 'json') {
    console.log(JSON.stringify(chosen, null, 2));
    return EXIT.ok;
  }
  const others = histories
    .filter((h) => h !== chosen)
    .map((h) => `[${histories.indexOf(h) + 1}] ${h.testbed}, ${h.runs.length} run(s): --testbed ${histories.indexOf(h) + 1}`);
  console.log(core.renderHistory(chosen, { width: terminalWidth(), otherTestbeds: others }));
  return EXIT.ok;
}

/** --testbed: a number in the list, or text in the name; default: the testbed of the newest run. */
function pickTestbed(histories, wanted) {
  if (wanted === undefined) {
    const newest = (h) => h.runs.at(-1).startedAt;
    return histories.reduce((a, b) => (newest(b) > newest(a) ? b : a));
  }
  const byNumber = /^\d+$/.test(wanted) ? histories[Number(wanted) - 1] : undefined;
  const matches = byNumber !== undefined ? [byNumber] : histories.filter((h) => h.testbed.toLowerCase().includes(String(wanted).toLowerCase()));
  if (matches.length !== 1) {
    const list = histories.map((h, i) => `[${i + 1}] ${h.testbed} (${h.runs.length} run(s))`).join('; ');
    throw new UserError(`--testbed ${wanted}: ${matches.length === 0 ? 'no' : 'more than one'} testbed matches; the testbeds: ${list}`);
  }
  return matches[0];
}

await runMain(main);
