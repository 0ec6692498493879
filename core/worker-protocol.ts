// How a core module runs inside a worker without knowing the runtime: it exports
// `handle(message)`; each runner's worker host imports it and relays messages.

/** The shape a worker module exports. */
export interface WorkerModule {
  handle(message: unknown): unknown | Promise<unknown>;
}

/** The first message a host receives: which module to load. */
export interface WorkerInit {
  moduleUrl: string;
}
