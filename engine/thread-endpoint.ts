/**
 * One worker of the CPU thread pool (engine/cpu-thread-pool.ts), whatever starts it: a
 * Node worker_threads Worker (engine/node-thread-endpoint.ts) or a browser module Web
 * Worker (engine/browser-thread-endpoint.ts). The pool talks to its workers only through
 * this interface.
 */
export interface ThreadEndpoint {
  /** Sends a message (structured clone; the buffers in `transfer` move to the worker). */
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Sets the handler of every message from the worker, replacing any earlier one. */
  onMessage(handler: (message: unknown) => void): void;
  /** Sets the handler of the worker's failure (its script did not load, an uncaught error, an exit), replacing any earlier one. */
  onError(handler: (error: Error) => void): void;
  /** Ends the worker. */
  terminate(): void;
}

/**
 * Starts a worker running dist/cpu-thread-worker.js, the file beside the bundle. Each
 * starter writes `new Worker(new URL('./cpu-thread-worker.js', import.meta.url), …)` inline,
 * the form bundlers (Vite, webpack) recognise as a worker entry.
 */
export type ThreadEndpointStarter = () => ThreadEndpoint;
