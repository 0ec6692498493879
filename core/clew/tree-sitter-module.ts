// Initialises web-tree-sitter once per process and keeps Emscripten's Module object (the options
// object handed to Parser.init becomes the Module), which Clew's faster marshalling and the
// harness's WebAssembly memory figures and string-marshalling bench both need. Whoever calls
// Parser.init first owns the Module, so everything in this repository initialises through here.
import { Parser } from 'web-tree-sitter';
import { platform } from '../platform.ts';

/** The parts of Emscripten's Module object this repository touches. */
export interface EmscriptenModule {
  wasmBinary?: Uint8Array;
  HEAPU8?: Uint8Array;
  HEAP32?: Int32Array;
  setValue?(ptr: number, value: number, type?: string): void;
  getValue?(ptr: number, type?: string): number;
  _malloc?(bytes: number): number;
  _free?(pointer: number): void;
  stringToUTF8?(text: string, pointer: number, maxBytes: number): void;
  UTF8ToString?(pointer: number, maxBytes?: number): string;
}

export interface TreeSitterModule {
  /** Emscripten's Module, or null when web-tree-sitter was initialised elsewhere before (then it is out of reach). */
  module: EmscriptenModule | null;
  /** Whether setValue/getValue were replaced by the typed-array versions (installTypedMarshalling). */
  typedMarshalling: boolean;
  /** The installed web-tree-sitter's version (its package.json), which Clew checks against the layout it reads. */
  version: string;
}

let initialised: Promise<TreeSitterModule> | null = null;

/** web-tree-sitter, initialised with its own .wasm bytes (so it never locates files itself, which differs per runtime). */
export function initTreeSitter(): Promise<TreeSitterModule> {
  initialised ??= (async () => {
    const p = platform();
    const wasmPath = p.resolvePackageFile('web-tree-sitter/web-tree-sitter.wasm');
    const module: EmscriptenModule = { wasmBinary: await p.readFile(wasmPath) };
    // the package's exports leave out package.json; it sits beside the .wasm
    const manifest = await p.readFile(`${wasmPath.slice(0, wasmPath.lastIndexOf('/'))}/package.json`);
    const version = String((JSON.parse(new TextDecoder().decode(manifest)) as { version?: unknown }).version);
    await Parser.init(module as object);
    // An earlier Parser.init elsewhere keeps its own Module and ignores these options.
    if (module.HEAPU8 === undefined) return { module: null, typedMarshalling: false, version };
    return { module, typedMarshalling: installTypedMarshalling(module), version };
  })();
  return initialised;
}

/**
 * web-tree-sitter moves every node, cursor and capture through a transfer buffer with Emscripten's
 * Module.setValue/getValue, which test the type string on each call (`type.endsWith('*')`, then a
 * switch) and go through a DataView. web-tree-sitter calls these two through the Module, so they
 * are replaced by versions that serve 'i32' (nearly every call) from Int32Array directly and hand
 * any other type to the originals. Only on little-endian hosts (the DataView reads little-endian;
 * the typed array reads the host's order), and HEAP32 is read per call because growing the WASM
 * memory replaces it. Reading captured nodes got 30-45% faster with the goldens unchanged (see
 * core/clew/README.md, "Query cost"). Returns whether it was installed.
 */
function installTypedMarshalling(module: EmscriptenModule): boolean {
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const { setValue, getValue } = module;
  if (!littleEndian || typeof setValue !== 'function' || typeof getValue !== 'function' || !(module.HEAP32 instanceof Int32Array)) return false;
  module.setValue = (ptr: number, value: number, type?: string): void => {
    if (type === 'i32') module.HEAP32![ptr >> 2] = value;
    else setValue(ptr, value, type);
  };
  module.getValue = (ptr: number, type?: string): number => (type === 'i32' ? module.HEAP32![ptr >> 2]! : getValue(ptr, type));
  return true;
}
