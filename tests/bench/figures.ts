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

/** The p-th percentile of `xs` (nearest rank), to 0.1. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
}

/** POST JSON to a bench server; the answer, and the session cookie (the one given, or the first one set). */
export async function post(url: string, body: unknown, cookie = ""): Promise<{ status: number; body: any; cookie: string }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => undefined), cookie: res.headers.get("set-cookie")?.split(";")[0] ?? cookie };
}
