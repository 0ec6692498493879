// The worker side of ffi_worker_roundtrip: returns what it received, so the round trip costs two
// structured clones and two thread hops and nothing else.
export function handle(message: unknown): unknown {
  return message;
}
