import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { chromiumAvailable, ensureClientBuilt, launch, person, ROOT, sessionFor, startServer, type Api } from "../e2e/harness.js";
import type { Figure } from "./figures.js";

/**
 * Client figures for `npm run bench`:
 * - the initial JavaScript: the entry chunk and the chunks index.html
 *   preloads, gzipped (target ≤ 60 kB; Phaser scenes, the game screens and
 *   the instructor console load later);
 * - the crisis cell screen's JavaScript: every script a player's browser
 *   fetched from opening the page to the cell screen with its situation map
 *   drawn, Phaser excluded, gzipped (target ≤ 120 kB);
 * - the time from opening the page to the lobby on loopback in headless
 *   Chromium (target < 2 s): with a stored seat (a returning player) and
 *   through the join form (a new player; typing is instant here).
 */
export async function clientBench(): Promise<Figure[]> {
  ensureClientBuilt();
  const figures: Figure[] = [initialJs()];
  if (!chromiumAvailable()) return figures;
  const server = await startServer();
  const browser = await launch();
  try {
    const { api, session } = await sessionFor(server);
    const open: number[] = [], join: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await person(browser);
      const t0 = Date.now();
      await s.page.goto(server.url);
      await s.page.getByLabel("Code de session").fill(session.code);
      await s.page.getByLabel("Nom affiché").fill(`Bench ${i}`);
      await s.page.getByRole("button", { name: "Rejoindre" }).click();
      await s.page.locator("[data-screen=lobby]").waitFor({ timeout: 30_000 });
      join.push(Date.now() - t0);
      // The same player opens the page again: stored seat, straight back to the lobby.
      const t1 = Date.now();
      await s.page.goto(`${server.url}/#/play`);
      await s.page.reload();
      await s.page.locator("[data-screen=lobby]").waitFor({ timeout: 30_000 });
      open.push(Date.now() - t1);
      await s.context.close();
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    figures.push({ name: "client.lobby.open_stored_seat", value: median(open), unit: "ms", target: "< 2000 ms" });
    figures.push({ name: "client.lobby.join_form", value: median(join), unit: "ms", target: "< 2000 ms" });
    figures.push(await cellJs(browser, server.url, session, api));
  } finally {
    await browser.close();
    await server.stop();
  }
  return figures;
}

/** Gzipped size of what the first page load executes: the entry script and its modulepreloads. */
function initialJs(): Figure {
  const dist = join(ROOT, "dist/client");
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const files = new Set([...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => m[1]));
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  return { name: "client.initial_js_gzip", value: Math.round(bytes / 102.4) / 10, unit: "kB", target: "≤ 60 kB" };
}

/** A player joins, takes a role, the instructor starts the cell: the scripts fetched until the map is drawn, Phaser aside. */
async function cellJs(browser: Browser, url: string, session: { id: string; code: string }, api: Api): Promise<Figure> {
  const s = await person(browser);
  const scripts = new Set<string>();
  s.page.on("response", (r) => { const m = /\/(assets\/[^/?]+\.js)(\?|$)/.exec(r.url()); if (m) scripts.add(m[1]); });
  await s.page.goto(url);
  await s.page.getByLabel("Code de session").fill(session.code);
  await s.page.getByLabel("Nom affiché").fill("Bench cellule");
  await s.page.getByRole("button", { name: "Rejoindre" }).click();
  await s.page.locator("[data-screen=lobby]").waitFor({ timeout: 30_000 });
  await s.page.locator(".seat-card:not(.seat-taken) [data-seat]").first().click();
  await s.page.locator(".seat-card.seat-mine").waitFor();
  await api.call("POST", `/api/sessions/${session.id}/command`, { command: { type: "start", force: true } });
  await s.page.locator("[data-screen=cell] .scene-map[data-labels]").waitFor({ timeout: 30_000 });
  await s.context.close();
  const dist = join(ROOT, "dist/client");
  let bytes = 0;
  const rows: [string, number][] = [];
  for (const f of scripts) {
    if (/^assets\/phaser/.test(f)) continue;
    const n = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
    bytes += n;
    rows.push([f, n]);
  }
  // SF_BENCH_DETAIL=1: which chunks make the figure, heaviest first (to see what to split or load later).
  if (process.env.SF_BENCH_DETAIL) for (const [f, n] of rows.sort((a, b) => b[1] - a[1])) console.error(`  ${(n / 1024).toFixed(1).padStart(6)} kB  ${f}`);
  return { name: "client.cell_js_gzip", value: Math.round(bytes / 102.4) / 10, unit: "kB", target: "≤ 120 kB (Phaser excluded)" };
}
