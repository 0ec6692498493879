// Zig oracle for Braid's JSON Schemas. Debian has no recent Zig, so the values are judged by hand from
// std.json's documented rules (Zig 0.13, std/json/static.zig and stringify.zig, default options) on
// ZLS-style types (zig/types.zig) and a file struct (zig/Config.zig). A value is valid when
// std.json.parseFromSlice reads it into the type and std.json.stringify writes every member of it back
// unchanged:
//   - a struct is an object; an unknown field is an error (ignore_unknown_fields = false); a missing
//     field takes its default value, and without one is an error, also for an optional (?T) field;
//   - ?T is null or a T (stringify writes null: emit_null_optional_fields = true);
//   - an enum is written as its tag name; parse also reads its integer, but that is not what is written;
//   - union(enum) is {"field": payload}, a void payload {}; a bare union cannot be written at all;
//   - []const u8 and [N]u8 are strings ([N]u8 of exactly N bytes); other slices and arrays are arrays
//     ([N]T of exactly N items); integers must fit their type; a type with jsonStringify writes itself.
// A verdict is right when ajv with the emitted schema agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConstraintIR } from '../../../core/braid/index.ts';
import { repoPath } from '../../support/platform.ts';
import { assertServersTakeSchemas, compiledFile, SchemaJudge, VerdictTally, type Json } from './verdicts.ts';

type Case = [type: string, value: Json, valid: boolean, why: string];

const pos = { line: 3, character: 14 };
const range = { start: pos, end: { line: 3, character: 20 } };

/** [type, value, valid by std.json's rules, which rule]; features per type below. */
const CASES: Case[] = [
  ['Position', pos, true, 'struct of two u32'],
  ['Position', { line: 0, character: 4294967295 }, true, 'u32 maximum'],
  ['Position', { line: -1, character: 0 }, false, 'u32 cannot be negative'],
  ['Position', { line: 4294967296, character: 0 }, false, 'overflows u32'],
  ['Position', { line: 1.5, character: 0 }, false, 'not an integer'],
  ['Position', { line: 1 }, false, 'missing field without a default'],
  ['Position', { ...pos, offset: 2 }, false, 'unknown field'],
  ['Position', { line: '3', character: 14 }, false, 'a numeric string is read as a number but written as one, so not as written'],
  ['Range', range, true, 'nested structs'],
  ['Range', { start: pos, end: null }, false, 'null for a non-optional struct'],
  ['MarkupKind', 'markdown', true, 'enum tag name'],
  ['MarkupKind', 'Markdown', false, 'tag names are case-sensitive'],
  ['MarkupKind', 1, false, 'enum integer is read but written as the tag name'],
  ['MarkupContent', { kind: 'plaintext', value: 'x' }, true, 'enum field'],
  ['MarkupContent', { value: 'x' }, true, 'kind has a default (.markdown)'],
  ['MarkupContent', { kind: 'html', value: 'x' }, false, 'no such tag'],
  ['MarkupContent', { kind: 'plaintext' }, false, 'value has no default'],
  ['DiagnosticSeverity', 'Warning', true, 'non-exhaustive enum: a named tag'],
  ['DiagnosticSeverity', '_', false, '_ marks the enum non-exhaustive; it is no tag'],
  ['DiagnosticSeverity', 'Fatal', false, 'no such tag'],
  ['Diagnostic', { range, message: 'unused variable' }, true, 'optionals with defaults may be missing'],
  ['Diagnostic', { range, severity: 'Error', code: 'E1', source: 'zls', message: 'm', tags: null }, true, 'every field, one optional null'],
  ['Diagnostic', { range, severity: null, message: 'm' }, true, 'an optional enum may be null'],
  ['Diagnostic', { range, severity: 'Severe', message: 'm' }, false, 'no such severity'],
  ['Diagnostic', { range, severity: 2, message: 'm' }, false, 'enum integer is not what is written'],
  ['Diagnostic', { range }, false, 'message has no default'],
  ['Diagnostic', { range, message: 7 }, false, 'a number is no string'],
  ['Diagnostic', { range, message: 'm', data: {} }, false, 'unknown field'],
  ['Hover', { contents: { kind: 'markdown', value: '**x**' }, range }, true, 'every field'],
  ['Hover', { contents: { value: 'x' }, range: null }, true, 'an optional without a default is written as null'],
  ['Hover', { contents: { value: 'x' } }, false, 'an optional without a default must be present'],
  ['Hover', { contents: 'x', range: null }, false, 'contents is a struct'],
  ['TextEdit', { range, newText: 'const x = 1;' }, true, 'struct'],
  ['TextEdit', { range, newText: ['c'] }, false, 'an array is no string'],
  ['TextEdit', { range, newText: null }, false, 'not optional'],
  ['CompletionItem', { label: 'init' }, true, 'only the required field'],
  [
    'CompletionItem',
    { label: 'deinit', kind: 2, detail: 'fn deinit() void', deprecated: true, sortText: null, textEdit: { range, newText: 'deinit' } },
    true,
    'every field',
  ],
  ['CompletionItem', { label: 'x', kind: 256 }, false, 'overflows u8'],
  ['CompletionItem', { label: 'x', kind: -1 }, false, 'u8 cannot be negative'],
  ['CompletionItem', { label: 'x', deprecated: null }, false, 'bool is not optional'],
  ['CompletionItem', { label: 'x', deprecated: 'true' }, false, 'a string is no bool'],
  ['CompletionItem', { label: 'x', textEdit: { range } }, false, 'the nested struct misses newText'],
  ['CompletionItem', { kind: 1 }, false, 'label has no default'],
  ['ResponseError', { code: -32601, message: 'method not found' }, true, 'i32 negative'],
  ['ResponseError', { code: 2147483648, message: 'm' }, false, 'overflows i32'],
  ['ResponseError', { code: -2147483648, message: 'm' }, true, 'i32 minimum'],
  ['Request', { hover: pos }, true, 'union(enum): {"field": payload}'],
  ['Request', { shutdown: {} }, true, 'a void payload is written as {}'],
  ['Request', { initialize: {} }, true, 'payload struct with every field defaulted'],
  ['Request', { initialize: { processId: 42, rootUri: 'file:///src', trace: 'verbose' } }, true, 'payload with its fields'],
  ['Request', { initialize: { trace: 'loud' } }, false, 'no such trace'],
  ['Request', { shutdown: null }, false, 'a void payload is {}, not null'],
  ['Request', 'shutdown', false, 'a union is an object, not its tag'],
  ['Request', { hover: pos, shutdown: {} }, false, 'exactly one field'],
  ['Request', {}, false, 'no field'],
  ['Request', { exit: {} }, false, 'no such field'],
  ['InitializeParams', {}, true, 'every field defaulted'],
  ['InitializeParams', { processId: null, rootUri: null, trace: 'off' }, true, 'optionals null'],
  ['InitializeParams', { processId: 1.5 }, false, 'not an integer'],
  ['Trace', 'messages', true, 'enum'],
  ['Trace', 'silent', false, 'no such tag'],
  ['Checksum', { digest: 'abcd', window: [1, 2] }, true, '[4]u8 is a string of four bytes; [2]u16 two numbers'],
  ['Checksum', { digest: 'abcd', window: [1, 2, 3] }, false, '[2]u16 has exactly two items'],
  ['Checksum', { digest: 'abcd', window: [1, 70000] }, false, 'overflows u16'],
  ['Checksum', { digest: [97, 98, 99, 100], window: [1, 2] }, false, 'stringify writes [4]u8 as a string, not numbers'],
  ['Checksum', { digest: 'ab', window: [1, 2] }, false, '[4]u8 needs exactly four bytes'],
  ['Uri', 'file:///a.zig', true, 'jsonStringify writes the string'],
  ['Uri', { raw: 'file:///a.zig' }, false, 'parsed field by field, but written as a string'],
  ['Config', {}, true, 'a file struct with every field defaulted'],
  ['Config', { enable_snippets: false, semantic_tokens: 'partial', zig_exe_path: '/usr/bin/zig', max_detail_length: 0 }, true, 'file struct fields'],
  ['Config', { zig_exe_path: null }, true, 'optional with a default may be null'],
  ['Config', { semantic_tokens: 'some' }, false, 'no such tag'],
  ['Config', { enable_snippets: 1 }, false, 'a number is no bool'],
  ['Config', { max_detail_length: -5 }, false, 'u32 cannot be negative'],
  ['Config', { snippets: true }, false, 'unknown field'],
  ['SemanticTokens', 'none', true, 'enum nested in the file struct'],
];

const FEATURES: Record<string, string[]> = {
  Position: ['struct', 'integer widths'],
  Range: ['struct', 'nested struct'],
  MarkupKind: ['enum'],
  MarkupContent: ['enum', 'default'],
  DiagnosticSeverity: ['enum', 'non-exhaustive enum'],
  Diagnostic: ['optional with default', 'enum'],
  Hover: ['optional without default'],
  TextEdit: ['struct'],
  CompletionItem: ['optional with default', 'integer widths', 'default'],
  ResponseError: ['integer widths'],
  Request: ['union(enum)', 'void payload'],
  InitializeParams: ['optional with default', 'default'],
  Trace: ['enum'],
  Checksum: ['fixed array', 'integer widths'],
  Uri: ['jsonStringify'],
  Config: ['file struct (@This)', 'default'],
  SemanticTokens: ['enum'],
};

test('Zig: the emitted JSON Schemas accept exactly what std.json writes and reads back, judged by its documented rules', async () => {
  const irs = [
    await compiledFile('zig', repoPath('test/harness/schemas/zig/types.zig')),
    await compiledFile('zig', repoPath('test/harness/schemas/zig/Config.zig')),
  ];
  const schemas = Object.assign({}, ...irs.map((ir) => ir.schemas)) as ConstraintIR['schemas'];
  // std.json cannot write a bare union: Braid says so instead of giving it a schema
  assert.equal(schemas.Bare, undefined);
  assert.ok(irs[0]!.rejected.some((r) => r.type === 'Bare' && /union without a tag/.test(r.reason)));
  assert.ok(irs[0]!.approximated.some((a) => a.type === 'Uri' && /jsonStringify/.test(a.reason)));

  const judge = new SchemaJudge();
  const tally = new VerdictTally();
  for (const [type, value, valid, why] of CASES) {
    assert.ok(FEATURES[type], type);
    const schema = schemas[type];
    tally.add({
      language: 'zig',
      type,
      features: FEATURES[type]!,
      value,
      how: valid ? 'valid by hand' : 'invalid by hand',
      why,
      expected: valid,
      got: schema !== undefined && judge.accepts(schema, value),
    });
  }
  tally.report(`Zig schemas: ${CASES.length} values hand-judged by std.json's rules`, 0.95);
  for (const ir of irs) await assertServersTakeSchemas(ir);
});
