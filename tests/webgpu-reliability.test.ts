/**
 * Reliability of the WebGPU engine (DESIGN.md §6, issue 16), small sizes for SwiftShader:
 * `signal` / `onProgress` on the GPU, concurrent calls equal sequential ones, 1,000
 * sequential calls leave liveBytes and the JS heap flat, a device destroyed mid-call, a
 * shader that fails to compile and an allocation that fails all still give the CPU's
 * answer and say so, and GPU ≈ CPU on random shapes (fast-check).
 * No adapter: the file skips, or fails when REQUIRE_WEBGPU=1.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acquireDevice } from '../host/gpu-acquisition.js';
import { createEngine, InvalidInputError, sampleCorrelatedGaussian, type Engine } from '../index.js';
import { gaussianRows } from './support/gaussian-samples.js';
import { longCalls } from './support/long-calls.js';
import { useSwiftShaderWithoutVulkanDriver, webGpuRequired } from './support/webgpu-environment.js';

useSwiftShaderWithoutVulkanDriver();

async function newDevice(): Promise<GPUDevice | undefined> {
  const acquired = await acquireDevice(true);
  return 'device' in acquired ? acquired.device : undefined;
}

const device = await newDevice();
if (!device && webGpuRequired) throw new Error('REQUIRE_WEBGPU=1 but no WebGPU device');
const gpu = device && (await createEngine({ backend: 'webgpu', device }));
const cpu = await createEngine({ backend: 'cpu' });

/** `real` with some of its methods replaced: every other member is the device's own (bound to it). */
function alteredDevice(real: GPUDevice, replacements: Partial<Record<keyof GPUDevice, unknown>>): GPUDevice {
  return new Proxy(real, {
    get(target, key) {
      if (key in replacements) return replacements[key as keyof GPUDevice];
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A garbage-collecting function (V8's `gc`, exposed on demand). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe.skipIf(!gpu)('signal and onProgress on WebGPU', () => {
  const calls = longCalls(48).filter((c) => ['mutualInformation', 'sinkhorn'].includes(c.name));
  it.each(calls.map((c) => [c.name, c] as const))('%s: progress rises to exactly 1; an abort at the first report rejects, stays on WebGPU and frees everything', async (_, call) => {
    const engine = gpu!;
    const fractions: number[] = [];
    const plain = await call.invoke(engine, {});
    const tracked = await call.invoke(engine, { onProgress: (f) => fractions.push(f) });
    expect(tracked.value).toBe(plain.value);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);

    const live = engine.stats().liveBytes;
    const controller = new AbortController();
    const error = await call.invoke(engine, { signal: controller.signal, onProgress: () => controller.abort() }).then(() => undefined, (e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    // A throwing listener is the caller's error, not a GPU fault: no rerun on the CPU.
    const thrown = new Error('listener failed');
    await expect(call.invoke(engine, { onProgress: () => { throw thrown; } })).rejects.toBe(thrown);
    expect(engine.backend).toBe('webgpu');
    expect(engine.stats().liveBytes).toBe(live);
  });
});

describe.skipIf(!gpu)('an abort inside one backend call on WebGPU', () => {
  it('stops a knn call split into many steps (forced small limits) before its next step and frees everything', async () => {
    const own = (await newDevice())!;
    let submits = 0;
    let onSubmit = () => {};
    const queue = new Proxy(own.queue, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key !== 'submit') return typeof value === 'function' ? value.bind(target) : value;
        return (buffers: GPUCommandBuffer[]) => {
          submits++;
          onSubmit();
          return target.submit(buffers);
        };
      },
    });
    // Tiny bindings and work per dispatch: one knn call becomes dozens of query-chunk steps.
    const engine = await createEngine({ backend: 'webgpu', device: alteredDevice(own, { queue }), limits: { maxStorageBufferBindingSize: 4096, maxBufferSize: 8192, maxComputeWorkgroupsPerDimension: 3, maxWorkPerDispatch: 20_000 } });
    const x = gaussianRows(2000, 2, 31);
    const whole = await engine.knn(x, { k: 3 });
    const stepsOfOneCall = submits;
    expect(stepsOfOneCall).toBeGreaterThan(10);

    const live = engine.stats().liveBytes;
    const controller = new AbortController();
    submits = 0;
    onSubmit = () => { if (submits === 2) controller.abort(); };
    const error = await engine.knn(x, { k: 3, signal: controller.signal }).then(() => undefined, (e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    // The step in flight finishes its own submits (at most a few); no later step starts.
    expect(submits).toBeLessThan(5);
    expect(engine.stats().liveBytes).toBe(live);
    expect(engine.backend).toBe('webgpu');
    onSubmit = () => {};
    expect((await engine.knn(x, { k: 3 })).indices).toEqual(whole.indices);
    engine.dispose();
    own.destroy();
  });
});

describe.skipIf(!gpu)('concurrent calls', () => {
  it('many concurrent calls on one engine equal the same calls made one after another (WebGPU and CPU)', async () => {
    // SwiftShader is slow: on WebGPU a mix of kNN, count and softmin work; on the CPU every call.
    const onGpu = ['knn', 'entropy', 'mutualInformation', 'divergence', 'sinkhorn'];
    for (const engine of [gpu!, cpu]) {
      const calls = longCalls(40, 7).filter((c) => (engine === cpu ? c.name !== 'mauve' : onGpu.includes(c.name)));
      const sequential: number[] = [];
      for (const call of calls) sequential.push((await call.invoke(engine, {})).value);
      const concurrent = await Promise.all([...calls, ...calls].map((call) => call.invoke(engine, {}).then((r) => r.value)));
      // Each call is deterministic on a given backend (fixed reduction order), so equality is exact.
      expect(concurrent).toEqual([...sequential, ...sequential]);
    }
  });
});

describe.skipIf(!gpu)('leaks', () => {
  it('1,000 sequential calls leave liveBytes flat and the JS heap bounded', async () => {
    const engine = gpu!;
    const gc = collector();
    const { x, y } = sampleCorrelatedGaussian(16, 0.5, 11);
    const call = () => engine.mutualInformation(x, y, { k: 2 });
    const expected = (await call()).value;
    const live = engine.stats().liveBytes;
    const heapAfter = async (calls: number): Promise<number> => {
      for (let i = 0; i < calls; i++) {
        expect((await call()).value).toBe(expected);
        expect(engine.stats().liveBytes).toBe(live);
      }
      gc();
      return process.memoryUsage().heapUsed;
    };
    const warm = await heapAfter(100);
    const later = await heapAfter(900);
    // 900 more calls: a leak of ≥ 4 KB per call would exceed this; GC noise is well under it.
    expect(later - warm).toBeLessThan(3.5e6);
  }, 120_000);

  it('a call during or after dispose() rejects with a typed DISPOSED error, and dispose frees every live byte', async () => {
    const own = await newDevice();
    const engine = await createEngine({ backend: 'webgpu', device: own });
    await engine.entropy(gaussianRows(30, 2, 3));
    // A call in flight when dispose() comes rejects the same way (it is not rerun on the CPU).
    const inFlight = engine.entropy(gaussianRows(30, 2, 4), { onProgress: () => engine.dispose() });
    await expect(inFlight).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(engine.stats().liveBytes).toBe(0);
    const error = await engine.entropy(gaussianRows(30, 2, 3)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: 'DISPOSED', argument: 'engine' });
    own!.destroy();
  });
});

describe.skipIf(!gpu)('faults mid-call', () => {
  const s = sampleCorrelatedGaussian(64, 0.5, 5);

  it('device.destroy() during a call: the call returns the CPU answer and says so', async () => {
    const own = (await newDevice())!;
    const engine = await createEngine({ backend: 'webgpu', device: own });
    let destroyed = false;
    const result = await engine.mutualInformation(s.x, s.y, {
      permutations: 3,
      onProgress: () => {
        if (destroyed) return;
        destroyed = true;
        own.destroy();
      },
    });
    expect(destroyed).toBe(true);
    expect(result.backend).toBe('cpu');
    expect(result.value).toBe((await cpu.mutualInformation(s.x, s.y, { permutations: 3 })).value);
    expect(result.pValue).toBe((await cpu.mutualInformation(s.x, s.y, { permutations: 3 })).pValue);
    expect(result.warnings.some((w) => /WebGPU could not finish this call/.test(w))).toBe(true);
    engine.dispose();
  });

  it('a shader that does not compile: the call runs on the CPU with the compiler\'s reason recorded', async () => {
    const own = (await newDevice())!;
    const broken = alteredDevice(own, {
      createShaderModule: (descriptor: GPUShaderModuleDescriptor) => own.createShaderModule({ ...descriptor, code: `${descriptor.code}\nthis is not WGSL` }),
    });
    const engine = await createEngine({ backend: 'webgpu', device: broken });
    const result = await engine.entropy(s.x);
    expect(result.backend).toBe('cpu');
    expect(result.value).toBe((await cpu.entropy(s.x)).value);
    expect(result.warnings.join('\n')).toMatch(/failed to build/);
    engine.dispose();
    own.destroy();
  });

  it('an allocation that fails: the call runs on the CPU and says so', async () => {
    const own = (await newDevice())!;
    const failing = alteredDevice(own, {
      createBuffer: (descriptor: GPUBufferDescriptor) => {
        if (descriptor.size > 256) throw new RangeError(`simulated out-of-memory for ${descriptor.size} bytes`);
        return own.createBuffer(descriptor);
      },
    });
    const engine = await createEngine({ backend: 'webgpu', device: failing });
    const result = await engine.mmd(s.x, s.y);
    expect(result.backend).toBe('cpu');
    expect(result.value).toBe((await cpu.mmd(s.x, s.y)).value);
    expect(result.warnings.join('\n')).toMatch(/simulated out-of-memory/);
    engine.dispose();
    own.destroy();
  });
});

describe.skipIf(!gpu)('GPU ≈ CPU on random shapes (fast-check)', () => {
  it('entropy, KSG mutual information and biased MMD²', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 12, max: 120 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.nat(1000), async (n, d, k, seed) => {
        const x = gaussianRows(n, d, seed);
        const y = gaussianRows(n, 1, seed + 1);
        const engines: Engine[] = [gpu!, cpu];
        const [g, c] = await Promise.all(engines.map(async (e) => [
          (await e.entropy(x, { k })).value,
          (await e.mutualInformation(x, y, { k })).value,
          (await e.mmd(x, gaussianRows(n, d, seed + 2), { estimator: 'biased', bandwidth: 1 })).value,
        ]));
        // f32 distances: entropy's mean log-radius moves by ~1e-6 relative; a KSG count can flip
        // on an f32 tie (one count of n changes ψ-averages by ≲ 1/n); MMD² sums in f32 per tile.
        expect(Math.abs(g[0] - c[0])).toBeLessThan(1e-4 * (1 + Math.abs(c[0])));
        expect(Math.abs(g[1] - c[1])).toBeLessThan(2 / n);
        expect(Math.abs(g[2] - c[2])).toBeLessThan(1e-5);
      }),
      { numRuns: 6, seed: 16 },
    );
  }, 120_000);
});

describe.skipIf(!gpu)('teardown', () => {
  it('disposes the shared engines', () => {
    gpu!.dispose();
    cpu.dispose();
    expect(gpu!.stats().liveBytes).toBe(0);
  });
});
