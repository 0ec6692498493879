// The constraint model: the reference's field names and enum values (the interchange
// format with the original Ananke), plus the structured `facts` Braid compiles from.
import type { Fact, Language } from './facts.ts';

export const CONSTRAINT_KINDS = ['syntactic', 'type_safety', 'semantic', 'architectural', 'operational', 'security'] as const;
export type ConstraintKind = (typeof CONSTRAINT_KINDS)[number];

export const SEVERITIES = ['err', 'warning', 'info', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONSTRAINT_SOURCES = [
  'AST_Pattern',
  'Type_System',
  'Control_Flow',
  'Data_Flow',
  'Test_Mining',
  'Documentation',
  'Telemetry',
  'User_Defined',
  'LLM_Analysis',
] as const;
export type ConstraintSource = (typeof CONSTRAINT_SOURCES)[number];

export const ENFORCEMENTS = ['Syntactic', 'Structural', 'Semantic', 'Performance', 'Security'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];

/** Priority names in order; the numeric value is the index (Low = 0 … Critical = 3). */
export const PRIORITIES = ['Low', 'Medium', 'High', 'Critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Which enforcements are valid for a kind (the reference's validity pairs). */
export const KIND_ENFORCEMENTS: Record<ConstraintKind, readonly Enforcement[]> = {
  syntactic: ['Syntactic'],
  type_safety: ['Structural', 'Semantic'],
  semantic: ['Semantic'],
  architectural: ['Structural'],
  operational: ['Performance'],
  security: ['Security'],
};

export interface Constraint {
  id: string;
  name: string;
  description: string;
  kind: ConstraintKind;
  source: ConstraintSource;
  enforcement: Enforcement;
  priority: Priority;
  confidence: number;
  frequency: number;
  severity: Severity;
  origin_file?: string;
  origin_line?: number;
  /** Language of the code the constraint came from or applies to. */
  language?: Language;
  /** The structured fact behind the constraint (our extension; the original ignores unknown fields). */
  facts?: Fact;
}

export interface ConstraintSet {
  name: string;
  constraints: Constraint[];
}
