/**
 * One value per index as a uPlot chart: per-row divergences of two logit matrices, or a
 * live series of estimates (the panel's `update(value)`). Points, joined when `line`.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_HEIGHT, chartWidth } from './chart-size.js';

export class SeriesChart {
  private readonly chart: uPlot;

  constructor(container: HTMLElement, xLabel: string, yLabel: string, line: boolean) {
    this.chart = new uPlot(
      {
        width: chartWidth(container),
        height: CHART_HEIGHT,
        scales: { x: { time: false } },
        axes: [{ label: xLabel }, { label: yLabel }],
        series: [
          { label: xLabel },
          {
            label: yLabel,
            stroke: '#2457c5',
            width: line ? 1.5 : 0,
            ...(line ? {} : { paths: () => null }),
            points: { show: true, size: 5, fill: '#2457c5' },
            value: (_u, v) => (v == null ? '–' : v.toPrecision(4)),
          },
        ],
      },
      [[], []],
      container,
    );
  }

  show(values: ArrayLike<number>, xs?: ArrayLike<number>): void {
    const y = Array.from(values);
    this.chart.setData([xs ? Array.from(xs) : y.map((_, i) => i), y]);
  }
}
