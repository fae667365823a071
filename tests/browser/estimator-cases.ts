/**
 * The 'estimators' suite of the conformance page: every public estimator case of
 * tests/support/estimator-conformance.ts on the built bundle's WebGPU and CPU engines,
 * each reported with its values, largest difference and tolerance.
 */
import type * as Infogpu from '../../index.js';
import { compareEstimators, estimatorCases } from '../support/estimator-conformance.js';
import type { CaseOutcome } from './conformance-report.js';

export async function runEstimatorCases(gpu: Infogpu.Engine, cpu: Infogpu.Engine): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const c of estimatorCases) {
    const start = performance.now();
    try {
      const [r] = await compareEstimators(cpu, gpu, [c]);
      const values = r.cpu.map((v, i) => `${r.gpu[i].toFixed(6)} vs ${v.toFixed(6)}`).join('; ');
      outcomes.push({ suite: 'estimators', name: c.name, ok: r.pass, detail: `webgpu vs cpu ${values}; max |Δ| ${r.maxError.toExponential(2)} (tolerance ${r.tolerance})`, milliseconds: performance.now() - start });
    } catch (error) {
      outcomes.push({ suite: 'estimators', name: c.name, ok: false, detail: error instanceof Error ? error.message : String(error), milliseconds: performance.now() - start });
    }
  }
  return outcomes;
}
