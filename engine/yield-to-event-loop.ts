/**
 * One turn of the event loop for a long call (engine/progress.ts): resolves from a fresh
 * macrotask, so due timers (a timer's `abort()`), I/O, input and rendering run first.
 *
 *   Node        setImmediate: the loop's check phase; an immediate queued from it waits for
 *               the next turn, so due timers fire in between.
 *   browsers,   a MessageChannel message: a task like setTimeout(0) but without the ≥ 4 ms
 *   workers     clamp browsers put on nested timeouts (headless Chromium 156: 0.12 ms per
 *               yield against 4.2 ms for setTimeout(0)).
 *   elsewhere   setTimeout(0).
 *
 * Not scheduler.yield(): its continuation is queued ahead of other tasks of its priority,
 * timers included (in Chromium 156 a 5 ms setInterval never fired during 600 ms of 20 ms
 * slices separated by scheduler.yield()), so a timer-driven abort could wait for the whole call.
 */

/** Resolvers waiting for the shared channel's messages, first in first out. */
const waiting: (() => void)[] = [];
let channel: MessageChannel | undefined;

export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof setImmediate === 'function') {
      setImmediate(resolve);
    } else if (typeof MessageChannel === 'function') {
      if (channel === undefined) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => waiting.shift()?.();
      }
      waiting.push(resolve);
      channel.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}
