/**
 * ThreadEndpoint over Node's worker_threads. 'node:worker_threads' is imported
 * dynamically, only when the runtime is Node, so browser bundles that reach this file
 * never load it (the build scripts keep it external).
 */
import type { ThreadEndpoint, ThreadEndpointStarter } from './thread-endpoint.js';

/** A starter of worker_threads Workers, or undefined when this runtime is not Node or lacks worker_threads. */
export async function nodeThreadStarter(): Promise<ThreadEndpointStarter | undefined> {
  if (typeof globalThis.process?.versions?.node !== 'string') return undefined;
  const threads = await import('node:worker_threads').catch(() => undefined);
  if (threads === undefined) return undefined;
  return (): ThreadEndpoint => {
    const worker = new threads.Worker(new URL('./cpu-thread-worker.js', import.meta.url));
    let onMessage: (message: unknown) => void = () => {};
    let onError: (error: Error) => void = () => {};
    worker.on('message', (message: unknown) => onMessage(message));
    worker.on('error', (error: Error) => onError(error));
    worker.on('exit', (code: number) => onError(new Error(`CPU worker thread exited (code ${code})`)));
    return {
      postMessage: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (handler) => { onMessage = handler; },
      onError: (handler) => { onError = handler; },
      terminate: () => void worker.terminate(),
    };
  };
}
