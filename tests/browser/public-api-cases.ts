/**
 * Public-API conformance, run inside the browser page: each estimator call through the
 * built bundle's `createEngine`, once on backend 'webgpu' and once on 'cpu', on the same
 * seeded data. A case passes when the WebGPU value lies within ATOL of the float64 CPU
 * value (issue 3: 2e-3 on MI and entropy), both results have the same shape (unit,
 * method, n, k) and the right `backend`, and the WebGPU engine's `stats().liveBytes`
 * returns to its starting value after the call. Sizes stay ≤ 2,000 rows (SwiftShader).
 */
import type * as Infogpu from '../../index.js';
import type { CaseOutcome } from './conformance-report.js';

type Library = typeof Infogpu;
type Estimate = Infogpu.InformationEstimate;

const ATOL = 2e-3;

interface ApiCase {
  readonly name: string;
  /** The closed-form value, printed for context (not asserted: KSG and KL are biased at finite n). */
  readonly truth: number;
  run(engine: Infogpu.Engine): Promise<Estimate>;
}

function apiCases(library: Library): ApiCase[] {
  const gaussian = library.sampleCorrelatedGaussian;
  const a = gaussian(2000, 0.6, 7);
  const b = gaussian(1000, 0.9, 11);
  const c = gaussian(1000, 0.3, 13);
  const noise = gaussian(1500, 0, 17);
  const d = gaussian(1500, 0.5, 19);
  const jointEntropy = (rho: number) => Math.log(2 * Math.PI * Math.E) + 0.5 * Math.log(1 - rho * rho);
  return [
    { name: 'mutualInformation ksg1, k = 3, n = 2000, ρ = 0.6', truth: a.mutualInformation, run: (e) => e.mutualInformation(a.x, a.y) },
    { name: 'mutualInformation ksg2, k = 3, n = 2000, ρ = 0.6', truth: a.mutualInformation, run: (e) => e.mutualInformation(a.x, a.y, { method: 'ksg2' }) },
    { name: 'mutualInformation ksg1, k = 1, n = 1000, ρ = 0.9, bits', truth: b.mutualInformation / Math.LN2, run: (e) => e.mutualInformation(b.x, b.y, { k: 1, base: 2 }) },
    {
      name: 'mutualInformation ksg1, k = 5, n = 1000, ρ = 0.3, data offset by ±10⁴',
      truth: c.mutualInformation,
      run: (e) => e.mutualInformation(c.x.map((v) => v + 1e4), c.y.map((v) => v - 1e4), { k: 5 }),
    },
    {
      name: 'mutualInformation ksg1, k = 3, n = 1500, x = 2 columns { data, rows, cols }',
      truth: d.mutualInformation,
      run: (e) => {
        const data = new Float64Array(2 * d.x.length);
        d.x.forEach((v, i) => data.set([v, noise.x[i]], 2 * i));
        return e.mutualInformation({ data, rows: d.x.length, cols: 2 }, d.y);
      },
    },
    { name: 'entropy kl, k = 3, n = 2000, d = 1', truth: a.marginalEntropy, run: (e) => e.entropy(a.x) },
    {
      name: 'entropy kl, k = 4, n = 1500, d = 2 (number[][] rows)',
      truth: jointEntropy(0.5),
      run: (e) => e.entropy(Array.from(d.x, (v, i) => [v, d.y[i]]), { k: 4 }),
    },
  ];
}

function compare(gpu: Estimate, cpu: Estimate, liveBytesBefore: number, liveBytesAfter: number): string[] {
  const problems: string[] = [];
  if (!(Math.abs(gpu.value - cpu.value) <= ATOL)) problems.push(`|Δ| exceeds ${ATOL}`);
  if (gpu.backend !== 'webgpu' || cpu.backend !== 'cpu') problems.push(`backends are ${gpu.backend} and ${cpu.backend}`);
  for (const key of ['unit', 'method', 'n', 'k'] as const) {
    if (gpu[key] !== cpu[key]) problems.push(`${key} differs: ${gpu[key]} vs ${cpu[key]}`);
  }
  if (liveBytesAfter !== liveBytesBefore) problems.push(`liveBytes went ${liveBytesBefore} → ${liveBytesAfter}`);
  return problems;
}

async function runCase(apiCase: ApiCase, gpu: Infogpu.Engine, cpu: Infogpu.Engine): Promise<CaseOutcome> {
  const start = performance.now();
  const outcome = (ok: boolean, detail: string): CaseOutcome => ({ suite: 'public-api', name: apiCase.name, ok, detail, milliseconds: performance.now() - start });
  try {
    const liveBytesBefore = gpu.stats().liveBytes;
    const onGpu = await apiCase.run(gpu);
    const liveBytesAfter = gpu.stats().liveBytes;
    const onCpu = await apiCase.run(cpu);
    const problems = compare(onGpu, onCpu, liveBytesBefore, liveBytesAfter);
    const numbers =
      `webgpu ${onGpu.value.toFixed(6)} vs cpu ${onCpu.value.toFixed(6)} ${onCpu.unit}, ` +
      `|Δ| = ${Math.abs(onGpu.value - onCpu.value).toExponential(2)} (tolerance ${ATOL}; closed form ${apiCase.truth.toFixed(4)})`;
    return outcome(problems.length === 0, problems.length === 0 ? numbers : `${numbers}: ${problems.join('; ')}`);
  } catch (error) {
    return outcome(false, `threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
}

/** Runs every case on the two engines, in order. */
export async function runPublicApiCases(library: Library, gpu: Infogpu.Engine, cpu: Infogpu.Engine): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const apiCase of apiCases(library)) outcomes.push(await runCase(apiCase, gpu, cpu));
  return outcomes;
}
