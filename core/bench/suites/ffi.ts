// ffi suite: the boundaries this engine really crosses. JS↔WASM (a 100-byte string into
// tree-sitter's memory and back; a parse result back; a 100-node vector out of WASM),
// serialisation of a ConstraintIR, and a structured-clone round trip to a worker thread.
import { Parser } from 'web-tree-sitter';
import { platform } from '../../platform.ts';
import type { CatalogueEntry } from '../../catalogue.ts';
import { braidCompile } from '../engine-access.ts';
import { generateConstraints, typescriptSnippet } from '../inputs.ts';
import { treeSitter } from '../tree-sitter.ts';
import { BenchInputError, type BenchContext, type PreparedBench, type SuiteModule } from '../types.ts';

async function typescriptParser(ctx: BenchContext): Promise<Parser> {
  let parser = ctx.shared.get('ffi:parser') as Parser | undefined;
  if (!parser) {
    const ts = await treeSitter();
    parser = new Parser();
    parser.setLanguage(await ts.language('typescript'));
    const owned = parser;
    ctx.onDispose(() => owned.delete());
    ctx.shared.set('ffi:parser', parser);
  }
  return parser;
}

async function constraintIR(_ctx: BenchContext, count: number) {
  const compile = await braidCompile();
  return compile(generateConstraints(count), { language: 'typescript' });
}

/** Source with exactly `count` identifier nodes (`v0;v1;…`), for the vector bench. */
function identifiers(count: number): string {
  return Array.from({ length: count }, (_, i) => `v${i};`).join('\n');
}

export const ffiSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    switch (entry.id) {
      case 'ffi_string_100': {
        const marshal = (await treeSitter()).marshal;
        if (marshal === null)
          throw new BenchInputError('tree-sitter was initialised before the harness could reach its memory; string marshalling unavailable');
        const text = typescriptSnippet(100);
        const size = new TextEncoder().encode(text).length;
        const roundTrip = () => {
          const pointer = marshal.malloc(size);
          const written = marshal.write(text, pointer, size);
          const back = marshal.read(pointer, written);
          marshal.free(pointer);
          return back;
        };
        if (roundTrip() !== text) throw new Error('ffi_string_100: the string read back from WASM memory differs from the one written');
        return { measured: roundTrip };
      }
      case 'ffi_roundtrip': {
        const parser = await typescriptParser(ctx);
        const text = typescriptSnippet(100);
        return {
          measured: () => {
            const tree = parser.parse(text)!;
            const result = tree.rootNode.toString();
            tree.delete();
            return result;
          },
        };
      }
      case 'ffi_vector_100': {
        const parser = await typescriptParser(ctx);
        const tree = parser.parse(identifiers(100))!;
        const root = tree.rootNode;
        const found = root.descendantsOfType('identifier').length;
        if (found !== 100) throw new Error(`vector input has ${found} identifier nodes, expected 100`);
        return { measured: () => root.descendantsOfType('identifier'), dispose: () => tree.delete() };
      }
      case 'ffi_struct_roundtrip': {
        const ir = await constraintIR(ctx, Number(entry.params.constraints));
        const encoder = new TextEncoder();
        const decoder = new TextDecoder();
        const bytes = encoder.encode(JSON.stringify(ir)).length;
        return {
          measured: () => JSON.parse(decoder.decode(encoder.encode(JSON.stringify(ir)))),
          params: { irBytes: bytes },
        };
      }
      case 'ffi_worker_roundtrip': {
        const ir = await constraintIR(ctx, Number(entry.params.constraints));
        // The worker module is a sibling file; tsc does not rewrite URLs, so follow this file's extension.
        const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
        const worker = platform().startWorker(new URL(`../ffi-worker${extension}`, import.meta.url).href);
        worker.postMessage(ir);
        await worker.nextMessage();
        return {
          measured: async () => {
            worker.postMessage(ir);
            return worker.nextMessage();
          },
          dispose: () => worker.terminate(),
          ownThreads: true,
        };
      }
      default:
        throw new Error(`ffi suite has no bench '${entry.id}'`);
    }
  },
};
