/**
 * What the conformance page (conformance-page.ts) publishes on `window.infogpuConformance`
 * once `#status[data-state="done"]`, for conformance.spec.ts to read and print.
 */

export interface CaseOutcome {
  /**
   * 'backend': tests/support/webgpu-conformance.ts on the Backend pair; 'public-api': the
   * built bundle's createEngine; 'estimators': tests/support/estimator-conformance.ts
   * (every public estimator) on the built bundle's engines.
   */
  readonly suite: 'backend' | 'public-api' | 'estimators';
  readonly name: string;
  readonly ok: boolean;
  /** The numbers compared and the tolerance, or the failure message. */
  readonly detail: string;
  readonly milliseconds: number;
}

export interface ConformanceReport {
  /** The browser's adapter ('google swiftshader (fallback)'), or null when there is none. */
  readonly adapter: string | null;
  /** Why there is no WebGPU backend; null when there is one. */
  readonly noAdapterReason: string | null;
  readonly cases: readonly CaseOutcome[];
}

declare global {
  interface Window {
    infogpuConformance?: ConformanceReport;
  }
}
