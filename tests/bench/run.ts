/**
 * `npm run bench` — figures for speed and memory targets, measured on this
 * machine (benchmarks, not timed tests). `--json` prints one JSON object per
 * line ({"name","value","unit"}) so runs can be compared; `--only engine`
 * runs one section.
 */
import type { Figure } from "./figures.js";

const TARGETS: Record<string, string> = {
  "engine.replay.10k": "< 30 ms",
  "scoring.score.10k": "< 50 ms",
  "scoring.compare.8cells": "< 200 ms",
  "scenario.validate.largest": "< 50 ms",
  "server.inject_to_client.p99": "< 60 ms (40 cells × 6, living channels on)",
  "server.rss.peak": "< 500 MB",
  "replay.seek.3h.p99": "< 100 ms",
  "charts.draw.3h.browser": "< 100 ms",
  "report.pdf.ms": "< 500 ms",
  "scale.capacity.ratio": "> 1 (two processes hold more cells than one)",
  "retex.updates.p99.ratio": "< 1.2 (4 concurrent PDF exports leave a running cell's updates unchanged within 20 %)",
};

type Section = { name: string; run: () => Promise<Figure[]> };
const sections: Section[] = [
  { name: "engine", run: async () => (await import("./engine.js")).engineBench() },
  { name: "scoring", run: async () => (await import("./scoring.js")).scoringBench() },
  { name: "report", run: async () => (await import("./report.js")).reportBench() },
  { name: "replay", run: async () => (await import("./replay.js")).replayBench() },
  { name: "charts", run: async () => (await import("./charts.js")).chartsBench() },
  { name: "server", run: async () => (await import("./load.js")).loadBench() },
  { name: "retex", run: async () => (await import("./retex.js")).retexBench() },
  { name: "client", run: async () => (await import("./client.js")).clientBench() },
  { name: "studio", run: async () => (await import("./studio.js")).studioBench() },
  { name: "scale", run: async () => (await import("./scale.js")).scaleBench() },
];

const args = process.argv.slice(2);
const json = args.includes("--json");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;

const all: Figure[] = [];
for (const s of sections) {
  if (only && s.name !== only) continue;
  try {
    const figures = await s.run();
    for (const f of figures) {
      const row = { ...f, ...(TARGETS[f.name] ? { target: TARGETS[f.name] } : {}) };
      all.push(row);
      if (json) console.log(JSON.stringify({ name: row.name, value: row.value, unit: row.unit }));
    }
  } catch (err) {
    console.error(`bench ${s.name}: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
if (!json) {
  const w = Math.max(...all.map((f) => f.name.length), 10);
  console.log(`${"figure".padEnd(w)}  ${"value".padStart(12)}  unit          target`);
  for (const f of all) console.log(`${f.name.padEnd(w)}  ${String(f.value).padStart(12)}  ${f.unit.padEnd(12)}  ${f.target ?? ""}`);
}
