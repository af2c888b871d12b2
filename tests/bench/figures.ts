/** One measured figure, printed as a table row or one JSON line. */
export interface Figure { name: string; value: number; unit: string; target?: string }

export function timeIt(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** The median of `runs` measurements, after three warm-up runs (let the JIT settle). */
export function median(runs: number, measure: () => number): number {
  for (let i = 0; i < 3; i++) measure();
  const xs = Array.from({ length: runs }, measure).sort((a, b) => a - b);
  return Math.round(xs[Math.floor(runs / 2)] * 100) / 100;
}
