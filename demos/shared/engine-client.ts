/**
 * The page's side of the generic engine worker (engine-worker.ts): `start()` makes the
 * worker and its engine, `call(name, ...args)` runs one Engine call there and resolves its
 * typed result and wall time. `abort()` stops the calls in flight through their AbortSignal,
 * keeping the worker and its warmed-up engine, and terminates the worker if they have not
 * stopped within ABORT_GRACE_MS; `cancel()` terminates it at once. Either way the calls
 * reject with CancelledError; after a termination (`alive` false) call `start()` again.
 * `createMonitor(options)` makes a drift monitor in the worker, `push` feeds it batches.
 */
import type { BackendKind, DriftMonitorOptions, DriftReading, Samples } from '../../index.js';
import type { CallArguments, CallResult, EngineCall, EngineRequest, EngineWorkerReply, EngineWorkerRequest } from './engine-protocol.js';
import { CancelledError, WorkerRpc } from './worker-rpc.js';

export { CancelledError } from './worker-rpc.js';

/** How long `abort()` waits for the calls to stop before terminating the worker. */
export const ABORT_GRACE_MS = 2_000;

export interface EngineReady {
  readonly backend: BackendKind;
  /** Why the engine runs on the CPU; null on WebGPU. */
  readonly cpuReason: string | null;
}

export interface Timed<T> {
  readonly result: T;
  readonly milliseconds: number;
}

/** The built worker's address beside the demos' shared folder (pages pass their own when bundled elsewhere). */
export function defaultWorkerUrl(pageModuleUrl: string): URL {
  return new URL('../shared/engine-worker.js', pageModuleUrl);
}

/** An Error with the worker-side error's name (e.g. 'InvalidInputError') and message. */
function workerError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export class EngineClient {
  private readonly rpc: WorkerRpc<EngineWorkerRequest, EngineWorkerReply>;
  private nextId = 1;
  /** Progress listeners of the calls in flight, by request id. */
  private readonly listeners = new Map<number, (fraction: number) => void>();
  /** Ids of the calls in flight. */
  private readonly inFlight = new Set<number>();

  constructor(workerUrl: URL) {
    this.rpc = new WorkerRpc(
      workerUrl,
      'infogpu-engine',
      {
        idOf: (reply) => (reply.type === 'progress' ? null : reply.id),
        failureOf: (reply) => (reply.type === 'failure' ? workerError(reply.name, reply.message) : null),
      },
      (notice) => {
        if (notice.type === 'progress') this.listeners.get(notice.id)?.(notice.fraction);
      },
    );
  }

  /** Starts a fresh worker with an engine for `request` and resolves which backend it got. */
  async start(request: EngineRequest): Promise<EngineReady> {
    this.rpc.open();
    const id = this.nextId++;
    const reply = await this.rpc.send({ type: 'init', id, engine: request }, id);
    if (reply.type !== 'ready') throw new Error(`the engine worker answered 'init' with '${reply.type}'`);
    return { backend: reply.backend, cpuReason: reply.cpuReason };
  }

  /** Runs `engine[name](...args)` in the worker. */
  call<C extends EngineCall>(name: C, ...args: CallArguments<C>): Promise<Timed<CallResult<C>>> {
    return this.send(name, args, null);
  }

  /** As `call`, with the library's progress fractions (its `onProgress`) passed to `onProgress`. */
  callWithProgress<C extends EngineCall>(name: C, onProgress: (fraction: number) => void, ...args: CallArguments<C>): Promise<Timed<CallResult<C>>> {
    return this.send(name, args, onProgress);
  }

  private async send<C extends EngineCall>(name: C, args: CallArguments<C>, onProgress: ((fraction: number) => void) | null): Promise<Timed<CallResult<C>>> {
    const id = this.nextId++;
    if (onProgress) this.listeners.set(id, onProgress);
    this.inFlight.add(id);
    try {
      const reply = await this.rpc.send({ type: 'call', id, call: name, args, progress: onProgress !== null }, id);
      if (reply.type !== 'result') throw new Error(`the engine worker answered '${name}' with '${reply.type}'`);
      return { result: reply.result as CallResult<C>, milliseconds: reply.milliseconds };
    } catch (error) {
      throw error instanceof Error && error.name === 'AbortError' ? new CancelledError() : error;
    } finally {
      this.listeners.delete(id);
      this.inFlight.delete(id);
    }
  }

  /** Makes `engine.driftMonitor(options)` in the worker; resolves the monitor's id for `push` and `disposeMonitor`. */
  async createMonitor(options: DriftMonitorOptions): Promise<number> {
    const id = this.nextId++;
    await this.rpc.send({ type: 'monitor', id, options }, id);
    return id;
  }

  /** Pushes `batch` to monitor `monitor` and resolves its reading and wall time. */
  async push(monitor: number, batch: Samples): Promise<Timed<DriftReading>> {
    const id = this.nextId++;
    const reply = await this.rpc.send({ type: 'push', id, monitor, batch }, id);
    if (reply.type !== 'result') throw new Error(`the engine worker answered 'push' with '${reply.type}'`);
    return { result: reply.result as DriftReading, milliseconds: reply.milliseconds };
  }

  /** Frees monitor `monitor` in the worker (dropped when no worker runs). */
  disposeMonitor(monitor: number): void {
    this.rpc.notify({ type: 'dispose-monitor', id: this.nextId++, monitor });
  }

  /** Aborts the calls in flight (their `signal`); terminates the worker if one still runs after ABORT_GRACE_MS. */
  abort(): void {
    const aborted = [...this.inFlight];
    for (const id of aborted) this.rpc.notify({ type: 'abort', id });
    if (aborted.length > 0) setTimeout(() => aborted.some((id) => this.inFlight.has(id)) && this.cancel(), ABORT_GRACE_MS);
  }

  /** Terminates the worker now. */
  cancel(): void {
    this.rpc.cancel();
  }

  /** Whether the worker runs (false after a termination until `start()`). */
  get alive(): boolean {
    return this.rpc.alive;
  }
}
