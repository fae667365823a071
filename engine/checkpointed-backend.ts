/**
 * A per-call view of a Backend that makes every backend call a checkpoint of the call's
 * CallProgress (engine/progress.ts): before each asynchronous backend method the signal is
 * checked, and when the method's promise resolves one unit of work is counted (progress and
 * a yield to the event loop when due; the next call checks the signal). The methods in
 * SYNCHRONOUS (release, stats, unusableReason, dispose) pass through unchecked, so
 * `finally { release }` blocks still free everything after an abort: a new Backend method
 * that must work after an abort belongs there.
 *
 * Why here and not in each estimator: every estimator is written against Backend, so one
 * view gives every public call — present and future — the same cancellation points with
 * no code in the estimator; a Proxy also covers Backend methods added later. Each call
 * gets its own view, so concurrent calls on one engine never share a signal.
 * An estimator that knows how much work is coming announces it with
 * `progressOf(backend)?.expect(units)` for a truer fraction.
 *
 * On the CPU a batched call (knnBatch, countWithinBatch, pairDistancesBatch) already runs
 * member by member (cpu-batch.ts), and one batch can hold thousands of permutation nulls;
 * the view runs it one member per backend call, so each member is a chunk. The results are
 * the same arrays bit for bit (a member's result never depends on the others). On WebGPU
 * a batch stays one set of dispatches, and the backend's own checkpoint (withCheckpoint)
 * stops it between its submitted steps; on the CPU each member's kernel is in turn split
 * into time-bounded ranges of rows (withCheckpoint, row-work.ts).
 */
import type { Backend } from './backend.js';
import type { CallProgress } from './progress.js';

const SYNCHRONOUS = new Set<PropertyKey>(['release', 'stats', 'unusableReason', 'dispose']);
const trackers = new WeakMap<Backend, CallProgress>();
/** The batched calls and the request field that lists their members. */
const BATCH_LISTS: Readonly<Record<string, string>> = { knnBatch: 'spaces', countWithinBatch: 'members', pairDistancesBatch: 'members' };

/** `backend` seen through `progress`: every asynchronous backend call is a checkpoint. */
export function checkpointedBackend(backend: Backend, progress: CallProgress): Backend {
  // Also between the chunks inside one backend call (Backend.withCheckpoint): WebGPU's steps, the CPU's ranges of rows.
  const inner = backend.withCheckpoint?.((fraction) => progress.within(fraction)) ?? backend;
  const view = new Proxy(inner, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (SYNCHRONOUS.has(key)) return (...args: unknown[]) => method.apply(target, args);
      const list = target.kind === 'cpu' ? BATCH_LISTS[key as string] : undefined;
      if (list !== undefined) return (matrix: unknown, request: Record<string, readonly unknown[]>) => memberByMember(target, method, progress, matrix, request, list);
      return (...args: unknown[]) => {
        progress.checkpoint();
        const result = method.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.then(async (value) => {
          await progress.complete();
          return value;
        });
      };
    },
  });
  trackers.set(view, progress);
  return view;
}

/** The progress tracker of a backend view made by checkpointedBackend (undefined for a bare backend). */
export function progressOf(backend: Backend): CallProgress | undefined {
  return trackers.get(backend);
}

/** A batched CPU call run one member at a time, each a checkpoint; the results concatenated in order. */
async function memberByMember(
  target: Backend,
  method: (...args: unknown[]) => unknown,
  progress: CallProgress,
  matrix: unknown,
  request: Record<string, readonly unknown[]>,
  list: string,
): Promise<unknown[]> {
  const members = request[list];
  progress.expect(members.length);
  const results: unknown[] = [];
  for (const member of members) {
    progress.checkpoint();
    results.push(...((await method.call(target, matrix, { ...request, [list]: [member] })) as unknown[]));
    await progress.complete();
  }
  return results;
}
