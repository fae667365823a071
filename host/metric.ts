/**
 * Host side of shaders/metric.wgsl: its source and the override constant that picks the
 * metric of a pipeline (one compiled variant per metric).
 */
import type { Metric } from '../engine/backend.js';
import source from '../shaders/metric.wgsl';

export const metricSource = source;

export function metricConstants(metric: Metric): Record<string, number> {
  return { CHEBYSHEV: metric === 'chebyshev' ? 1 : 0 };
}
