// The errors the automata library reports for user patterns: bad syntax, non-regular features, budgets.

/** The pattern is not valid ECMAScript regex syntax; the message names the position and what was expected. */
export class RegexSyntaxError extends Error {
  readonly position: number;
  readonly pattern: string;
  constructor(pattern: string, position: number, problem: string) {
    super(`invalid regex /${pattern}/ at position ${position}: ${problem}`);
    this.name = 'RegexSyntaxError';
    this.position = position;
    this.pattern = pattern;
  }
}

/** The pattern uses a feature whose language is not regular (backreferences, lookaround) or that is not supported. */
export class UnsupportedRegexError extends Error {
  readonly position: number;
  readonly pattern: string;
  constructor(pattern: string, position: number, reason: string) {
    super(`unsupported regex /${pattern}/ at position ${position}: ${reason}`);
    this.name = 'UnsupportedRegexError';
    this.position = position;
    this.pattern = pattern;
  }
}

/** Building an automaton would need more states than its budget allows. */
export class StateBudgetError extends Error {
  readonly budget: number;
  constructor(what: string, budget: number) {
    super(`${what} needs more than ${budget} states (the state budget); simplify the pattern or raise maxStates`);
    this.name = 'StateBudgetError';
    this.budget = budget;
  }
}
