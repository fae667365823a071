// `npm start`: the main job on built-in sample data. Mutual information (KSG1, k = 3)
// and marginal entropy (Kozachenko–Leonenko) of a 20,000-point bivariate Gaussian with
// correlation ρ = 0.8, printed beside the closed-form truths, with the backend and time.
// `npm start -- --backend cpu|webgpu|auto` picks the backend (default auto).
import { createEngine, sampleCorrelatedGaussian } from '../dist/index.js';

const flag = process.argv.indexOf('--backend');
const backend = flag >= 0 ? process.argv[flag + 1] : 'auto';
const n = 20_000, rho = 0.8, k = 3;

const engine = await createEngine({ backend });
try {
  console.log(`infogpu on ${engine.backend}${engine.fallbackReason ? ` (fallback: ${engine.fallbackReason})` : ''}`);
  const sample = sampleCorrelatedGaussian(n, rho, 2026);
  console.log(`sample: ${n} draws of a bivariate Gaussian, ρ = ${rho}, seed 2026\n`);
  const rows = [];
  let t = performance.now();
  const mi = await engine.mutualInformation(sample.x, sample.y, { k });
  rows.push(['I(X;Y)  KSG1', mi.value, sample.mutualInformation, performance.now() - t]);
  t = performance.now();
  const h = await engine.entropy(sample.x, { k });
  rows.push(['H(X)    Kozachenko–Leonenko', h.value, sample.marginalEntropy, performance.now() - t]);
  console.log('quantity                        estimate    truth      error     time');
  for (const [name, value, truth, ms] of rows) {
    console.log(`${name.padEnd(30)} ${value.toFixed(5).padStart(9)}  ${truth.toFixed(5).padStart(9)}  ${(value - truth).toFixed(5).padStart(9)}  ${ms.toFixed(0).padStart(5)} ms`);
  }
  console.log('\nunits: nats; truths: −½·log(1 − ρ²) and ½·log(2πe)');
} finally {
  engine.dispose();
}
