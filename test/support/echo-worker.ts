// A worker module for tests: replies with what it received.
export function handle(message: unknown): unknown {
  return { echoed: message };
}
