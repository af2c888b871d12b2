import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ensureClientBuilt, ROOT, startServer } from "../e2e/harness.js";
import { percentile, post, type Figure } from "./figures.js";

/**
 * Studio figures for `npm run bench`:
 * - validation feedback after a keystroke on the largest bundled scenario:
 *   the round trip of `POST /api/scenarios/check` (the request the editor
 *   sends 350 ms after the last keystroke) with a one-character edit, each
 *   text different, p50 and p95 over 20 (target < 150 ms);
 * - the studio's lazily loaded JavaScript (the edit screen's chunk, gzip):
 *   reported, loaded only on #/studio (the initial JS is `client.initial_js`).
 */
export async function studioBench(): Promise<Figure[]> {
  ensureClientBuilt();
  const files = ["ransomware-logirhone.yaml", "detained-national-valdoria.yaml", "tutorial.yaml"].map((f) => readFileSync(join(ROOT, "scenarios", f), "utf8"));
  const largest = files.sort((a, b) => b.length - a.length)[0];
  const server = await startServer();
  try {
    const setup = await post(`${server.url}/api/setup`, { token: server.setupToken, username: "bench", password: "motdepasse-solide" });
    const times: number[] = [];
    for (let i = 0; i < 23; i++) {
      const at = largest.indexOf("subject:") + 12 + (i % 5);
      const text = largest.slice(0, at) + String.fromCharCode(97 + (i % 26)) + largest.slice(at);
      const t0 = performance.now();
      const r = await post(`${server.url}/api/scenarios/check`, { filename: "largest.yaml", text }, setup.cookie);
      if (r.status !== 200) throw new Error(`check: ${r.status}`);
      if (i >= 3) times.push(performance.now() - t0);
    }
    const dir = join(ROOT, "dist/client/assets");
    const edit = readdirSync(dir).find((f) => /^edit-.*\.js$/.test(f));
    return [
      { name: "studio.check.largest.p50", value: percentile(times, 50), unit: "ms", target: "< 150 ms" },
      { name: "studio.check.largest.p95", value: percentile(times, 95), unit: "ms", target: "< 150 ms" },
      ...(edit ? [{ name: "studio.lazy_js", value: Math.round(gzipSync(readFileSync(join(dir, edit))).length / 102.4) / 10, unit: "kB gzip", target: "loaded on #/studio only" }] : []),
    ];
  } finally {
    await server.stop();
  }
}
