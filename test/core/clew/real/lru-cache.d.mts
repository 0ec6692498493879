/**
 * A cache that evicts the least recently used entries, as lru-cache's dist/esm/index.d.ts declares it
 * (trimmed): a declaration file of `export declare` statements and a namespace of option types.
 */
import { EventEmitter } from 'node:events';
export type Milliseconds = number;
export declare const TYPE: unique symbol;
export declare type Size = number;
export declare enum Status { Hit, Miss, Stale }
export declare interface Stats {
    hits: number;
    misses: number;
}
export declare namespace LRUCache {
    interface Options<K, V> {
        max?: number;
        ttl?: Milliseconds;
        dispose?: (value: V, key: K) => void;
    }
}
export declare class LRUCache<K extends {}, V extends {}> {
    #private;
    readonly max: number;
    constructor(options: LRUCache.Options<K, V>);
    get size(): number;
    get(k: K): V | undefined;
    set(k: K, v: V, ttl?: Milliseconds): this;
    delete(k: K): boolean;
    clear(): void;
}
export declare function isCache(value: unknown): value is LRUCache<{}, {}>;
declare function defaultSize(): Size;
declare class Internal {
    events: EventEmitter;
}
export default LRUCache;
