/**
 * The tree-based CPU estimators on large inputs with memory linear in n (issue 16).
 * Memory is counted, not timed: `process.memoryUsage().arrayBuffers` (every typed array the
 * call holds: the uploaded matrix, the k-d trees' point copies and orders, neighbour lists,
 * counts) is sampled at every progress report, i.e. after every backend call, and its peak
 * rise per row must stay under a constant. An n × n allocation at n = 10⁵ would be 80 GB.
 * n = 10⁵ keeps the test to a few seconds; bench/cpu-million-rows.mjs runs the same
 * measurement at n = 10⁶ and fits the slope of peak bytes against n.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createEngine, sampleCorrelatedGaussian } from '../index.js';

const N = 100_000;
/**
 * Bytes per row allowed: the call holds the joint matrix and its copies, the trees' points
 * and orders, k = 3 neighbour lists, radii and counts — about 200 B/row measured here
 * (garbage not yet collected included); 600 leaves 3× room. O(n²) would be 8·10⁵ B/row.
 */
const BYTES_PER_ROW = 600;

describe('KSG1 and Kozachenko–Leonenko at n = 10⁵ on the CPU', () => {
  it('hold memory linear in n (peak typed-array bytes per row under a constant) and stay accurate', async () => {
    const engine = await createEngine({ backend: 'cpu' });
    const s = sampleCorrelatedGaussian(N, 0.6, 4);
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const onProgress = () => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    };
    const mi = await engine.mutualInformation(s.x, s.y, { onProgress });
    const h = await engine.entropy(s.x, { onProgress });
    expect(peak).toBeGreaterThan(0);
    expect(peak / N).toBeLessThan(BYTES_PER_ROW);
    expect(engine.stats().peakBytes).toBe(2 * 8 * N);
    // Truths −½log(1−ρ²) and ½log(2πe); KSG at n = 10⁵ is within ~0.01 nats of them.
    expect(Math.abs(mi.value - s.mutualInformation)).toBeLessThan(0.01);
    expect(Math.abs(h.value - s.marginalEntropy)).toBeLessThan(0.01);
    engine.dispose();
  }, 60_000);
});
