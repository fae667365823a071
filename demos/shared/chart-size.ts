/** Chart dimensions shared by the demos' uPlot charts: the container's width, clamped. */
export const CHART_HEIGHT = 300;

export function chartWidth(container: HTMLElement): number {
  return Math.max(300, Math.min(880, container.clientWidth || 600));
}
