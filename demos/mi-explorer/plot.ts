/**
 * The MI explorer's chart (uPlot): the closed form −½ log(1 − ρ²) as a curve over
 * ρ ∈ [−0.99, 0.99] and the KSG estimates of a sweep as points on the same ρ grid.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** ρ = i / 100 for i = −99 … 99: the x grid every estimate is placed on. */
const GRID = Array.from({ length: 199 }, (_, i) => (i - 99) / 100);
const HEIGHT = 340;

function closedForm(rho: number): number {
  return -0.5 * Math.log(1 - rho * rho);
}

function gridIndex(rho: number): number {
  const index = Math.round(rho * 100) + 99;
  if (index < 0 || index >= GRID.length || Math.abs(GRID[index] - rho) > 1e-9) {
    throw new Error(`ρ = ${rho} is not on the plot's grid of hundredths in [−0.99, 0.99]`);
  }
  return index;
}

export class EstimatePlot {
  private readonly chart: uPlot;
  private readonly estimates: (number | null)[] = GRID.map(() => null);

  constructor(container: HTMLElement, estimateLabel: string) {
    const options: uPlot.Options = {
      width: Math.max(320, Math.min(880, container.clientWidth)),
      height: HEIGHT,
      scales: { x: { time: false, range: [-1, 1] } },
      axes: [{ label: 'correlation ρ' }, { label: 'mutual information (nats)' }],
      series: [
        { label: 'ρ', value: (_chart, rho) => (rho == null ? '–' : rho.toFixed(2)) },
        { label: 'closed form −½ log(1 − ρ²)', stroke: '#1d2430', width: 2, value: (_chart, v) => (v == null ? '–' : v.toFixed(4)) },
        {
          label: estimateLabel,
          stroke: '#2457c5',
          paths: () => null,
          points: { show: true, size: 9, fill: '#2457c5' },
          value: (_chart, v) => (v == null ? '–' : v.toFixed(4)),
        },
      ],
    };
    this.chart = new uPlot(options, this.data(), container);
  }

  /** Shows an estimate at ρ (which must be on the grid of hundredths). */
  addEstimate(rho: number, value: number): void {
    this.estimates[gridIndex(rho)] = value;
    this.chart.setData(this.data());
  }

  clearEstimates(): void {
    this.estimates.fill(null);
    this.chart.setData(this.data());
  }

  private data(): uPlot.AlignedData {
    return [GRID, GRID.map(closedForm), this.estimates];
  }
}
