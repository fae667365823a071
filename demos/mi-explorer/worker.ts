/**
 * The MI explorer's estimator worker. On 'init' it makes a CPU engine and a WebGPU engine
 * (`createEngine` with the page's request), warms both up on a tiny sample so that later
 * timings exclude shader compilation, and replies 'ready'. Each 'estimate' draws the
 * seeded correlated Gaussian sample and times one KSG1 call on the chosen engine.
 */
import { createEngine, sampleCorrelatedGaussian, type Engine } from '../../index.js';
import type { EngineSlot, EstimateTask, GpuRequest, WorkerReply, WorkerRequest } from './protocol.js';

const WARM_UP: Omit<EstimateTask, 'slot'> = { n: 64, rho: 0.5, k: 3, seed: 0 };

type Engines = Record<EngineSlot, Engine | null>;

let engines: Promise<Engines> | null = null;

function reply(message: WorkerReply): void {
  postMessage(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function estimate(engine: Engine, { n, rho, k, seed }: Omit<EstimateTask, 'slot'>) {
  const sample = sampleCorrelatedGaussian(n, rho, seed);
  const start = performance.now();
  const result = await engine.mutualInformation(sample.x, sample.y, { k });
  return { value: result.value, truth: sample.mutualInformation, backend: result.backend, milliseconds: performance.now() - start };
}

async function makeEngines(request: GpuRequest): Promise<Engines> {
  const cpu = await createEngine({ backend: 'cpu' });
  let gpu: Engine | null = null;
  let gpuUnavailableReason: string | null = null;
  try {
    const engine = await createEngine({ backend: request });
    if (engine.backend === 'webgpu') {
      gpu = engine;
      await estimate(gpu, WARM_UP);
    } else {
      gpuUnavailableReason = engine.fallbackReason ?? 'createEngine() chose the CPU';
      engine.dispose();
    }
  } catch (error) {
    gpu?.dispose();
    gpu = null;
    gpuUnavailableReason = describe(error);
  }
  await estimate(cpu, WARM_UP);
  reply({ type: 'ready', gpuBackend: gpu?.backend ?? null, gpuUnavailableReason });
  return { gpu, cpu };
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'init') {
    engines = makeEngines(request.gpu);
    await engines;
    return;
  }
  if (!engines) throw new Error("the worker got an 'estimate' before 'init'");
  const engine = (await engines)[request.task.slot];
  if (!engine) throw new Error(`there is no ${request.task.slot} engine in this browser`);
  reply({ type: 'estimate', id: request.id, ...(await estimate(engine, request.task)) });
}

addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  handle(request).catch((error: unknown) => {
    reply({ type: 'failure', id: request.type === 'estimate' ? request.id : null, message: describe(error) });
  });
});
