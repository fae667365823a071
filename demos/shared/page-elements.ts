/**
 * Small DOM helpers of the demo pages: typed lookup by id, number formatting, error text.
 * Values reach the DOM only as textContent (and as data-value attributes for the tests).
 */

export function element<T extends HTMLElement>(id: string, type: new () => T, root: ParentNode = document): T {
  const found = root.querySelector(`#${id}`);
  if (!(found instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return found;
}

/** The controls every estimating demo has: engine line, Run, Cancel, progress bar and status line. */
export function runControls() {
  return {
    engine: element('engine', HTMLElement),
    run: element('run', HTMLButtonElement),
    cancel: element('cancel', HTMLButtonElement),
    progress: element('progress', HTMLProgressElement),
    status: element('status', HTMLElement),
  };
}

/** Six significant digits: what every demo shows for an estimate (the tests format the same way). */
export function formatValue(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(6) : String(value);
}

export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds.toFixed(0)} ms` : `${(milliseconds / 1000).toFixed(2)} s`;
}

/** Shows `value` (formatted) and keeps the full-precision number in data-value. */
export function showValue(target: HTMLElement, value: number | null): void {
  target.textContent = value === null ? '–' : formatValue(value);
  if (value === null) delete target.dataset.value;
  else target.dataset.value = String(value);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The engine the page asks for: `?backend=webgpu` (any adapter, a software one too), `?backend=cpu`, else 'auto'. */
export function engineRequestFromUrl(): 'auto' | 'webgpu' | 'cpu' {
  const asked = new URLSearchParams(location.search).get('backend');
  return asked === 'webgpu' || asked === 'cpu' ? asked : 'auto';
}
