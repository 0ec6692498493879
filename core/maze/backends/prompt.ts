// The prompt text sent with a request: the intent, the language, and the constraints in force
// stated plainly (structured output enforces the formal part; the text tells the model the rest).
import type { Constraint } from '../../model/constraint.ts';
import { PRIORITIES } from '../../model/constraint.ts';

export interface Prompt {
  /** System message for chat APIs. */
  system: string;
  /** User message for chat APIs. */
  user: string;
  /** The single text for completion APIs (system, then user). */
  completion: string;
}

/** At most this many constraints are spelt out in the prompt (highest priority first). */
export const PROMPT_CONSTRAINT_LIMIT = 40;

export function buildPrompt(intent: string, language: string, constraints: readonly Constraint[]): Prompt {
  const stated = constraints
    .filter((c) => c.severity === 'err' || c.severity === 'warning')
    .map((c, index) => ({ c, index, rank: PRIORITIES.indexOf(c.priority) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .slice(0, PROMPT_CONSTRAINT_LIMIT)
    .map(({ c }) => `- ${c.description || c.name}`);
  const system = [
    `You write ${language} code. Answer with the code only, no explanations and no Markdown fences.`,
    ...(stated.length > 0 ? ['The code must follow these constraints:', ...stated] : []),
  ].join('\n');
  const user = intent;
  return { system, user, completion: `${system}\n\nTask: ${intent}\n\n` };
}
