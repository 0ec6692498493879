// tree-sitter's WebAssembly module as the suites see it: initialised through the one shared
// initialiser (core/clew/tree-sitter-module.ts), so the harness reaches emscripten's Module object,
// which gives the size of the WASM memory (reported apart from the JS heap) and malloc/free for
// the raw string-marshalling bench.
import { Language } from 'web-tree-sitter';
import { initTreeSitter, type EmscriptenModule } from '../clew/tree-sitter-module.ts';
import { platform } from '../platform.ts';
import type { Language as SourceLanguage } from '../model/facts.ts';

export interface TreeSitterHandle {
  /** Bytes of tree-sitter's linear memory; null if another caller initialised tree-sitter first. */
  wasmBytes(): number | null;
  /** emscripten's string marshalling and allocator, null when unavailable (same reason). */
  marshal: {
    malloc(bytes: number): number;
    free(pointer: number): void;
    /** UTF-8 of `text` at `pointer`, at most maxBytes; returns the bytes written. */
    write(text: string, pointer: number, maxBytes: number): number;
    /** The UTF-8 text of `bytes` bytes at `pointer`. */
    read(pointer: number, bytes: number): string;
  } | null;
  language(language: SourceLanguage): Promise<Language>;
}

const GRAMMARS: Record<SourceLanguage, string> = {
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  rust: 'tree-sitter-rust/tree-sitter-rust.wasm',
  zig: '@tree-sitter-grammars/tree-sitter-zig/tree-sitter-zig.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
};

let handle: Promise<TreeSitterHandle> | null = null;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** web-tree-sitter as the suites use it (initialised once per process, shared with Clew). */
export function treeSitter(): Promise<TreeSitterHandle> {
  handle ??= (async () => {
    const p = platform();
    const { module } = await initTreeSitter();
    const owned = module !== null;
    const m = module as Required<EmscriptenModule>;
    const languages = new Map<SourceLanguage, Promise<Language>>();
    return {
      // HEAPU8 is replaced by emscripten whenever memory grows, so read it each time.
      wasmBytes: () => (owned ? m.HEAPU8.buffer.byteLength : null),
      marshal: owned
        ? {
            malloc: (bytes) => m._malloc(bytes),
            free: (pointer) => m._free(pointer),
            // The engines' native UTF-8 coders straight on the WASM heap: 2-3x faster than Emscripten's
            // stringToUTF8/UTF8ToString (JS loops) for 100 bytes (node 232 vs 496 ns, bun 150 vs 431,
            // deno 228 vs 316; best of 9x100k, 2026-11-27). HEAPU8 is read per call: memory growth replaces it.
            write: (text, pointer, maxBytes) => utf8Encoder.encodeInto(text, m.HEAPU8.subarray(pointer, pointer + maxBytes)).written,
            read: (pointer, bytes) => utf8Decoder.decode(m.HEAPU8.subarray(pointer, pointer + bytes)),
          }
        : null,
      language(language) {
        let loaded = languages.get(language);
        if (!loaded) {
          loaded = p.readFile(p.resolvePackageFile(GRAMMARS[language])).then((bytes) => Language.load(bytes));
          languages.set(language, loaded);
        }
        return loaded;
      },
    };
  })();
  return handle;
}
