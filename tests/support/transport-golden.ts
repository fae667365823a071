/** Shapes of tests/golden/transport.json (made by tests/golden/make_transport_golden.py). */
export interface Wasserstein1dCase {
  name: string;
  x: number[];
  y: number[];
  a?: number[];
  b?: number[];
  p: number;
  value: number;
}

export interface SlicedCase {
  name: string;
  x: number[];
  y: number[];
  rows: [number, number];
  cols: number;
  directions?: number[];
  p: number;
  value: number;
}

export interface DiscreteCase {
  name: string;
  a: number[];
  b: number[];
  cost: number[];
  pairs: number;
  rows: number;
  cols: number;
  eps?: number;
  transportCosts?: number[];
  sinkhorn2?: number[];
  values?: number[];
  emd2?: number[];
}

export interface UnbalancedCase {
  name: string;
  x: number[];
  y: number[];
  rows: [number, number];
  cols: number;
  a: number[];
  b: number[];
  blur: number;
  reach: number;
  otEps: number;
  transportCost: number;
  value: number;
}

export interface TransportGolden {
  wasserstein1d: Wasserstein1dCase[];
  sliced: SlicedCase[];
  discrete: DiscreteCase[];
  unbalanced: UnbalancedCase[];
}
