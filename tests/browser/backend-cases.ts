/**
 * The Backend-level conformance cases of tests/support/webgpu-conformance.ts, run inside
 * the page (bundled from source with it): every case on a WebGPU backend with the
 * adapter's own limits, and the chunking subset again on one with forced tiny limits,
 * each against the float64 CPU backend. A case passes when it returns a report with
 * values checked and leaves the WebGPU backend's liveBytes where it found them.
 */
import type { Backend } from '../../engine/backend.js';
import { CpuBackend } from '../../engine/cpu-backend.js';
import { createWebGpuBackend, type WebGpuLimitOverrides } from '../../host/create-webgpu-backend.js';
import { chunkingCases, conformanceCases, type ConformanceCase } from '../support/webgpu-conformance.js';
import type { CaseOutcome } from './conformance-report.js';

/** Small enough that the cases' matrices split into blocks, chunks and many dispatches (as in tests/webgpu-backend.test.ts). */
const TINY_LIMITS: WebGpuLimitOverrides = {
  maxStorageBufferBindingSize: 4096,
  maxBufferSize: 8192,
  maxComputeWorkgroupsPerDimension: 3,
  maxWorkPerDispatch: 40_000,
};

async function runCase(testCase: ConformanceCase, cpu: Backend, gpu: Backend, name: string): Promise<CaseOutcome> {
  const start = performance.now();
  const outcome = (ok: boolean, detail: string): CaseOutcome => ({ suite: 'backend', name, ok, detail, milliseconds: performance.now() - start });
  try {
    const liveBytes = gpu.stats().liveBytes;
    const report = await testCase.run(cpu, gpu);
    const problems = [
      ...(report.checked > 0 ? [] : ['no values were checked']),
      ...(gpu.stats().liveBytes === liveBytes ? [] : [`liveBytes went ${liveBytes} → ${gpu.stats().liveBytes}`]),
    ];
    const numbers = `${report.checked} values within the case's tolerances, ${report.nearTies} f32 near-ties or boundary points excused`;
    return outcome(problems.length === 0, problems.length === 0 ? numbers : `${numbers}: ${problems.join('; ')}`);
  } catch (error) {
    return outcome(false, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

async function runAll(cases: readonly ConformanceCase[], limits: Partial<WebGpuLimitOverrides>, prefix: string): Promise<CaseOutcome[]> {
  const created = await createWebGpuBackend({ allowFallbackAdapter: true, limits });
  if ('reason' in created) {
    return [{ suite: 'backend', name: `${prefix}createWebGpuBackend`, ok: false, detail: created.reason, milliseconds: 0 }];
  }
  const cpu = new CpuBackend();
  const outcomes: CaseOutcome[] = [];
  try {
    for (const testCase of cases) outcomes.push(await runCase(testCase, cpu, created.backend, `${prefix}${testCase.name}`));
  } finally {
    created.backend.dispose();
    cpu.dispose();
  }
  return outcomes;
}

/** Every case with the adapter's limits, then the chunking subset with TINY_LIMITS. */
export async function runBackendCases(): Promise<CaseOutcome[]> {
  return [...(await runAll(conformanceCases, {}, '')), ...(await runAll(chunkingCases, TINY_LIMITS, 'tiny limits: '))];
}
