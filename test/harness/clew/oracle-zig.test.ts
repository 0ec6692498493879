// Oracle for Zig: no parser independent of tree-sitter is at hand (Debian has no recent Zig, and
// the registry's Zig toolchain package is 72 MB), so the expected declarations of two Zig files are
// written down by hand, from reading them: functions (owner, parameter names and type text, return
// type), type declarations (kind, fields, variants) and imports. The files (oracle-zig/) are
// written in the style of Zig's standard library; each key below was checked against the source by
// hand, line by line, before Clew's output was compared with it.
import { test } from 'node:test';
import { repoPath } from '../../support/platform.ts';
import { checkDeclarations } from './declarations.ts';
import type { KnownDisagreement } from './score.ts';

/** Per file, what it declares: `function Owner.name@line`, then its params (receiver `self` left out) and results. */
const EXPECTED: Record<string, string[]> = {
  'ring_queue.zig': [
    'import std@5 []',
    'import builtin@6 []',
    // `const Allocator = std.mem.Allocator;` (line 7) names a declaration of a module already imported: no import
    'import std@8 [debug.assert]',
    'type QueueError@11 enum',
    'variants QueueError@11(Full,Empty)',
    'function .RingQueue@14',
    'params .RingQueue@14(T:type)',
    'results .RingQueue@14 type',
    // the struct a type function returns is the generic type itself: its methods are owned by RingQueue
    'type RingQueue@15 struct',
    'fields RingQueue@15(buffer,head,len,allocator)',
    'function RingQueue.init@23',
    'params RingQueue.init@23(allocator:Allocator,capacity:usize)',
    'results RingQueue.init@23 Allocator.Error!Self',
    'function RingQueue.deinit@28',
    'params RingQueue.deinit@28()',
    'results RingQueue.deinit@28 void',
    'function RingQueue.push@33',
    'params RingQueue.push@33(item:T)',
    'results RingQueue.push@33 QueueError!void',
    'function RingQueue.pop@39',
    'params RingQueue.pop@39()',
    'results RingQueue.pop@39 ?T',
    'function RingQueue.peek@47',
    'params RingQueue.peek@47()',
    'results RingQueue.peek@47 ?T',
    'function RingQueue.isFull@51',
    'params RingQueue.isFull@51()',
    'results RingQueue.isFull@51 bool',
    'function .drain@57',
    'params .drain@57(T:type,queue:*RingQueue(T),out:[]T)',
    'results .drain@57 usize',
    'function .wrap@65',
    'params .wrap@65(index:usize,capacity:usize)',
    'results .wrap@65 usize',
    // test blocks (lines 69, 78) are not functions
  ],
  'wire_format.zig': [
    'import std@5 []',
    'import std@7 [hash.Crc32]',
    'type Kind@10 enum',
    'variants Kind@10(ping,data,close)',
    'function Kind.isControl@15',
    'params Kind.isControl@15()',
    'results Kind.isControl@15 bool',
    'type Header@20 struct',
    'fields Header@20(kind,flags,reserved,length)',
    'type CHeader@27 struct',
    'fields CHeader@27(magic,length)',
    'type Frame@32 union',
    'variants Frame@32(ping,data,close)',
    'function Frame.kind@37',
    'params Frame.kind@37()',
    'results Frame.kind@37 Kind',
    // a merged error set: the members written here
    'type DecodeError@46 enum',
    'variants DecodeError@46(Truncated,BadKind)',
    'type Decoder@48 struct',
    'fields Decoder@48(bytes,offset)',
    'type Options@52 struct',
    'fields Options@52(max_length,verify)',
    'function Decoder.next@57',
    'params Decoder.next@57(options:Options)',
    'results Decoder.next@57 DecodeError!?Frame',
    // an opaque type has no fields; `const Length = u16;` names a type
    'type Handle@66 struct',
    'fields Handle@66()',
    'type Length@68 type_alias',
    'function .write@70',
    'params .write@70(fd:c_int,buf:[*]const u8,count:usize)',
    'results .write@70 isize',
    'function .wire_checksum@72',
    'params .wire_checksum@72(ptr:[*]const u8,len:usize)',
    'results .wire_checksum@72 u32',
    'function .encode@76',
    'params .encode@76(writer:anytype,frame:Frame)',
    'results .encode@76 !void',
  ],
};

/** Disagreements understood and accepted, each with why. */
const KNOWN: KnownDisagreement[] = [
  ...['type RingQueue@15 struct', 'fields RingQueue@15(buffer,head,len,allocator)'].map((key) => ({
    group: 'hand-checked',
    file: 'ring_queue.zig',
    side: 'missing' as const,
    key,
    reason:
      'Clew reads type declarations from `const Name = struct {…}`; the struct a type function returns is not one (its methods are owned by the function)',
  })),
  ...['type Handle@66 struct', 'fields Handle@66()'].map((key) => ({
    group: 'hand-checked',
    file: 'wire_format.zig',
    side: 'missing' as const,
    key,
    reason: "an opaque type: none of Clew's declaration kinds fits it, and it has no fields to constrain",
  })),
  {
    group: 'hand-checked',
    file: 'wire_format.zig',
    side: 'missing',
    key: 'type Length@68 type_alias',
    reason: '`const Length = u16;` has the shape of any constant: Clew does not tell a type alias from a value in Zig',
  },
];

test('Zig: functions, types and imports match the declarations written down by hand', async () => {
  const root = repoPath('test/harness/clew/oracle-zig');
  await checkDeclarations({
    language: 'zig',
    title: 'Zig oracle (hand-checked declarations)',
    root,
    groups: { 'hand-checked': Object.keys(EXPECTED) },
    packages: 'this repository (test/harness/clew/oracle-zig)',
    oracle: () => Object.fromEntries(Object.entries(EXPECTED).map(([file, keys]) => [`${root}/${file}`, keys])),
    options: { fieldKinds: ['struct'], variantKinds: ['enum', 'union'], importNames: true },
    kinds: ['fields', 'function', 'import', 'params', 'results', 'type', 'variants'],
    known: KNOWN,
  });
});
