// `ananke sample`: a constrained sample over a tokenizer vocabulary, with a seeded random chooser instead of a model.
import { parseArgs } from 'node:util';
import { platform } from '../../core/platform.ts';
import { MaskCache, constrainedDecode, constraintDfa, loadVocabulary, seededRandomChooser } from '../../core/tokenmask/index.ts';
import { CONSTRAINT_OPTIONS, constraintArgs, describeToken, userError } from './mask.ts';

const USAGE = `usage: ananke sample --vocab o200k|cl100k|llama3 --regex '<pattern>' [--forbid '<pattern>']... [--seed N] [--max-tokens N] [--eos-probability P] [--flags is]

Picks tokens uniformly at random among those the constraint allows (seeded, reproducible),
takes EOS with probability P (default 0.3) where the constraint may end, and prints each step.`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        ...CONSTRAINT_OPTIONS,
        seed: { type: 'string', default: '1' },
        'max-tokens': { type: 'string', default: '64' },
        'eos-probability': { type: 'string', default: '0.3' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`ananke sample: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const options = constraintArgs(values);
  const seed = Number(values.seed);
  const maxTokens = Number(values['max-tokens']);
  const eosProbability = Number(values['eos-probability']);
  const problem =
    typeof options === 'string'
      ? options
      : !Number.isInteger(seed)
        ? '--seed must be an integer'
        : !(Number.isInteger(maxTokens) && maxTokens > 0)
          ? '--max-tokens must be a positive integer'
          : !(eosProbability >= 0 && eosProbability <= 1)
            ? '--eos-probability must be between 0 and 1'
            : null;
  if (problem !== null || typeof options === 'string') {
    console.error(`ananke sample: ${problem}\n\n${USAGE}`);
    return 2;
  }
  const vocab = await loadVocabulary(options.vocab);
  let dfa;
  try {
    dfa = constraintDfa(options.regex, {
      forbid: options.forbid,
      ...(options.flags === undefined ? {} : { flags: options.flags }),
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    });
  } catch (error) {
    const message = userError(error);
    if (message === null) throw error;
    console.error(`ananke sample: ${message}`);
    return 2;
  }
  const cache = new MaskCache(vocab, dfa);
  const clock = platform();
  const t = clock.nowNs();
  const result = constrainedDecode(cache, seededRandomChooser(seed, { eosProbability }), { maxTokens });
  const elapsedNs = clock.nowNs() - t;
  if (!values.quiet)
    result.tokens.forEach((id, i) => {
      console.log(`${String(i).padStart(4)}  ${String(id).padStart(6)}  ${describeToken(vocab, id)}`);
    });
  console.log(`text      ${JSON.stringify(result.text)}`);
  console.log(
    `stopped   ${result.stoppedBy} after ${result.tokens.length} tokens; the constraint ${result.accepted ? 'accepts' : 'does not (yet) accept'} the text; ${(elapsedNs / 1e3 / Math.max(1, result.tokens.length)).toFixed(1)} µs per step (${cache.distinctMasks} masks computed, cold: the first masks of a vocabulary also build its byte-class indexes)`,
  );
  return 0;
}
