/**
 * The dashboard's live plot (uPlot): the monitor's MMD² (left axis) and its permutation
 * p-value (right axis, 0 to 1) against the rows pushed so far, with the drift point as a
 * dashed red vertical line and the 0.05 level as a dashed grey horizontal one. The
 * container keeps the point count and the last plotted MMD² in data-points and data-last
 * for the tests.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_HEIGHT, chartWidth } from '../shared/chart-size.js';

const SIGNIFICANCE = 0.05;

export class DriftChart {
  private readonly chart: uPlot;
  private readonly rows: number[] = [];
  private readonly values: number[] = [];
  private readonly pValues: (number | null)[] = [];

  /** `totalRows`: the x range; `driftRow`: where the dashed drift line goes. */
  constructor(
    private readonly container: HTMLElement,
    totalRows: number,
    private readonly driftRow: number,
  ) {
    const format = (_u: uPlot, v: number | null) => (v == null ? '–' : v.toPrecision(4));
    this.chart = new uPlot(
      {
        width: chartWidth(container),
        height: CHART_HEIGHT,
        scales: { x: { time: false, range: [0, totalRows] }, p: { range: [0, 1] } },
        axes: [{ label: 'rows pushed' }, { label: 'MMD²' }, { label: 'p-value', scale: 'p', side: 1, grid: { show: false } }],
        series: [
          { label: 'rows pushed' },
          { label: 'MMD²', stroke: '#2457c5', width: 2, points: { show: true, size: 6, fill: '#2457c5' }, value: format },
          { label: 'p-value', scale: 'p', stroke: '#d97706', width: 1.5, dash: [6, 4], points: { show: true, size: 5, fill: '#d97706' }, value: format },
        ],
        hooks: { draw: [(u) => this.drawGuides(u)] },
      },
      [[], [], []],
      container,
    );
  }

  /** Adds the reading after `rows` rows pushed. */
  add(rows: number, value: number, pValue: number | null): void {
    this.rows.push(rows);
    this.values.push(value);
    this.pValues.push(pValue);
    this.chart.setData([this.rows, this.values, this.pValues]);
    this.container.dataset.points = String(this.rows.length);
    this.container.dataset.last = String(value);
  }

  private drawGuides(u: uPlot): void {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
    const x = u.valToPos(this.driftRow, 'x', true);
    ctx.strokeStyle = '#b3261e';
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    const y = u.valToPos(SIGNIFICANCE, 'p', true);
    ctx.strokeStyle = '#8a96a8';
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.restore();
  }
}
