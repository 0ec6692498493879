// What building a constraint takes, shared by the per-definition constraints (constraints.ts) and
// the reference's summaries (summaries.ts): its meta, the maker's signature and occurrence tallies.
import type { Constraint, ConstraintKind, ConstraintSource, Enforcement, Priority, Severity } from '../model/constraint.ts';
import type { Fact } from '../model/facts.ts';

/** How often a pattern occurs in a file, with its first line and text. */
export interface Occurrences {
  count: number;
  line: number;
  text: string;
}

/** Everything a constraint needs besides its fact and wording. */
export interface Meta {
  kind: ConstraintKind;
  source: ConstraintSource;
  enforcement: Enforcement;
  priority: Priority;
  severity: Severity;
}

/** Makes a constraint from its meta, name, wording and fact. */
export type Make = (meta: Meta, name: string, description: string, fact: Fact, line: number, confidence?: number, frequency?: number) => Constraint;
