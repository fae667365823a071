/**
 * ThreadEndpoint over a browser module Web Worker (`new Worker(…, { type: 'module' })`), for
 * runtimes with `globalThis.Worker` and no Node worker_threads. A script that fails
 * to load or throws raises an 'error' event, a reply the page cannot deserialize raises
 * 'messageerror': both reach the error handler.
 */
import type { ThreadEndpoint, ThreadEndpointStarter } from './thread-endpoint.js';

/** A starter of module Web Workers, or undefined when this runtime has no `Worker`. */
export function browserThreadStarter(): ThreadEndpointStarter | undefined {
  if (typeof globalThis.Worker !== 'function') return undefined;
  return (): ThreadEndpoint => {
    const worker = new Worker(new URL('./cpu-thread-worker.js', import.meta.url), { type: 'module' });
    let onMessage: (message: unknown) => void = () => {};
    let onError: (error: Error) => void = () => {};
    worker.addEventListener('message', (event) => onMessage(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      onError(new Error(event.message ? `CPU Web Worker: ${event.message}` : 'CPU Web Worker: cpu-thread-worker.js (beside the bundle) did not load'));
    });
    worker.addEventListener('messageerror', () => onError(new Error('CPU Web Worker: a message could not be deserialized')));
    return {
      postMessage: (message, transfer = []) => worker.postMessage(message, transfer),
      onMessage: (handler) => { onMessage = handler; },
      onError: (handler) => { onError = handler; },
      terminate: () => worker.terminate(),
    };
  };
}
