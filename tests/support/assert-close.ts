/** |actual − expected| ≤ atol + rtol·|expected|, with a message giving both numbers and the bound. */
import { expect } from 'vitest';

export function assertClose(actual: number, expected: number, { atol = 0, rtol = 0 }: { atol?: number; rtol?: number }, label = ''): void {
  const bound = atol + rtol * Math.abs(expected);
  const error = Math.abs(actual - expected);
  expect(Number.isFinite(actual), `${label} is not finite: ${actual}`).toBe(true);
  expect(error, `${label}: |${actual} − ${expected}| = ${error} > ${bound}`).toBeLessThanOrEqual(bound);
}
