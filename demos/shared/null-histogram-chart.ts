/**
 * A permutation test's null distribution as a histogram (uPlot bars), with the observed
 * statistic as a vertical red line: the p-value is (1 + the mass at or right of the line)/(1 + P).
 * Bins: `bins` equal widths over [min, max] of the null values and the observed value.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_HEIGHT, chartWidth } from './chart-size.js';

export interface Histogram {
  /** Bin centres. */
  readonly centres: number[];
  readonly counts: number[];
}

/** `bins` equal-width bins over the range of `values` ∪ {extra}. */
export function histogram(values: ArrayLike<number>, bins: number, extra: number): Histogram {
  let lo = extra, hi = extra;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor((values[i] - lo) / width))]++;
  return { centres: counts.map((_, b) => lo + (b + 0.5) * width), counts };
}

export class NullHistogramChart {
  private readonly chart: uPlot;
  private observed: number | null = null;

  constructor(container: HTMLElement, statisticLabel: string) {
    this.chart = new uPlot(
      {
        width: chartWidth(container),
        height: CHART_HEIGHT,
        scales: { x: { time: false } },
        axes: [{ label: statisticLabel }, { label: 'permutations' }],
        series: [
          { label: statisticLabel, value: (_u, v) => (v == null ? '–' : v.toPrecision(4)) },
          { label: 'null (permuted labels)', stroke: '#2457c5', fill: 'rgba(36, 87, 197, 0.35)', paths: uPlot.paths.bars!({ size: [0.9, 40] }) },
        ],
        hooks: { draw: [(u) => this.drawObserved(u)] },
      },
      [[], []],
      container,
    );
  }

  /** Shows the null values (so far) and the observed statistic. */
  show(nulls: ArrayLike<number>, observed: number): void {
    this.observed = observed;
    const { centres, counts } = histogram(nulls, 24, observed);
    this.chart.setData([centres, counts]);
  }

  clear(): void {
    this.observed = null;
    this.chart.setData([[], []]);
  }

  private drawObserved(u: uPlot): void {
    if (this.observed === null) return;
    const x = u.valToPos(this.observed, 'x', true);
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = '#b3261e';
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.restore();
  }
}
