// A log-log line plot written as a standalone SVG (no dependencies): one polyline with
// markers per series, decade grid lines, axis labels and a legend. Used for the scaling
// curves in bench/plots/.
import { writeFileSync } from 'node:fs';

const WIDTH = 680, HEIGHT = 420;
const MARGIN = { left: 70, right: 230, top: 40, bottom: 55 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** 1, 2, 5 × 10^e ticks inside [lo, hi] (decades only when the range spans more than three). */
function logTicks(lo, hi) {
  const ticks = [];
  const decades = Math.log10(hi) - Math.log10(lo);
  const steps = decades > 3 ? [1] : [1, 2, 5];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const s of steps) {
      const v = s * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

const tickLabel = (v) => (v >= 1e4 || v < 1e-2 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(3))));

/**
 * Writes the plot to `path`.
 * @param {string} path
 * @param {{ title: string, xLabel: string, yLabel: string,
 *           series: { name: string, points: [number, number][], dashed?: boolean }[] }} plot
 */
export function writeLogLogPlot(path, { title, xLabel, yLabel, series }) {
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (all.length === 0) return;
  const pad = (lo, hi) => (lo === hi ? [lo / 2, hi * 2] : [lo / 1.15, hi * 1.15]);
  const [x0, x1] = pad(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])));
  const [y0, y1] = pad(Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1])));
  const plotW = WIDTH - MARGIN.left - MARGIN.right, plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x) => MARGIN.left + ((Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0))) * plotW;
  const sy = (y) => MARGIN.top + plotH - ((Math.log(y) - Math.log(y0)) / (Math.log(y1) - Math.log(y0))) * plotH;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`);
  for (const v of logTicks(x0, x1)) {
    out.push(`<line x1="${sx(v)}" x2="${sx(v)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#ddd"/>`);
    out.push(`<text x="${sx(v)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${tickLabel(v)}</text>`);
  }
  for (const v of logTicks(y0, y1)) {
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${sy(v)}" y2="${sy(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${sy(v) + 4}" text-anchor="end">${tickLabel(v)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escape(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`);
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0);
    if (pts.length === 0) return;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of pts) out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${colour}"/>`);
    const ly = MARGIN.top + 10 + i * 18;
    out.push(`<line x1="${WIDTH - MARGIN.right + 12}" x2="${WIDTH - MARGIN.right + 34}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${WIDTH - MARGIN.right + 40}" y="${ly + 4}">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  writeFileSync(path, `${out.join('\n')}\n`);
}
