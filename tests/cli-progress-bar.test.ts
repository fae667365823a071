/**
 * The CLI's progress indicator (cli/progress-bar.ts) on a fake terminal and clock, and
 * callWithHooks (cli/call-hooks.ts), which offers `signal`/`onProgress` and drops the
 * one a library call refuses.
 */
import { describe, expect, it } from 'vitest';
import { callWithHooks, type CallHooks } from '../cli/call-hooks.js';
import { fractionOf, ProgressBar } from '../cli/progress-bar.js';
import { createEngine, InvalidInputError } from '../index.js';

function terminal(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 60, write: (text: string) => (writes.push(text), true) } };
}

describe('ProgressBar', () => {
  it('draws nothing before the delay, then a bar with the percentage, and erases it on stop', () => {
    let now = 0;
    const { writes, stream } = terminal(true);
    const bar = new ProgressBar(stream, 'work', { delayMs: 400, now: () => now });
    bar.report(0.5);
    now = 399;
    bar.draw();
    expect(writes).toEqual([]);
    now = 1500;
    bar.draw();
    expect(writes[0]).toMatch(/^\rwork \[#{12}-{12}\]  50%  1\.5 s\x1b\[K$/);
    bar.stop();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('spins with the elapsed time while no fraction is known, and keeps to the terminal width', () => {
    let now = 1000;
    const { writes, stream } = terminal(true);
    const bar = new ProgressBar(stream, 'x'.repeat(100), { delayMs: 0, now: () => now });
    now = 3000;
    bar.draw();
    bar.draw();
    bar.stop();
    expect(writes[0]).not.toBe(writes[1]); // the spinner advanced
    for (const text of writes.slice(0, 2)) expect(text.replace('\x1b[K', '').length).toBeLessThanOrEqual(1 + 59);
  });

  it('writes nothing when the stream is not a TTY', () => {
    const { writes, stream } = terminal(false);
    const bar = new ProgressBar(stream, 'work', { delayMs: 0 });
    bar.report(0.3);
    bar.draw();
    bar.stop();
    expect(bar.enabled).toBe(false);
    expect(writes).toEqual([]);
  });

  it('fractionOf reads a number, { fraction } or { done, total }, clamped to [0, 1]', () => {
    expect(fractionOf(0.25)).toBe(0.25);
    expect(fractionOf(1.5)).toBe(1);
    expect(fractionOf({ fraction: -1 })).toBe(0);
    expect(fractionOf({ done: 3, total: 4 })).toBe(0.75);
    expect(fractionOf({ done: 3, total: 0 })).toBeUndefined();
    expect(fractionOf(Number.NaN)).toBeUndefined();
    expect(fractionOf('half')).toBeUndefined();
  });
});

describe('callWithHooks', () => {
  it('drops a hook the call refuses as an unknown option and calls again without it', async () => {
    const seen: CallHooks[] = [];
    const result = await callWithHooks(async (hooks) => {
      seen.push(hooks);
      if (hooks.onProgress) throw new InvalidInputError('UNKNOWN_OPTION', 'options.onProgress', 'no such option');
      return 'done';
    }, { signal: new AbortController().signal, onProgress: () => {} });
    expect(result).toBe('done');
    expect(seen.map((h) => Object.keys(h).filter((k) => h[k as keyof CallHooks] !== undefined).sort())).toEqual([['onProgress', 'signal'], ['signal']]);
  });

  it('passes any other error through, and reaches a real engine call with progress', async () => {
    await expect(callWithHooks(async () => { throw new InvalidInputError('BAD_INTEGER', 'options.k', 'bad'); }, {})).rejects.toThrow('options.k: bad');
    const engine = await createEngine({ backend: 'cpu' });
    try {
      const fractions: number[] = [];
      const x = Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.3));
      const result = await callWithHooks((hooks) => engine.mmd(x, x.map((v) => v + 0.1), { ...hooks }), { onProgress: (f) => fractions.push(f as number) });
      expect(Number.isFinite(result.value)).toBe(true);
      // engine/progress.ts: a call that takes onProgress ends its reports at exactly 1.
      if (fractions.length > 0) expect(fractions.at(-1)).toBe(1);
    } finally {
      engine.dispose();
    }
  });
});
