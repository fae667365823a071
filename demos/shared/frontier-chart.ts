/**
 * MAUVE's divergence frontier (uPlot): the points (e^{−c·KL(q‖r_λ)}, e^{−c·KL(p‖r_λ)}) for
 * r_λ = λp + (1 − λ)q, drawn in order of the first coordinate; MAUVE is the area under it.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_HEIGHT, chartWidth } from './chart-size.js';

export class FrontierChart {
  private readonly chart: uPlot;

  constructor(container: HTMLElement) {
    this.chart = new uPlot(
      {
        width: chartWidth(container),
        height: CHART_HEIGHT,
        scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
        axes: [{ label: 'e^(−c·KL(Q‖R))' }, { label: 'e^(−c·KL(P‖R))' }],
        series: [
          { label: 'x' },
          { label: 'divergence frontier', stroke: '#2457c5', width: 2, fill: 'rgba(36, 87, 197, 0.15)', points: { show: true, size: 5 } },
        ],
      },
      [[], []],
      container,
    );
  }

  show(frontier: { readonly x: ArrayLike<number>; readonly y: ArrayLike<number> }): void {
    const order = Array.from({ length: frontier.x.length }, (_, i) => i).sort((a, b) => frontier.x[a] - frontier.x[b]);
    this.chart.setData([order.map((i) => frontier.x[i]), order.map((i) => frontier.y[i])]);
  }
}
