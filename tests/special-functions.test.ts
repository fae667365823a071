import { describe, expect, it } from 'vitest';
import { digamma, logGamma, logUnitBallVolume } from '../engine/special-functions.js';
import { assertClose } from './support/assert-close.js';

const EULER_GAMMA = 0.5772156649015329;

describe('digamma', () => {
  it('matches closed forms at 1, 1/2 and integers (ψ(n) = −γ + H_{n−1})', () => {
    assertClose(digamma(1), -EULER_GAMMA, { atol: 1e-15 }, 'ψ(1)');
    assertClose(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2, { atol: 1e-15 }, 'ψ(1/2)');
    let harmonic = 0;
    for (let n = 1; n <= 200; n++) {
      assertClose(digamma(n), -EULER_GAMMA + harmonic, { rtol: 1e-14, atol: 1e-15 }, `ψ(${n})`);
      harmonic += 1 / n;
    }
  });
  it('matches scipy.special.digamma at large arguments', () => {
    // scipy.special.digamma(1e6) and (12345.5), printed with repr
    assertClose(digamma(1e6), 13.81551005796419, { rtol: 1e-15 }, 'ψ(1e6)');
    assertClose(digamma(12345.5), 9.421006402052685, { rtol: 1e-15 }, 'ψ(12345.5)');
  });
  it('rejects non-positive arguments', () => {
    expect(() => digamma(0)).toThrow(RangeError);
  });
});

describe('logUnitBallVolume', () => {
  it('gives log 2, log π, log(4π/3) and log(π²/2) for d = 1..4', () => {
    assertClose(logUnitBallVolume(1), Math.log(2), { atol: 1e-15 }, 'd=1');
    assertClose(logUnitBallVolume(2), Math.log(Math.PI), { atol: 1e-15 }, 'd=2');
    assertClose(logUnitBallVolume(3), Math.log((4 * Math.PI) / 3), { atol: 1e-14 }, 'd=3');
    assertClose(logUnitBallVolume(4), Math.log((Math.PI * Math.PI) / 2), { atol: 1e-14 }, 'd=4');
  });
});

describe('logGamma', () => {
  it('matches scipy.special.gammaln', () => {
    // /usr/bin/python3 -c "from scipy.special import gammaln; print(repr(gammaln(x)))"
    const table: [number, number][] = [
      [0.1, 2.252712651734206], [0.5, 0.5723649429247], [1, 0], [1.5, -0.12078223763524526],
      [2.5, 0.2846828704729192], [7, 6.579251212010101], [33.3, 82.60372358165493], [1000.5, 5908.674175848678],
    ];
    for (const [x, expected] of table) assertClose(logGamma(x), expected, { rtol: 1e-14, atol: 1e-14 }, `logΓ(${x})`);
  });
});
