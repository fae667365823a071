/**
 * The generic engine worker of the demos and the panel: on 'init' it makes one engine
 * (`createEngine` with the page's request; when 'webgpu' finds no adapter it falls back to
 * the CPU engine and says why) and replies 'ready'; each 'call' runs one allow-listed
 * Engine method with an AbortSignal (aborted by an 'abort' message) and replies with its
 * result and wall time (and, when asked, relays the call's `onProgress` fractions as
 * 'progress' messages). 'monitor' makes a drift monitor (engine.driftMonitor) kept here
 * by id; 'push' feeds it a batch and replies with its reading. Running the engine here keeps
 * the page responsive on the CPU fallback; Cancel aborts a call, or terminates the worker.
 */
import { createEngine, type DriftMonitor, type Engine } from '../../index.js';
import { ENGINE_CALLS, type EngineCall, type EngineRequest, type EngineWorkerReply, type EngineWorkerRequest } from './engine-protocol.js';

let engine: Promise<Engine> | null = null;
/** The AbortController of each call in flight, by request id. */
const inFlight = new Map<number, AbortController>();
/** The drift monitors made by 'monitor' requests, by their request id. */
const monitors = new Map<number, DriftMonitor>();

function reply(message: EngineWorkerReply): void {
  postMessage(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function makeEngine(request: EngineRequest): Promise<{ engine: Engine; cpuReason: string | null }> {
  if (request === 'cpu') return { engine: await createEngine({ backend: 'cpu' }), cpuReason: "the page asked for backend: 'cpu'" };
  try {
    const made = await createEngine({ backend: request });
    return { engine: made, cpuReason: made.backend === 'cpu' ? (made.fallbackReason ?? 'createEngine() chose the CPU') : null };
  } catch (error) {
    return { engine: await createEngine({ backend: 'cpu' }), cpuReason: describe(error) };
  }
}

function isEngineCall(name: string): name is EngineCall {
  return (ENGINE_CALLS as readonly string[]).includes(name);
}

async function handle(request: EngineWorkerRequest): Promise<void> {
  if (request.type === 'init') {
    const made = makeEngine(request.engine);
    engine = made.then((m) => m.engine);
    const { engine: ready, cpuReason } = await made;
    reply({ type: 'ready', id: request.id, backend: ready.backend, cpuReason });
    return;
  }
  if (request.type === 'abort') {
    inFlight.get(request.id)?.abort();
    return;
  }
  if (!engine) throw new Error(`the worker got a '${request.type}' before 'init'`);
  if (request.type === 'monitor' || request.type === 'push' || request.type === 'dispose-monitor') {
    await handleMonitor(request, await engine);
    return;
  }
  if (!isEngineCall(request.call)) throw new Error(`'${String(request.call)}' is not an engine call this worker runs`);
  const id = request.id;
  // Registered before any await, so an 'abort' posted right after the call finds it.
  const controller = new AbortController();
  inFlight.set(id, controller);
  try {
    const ready = await engine;
    const method = ready[request.call] as (...args: readonly unknown[]) => Promise<unknown>;
    const args = [...request.args];
    const onProgress = request.progress ? (fraction: number) => reply({ type: 'progress', id, fraction }) : undefined;
    args[2] = { ...(args[2] as object | undefined), signal: controller.signal, ...(onProgress ? { onProgress } : {}) };
    const start = performance.now();
    const result = await method.apply(ready, args);
    reply({ type: 'result', id, result, milliseconds: performance.now() - start });
  } finally {
    inFlight.delete(id);
  }
}

type MonitorRequest = Extract<EngineWorkerRequest, { type: 'monitor' | 'push' | 'dispose-monitor' }>;

async function handleMonitor(request: MonitorRequest, ready: Engine): Promise<void> {
  if (request.type === 'dispose-monitor') {
    monitors.get(request.monitor)?.dispose();
    monitors.delete(request.monitor);
    return;
  }
  const start = performance.now();
  if (request.type === 'monitor') {
    monitors.set(request.id, await ready.driftMonitor(request.options));
    reply({ type: 'result', id: request.id, result: null, milliseconds: performance.now() - start });
    return;
  }
  const monitor = monitors.get(request.monitor);
  if (!monitor) throw new Error(`the worker has no drift monitor ${request.monitor}`);
  const reading = await monitor.push(request.batch);
  reply({ type: 'result', id: request.id, result: reading, milliseconds: performance.now() - start });
}

addEventListener('message', (event: MessageEvent<EngineWorkerRequest>) => {
  const request = event.data;
  handle(request).catch((error: unknown) =>
    reply({ type: 'failure', id: request.id, name: error instanceof Error ? error.name : 'Error', message: describe(error) }),
  );
});
