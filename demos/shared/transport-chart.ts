/**
 * Two 2-D point clouds and an entropic transport plan between them (uPlot axes and grid;
 * the points and lines are drawn in its draw hook). For each source point x_i the line goes
 * to its barycentric image Σ_j π_ij y_j / Σ_j π_ij, the plan's mean destination (a sharp
 * plan gives a matching, a blurred one pulls the lines toward the target's centre); the
 * line's opacity is proportional to the row's largest entry relative to the plan's largest.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TransportPlan } from '../../index.js';
import { CHART_HEIGHT, chartWidth } from './chart-size.js';
import type { SampleMatrix } from './sample-file.js';

const SOURCE = '#2457c5';
const TARGET = '#c55a24';

export class TransportChart {
  private readonly chart: uPlot;
  private x: SampleMatrix | null = null;
  private y: SampleMatrix | null = null;
  private plan: TransportPlan | null = null;
  /** The range of both axes: every coordinate of both clouds, padded by 5 %. */
  private range: uPlot.Range.MinMax = [-1, 1];

  constructor(container: HTMLElement) {
    this.chart = new uPlot(
      {
        width: chartWidth(container),
        height: CHART_HEIGHT + 100,
        scales: { x: { time: false, range: () => this.range }, y: { range: () => this.range } },
        axes: [{}, {}],
        legend: { show: false },
        series: [{}, { stroke: 'transparent' }],
        hooks: { draw: [(u) => this.draw(u)] },
      },
      [[-1, 1], [null, null]],
      container,
    );
  }

  /** Shows the clouds (first two columns) and, when given, the plan's lines. */
  show(x: SampleMatrix, y: SampleMatrix, plan: TransportPlan | null): void {
    this.x = x;
    this.y = y;
    this.plan = plan;
    let lo = Infinity, hi = -Infinity;
    for (const cloud of [x, y]) for (const v of cloud.data) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    const pad = 0.05 * (hi - lo || 1);
    this.range = [lo - pad, hi + pad];
    // Two x values spanning the range (no series to draw): uPlot rescales both axes through `range`.
    this.chart.setData([[lo - pad, hi + pad], [null, null]]);
  }

  private draw(u: uPlot): void {
    const { x, y, plan } = this;
    if (!x || !y) return;
    const ctx = u.ctx;
    const px = (v: number) => u.valToPos(v, 'x', true);
    const py = (v: number) => u.valToPos(v, 'y', true);
    ctx.save();
    if (plan) {
      let largest = 0;
      for (const v of plan.data) largest = Math.max(largest, v);
      ctx.lineWidth = devicePixelRatio;
      for (let i = 0; i < plan.rows; i++) {
        let mass = 0, peak = 0, tx = 0, ty = 0;
        for (let j = 0; j < plan.cols; j++) {
          const w = plan.data[i * plan.cols + j];
          mass += w;
          peak = Math.max(peak, w);
          tx += w * y.data[j * y.cols];
          ty += w * y.data[j * y.cols + 1];
        }
        if (mass <= 0) continue;
        ctx.strokeStyle = `rgba(40, 40, 40, ${(0.15 + 0.7 * (peak / largest)).toFixed(3)})`;
        ctx.beginPath();
        ctx.moveTo(px(x.data[i * x.cols]), py(x.data[i * x.cols + 1]));
        ctx.lineTo(px(tx / mass), py(ty / mass));
        ctx.stroke();
      }
    }
    for (const [cloud, colour] of [[x, SOURCE], [y, TARGET]] as const) {
      ctx.fillStyle = colour;
      for (let i = 0; i < cloud.rows; i++) {
        ctx.beginPath();
        ctx.arc(px(cloud.data[i * cloud.cols]), py(cloud.data[i * cloud.cols + 1]), 3 * devicePixelRatio, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    ctx.restore();
  }
}
