import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { compileScenario } from "../../shared/engine/compile.js";
import { crisisSeries } from "../../shared/replay/series.js";
import { loadScenario } from "../../shared/scenario/load.js";
import { chromiumAvailable, launch, ROOT } from "../e2e/harness.js";
import type { Figure } from "./figures.js";
import { threeHourLog } from "./replay.js";

/**
 * The crisis chart of a 3-hour ransomware log (~11,000 entries) drawn in
 * headless Chromium by the same code the debrief and the evaluator use
 * (shared/replay/chart-spec.ts + chart-plot.ts, bundled here as the client
 * bundles them): median of 7 draws after a warm-up, target < 100 ms. The
 * series itself is built by the fold the server or the replay index already
 * does; its size is reported beside.
 */
export async function chartsBench(): Promise<Figure[]> {
  const file = join(ROOT, "scenarios/ransomware-logirhone.yaml");
  const loaded = loadScenario(readFileSync(file, "utf8"), file);
  if (!loaded.ok) throw new Error("ransomware invalide");
  const compiled = compileScenario(loaded.scenario);
  const log = threeHourLog(compiled);
  const t0 = performance.now();
  const { series } = crisisSeries(compiled, log);
  const seriesMs = performance.now() - t0;
  const figures: Figure[] = [
    { name: "charts.log.entries", value: log.length, unit: "entries" },
    { name: "charts.series.3h", value: Math.round(seriesMs * 10) / 10, unit: "ms" },
    { name: "charts.markers.3h", value: series.markers.length, unit: "markers" },
  ];
  if (!chromiumAvailable()) return figures;
  const bundle = await build({
    stdin: {
      contents: `import { chartData } from "./shared/replay/chart-spec.ts"; import { gaugeChart, markerChart } from "./shared/replay/chart-plot.ts";
        globalThis.draw = (series) => { const t = performance.now(); const d = chartData(series, "fr");
          document.body.replaceChildren(gaugeChart(d, document, "fr", { width: 1100 }), markerChart(d, document, "fr", { width: 1100 }));
          document.body.getBoundingClientRect(); return performance.now() - t; };`,
      resolveDir: ROOT, loader: "ts",
    },
    bundle: true, format: "iife", write: false, minify: true, platform: "browser",
  });
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const times: number[] = [];
    for (let i = 0; i < 8; i++) times.push(await page.evaluate((s) => (globalThis as unknown as { draw(x: unknown): number }).draw(s), series as unknown));
    const runs = times.slice(1).sort((a, b) => a - b);
    figures.push({ name: "charts.draw.3h.browser", value: Math.round(runs[Math.floor(runs.length / 2)] * 10) / 10, unit: "ms", target: "< 100 ms" });
    figures.push({ name: "charts.draw.3h.browser.first", value: Math.round(times[0] * 10) / 10, unit: "ms" });
  } finally {
    await browser.close();
  }
  return figures;
}
