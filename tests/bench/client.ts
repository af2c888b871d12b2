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
 *   requested from opening the page to the cell screen with its situation map
 *   drawn, Phaser excluded, gzipped (target ≤ 120 kB); and, to read beside
 *   it, the same once the page is idle (what the screen prefetches after its
 *   first paint: the hidden tabs, the reading views, the refusal texts);
 * - the time from opening the page to the lobby on loopback in headless
 *   Chromium (target < 2 s): with a stored seat (a returning player) and
 *   through the join form (a new player; typing is instant here).
 * Over a size budget, the bench exits with 1.
 */
export async function clientBench(): Promise<Figure[]> {
  ensureClientBuilt();
  const figures: Figure[] = [initialJs()];
  if (!chromiumAvailable()) { overBudget(figures); return figures; }
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
    figures.push(...await cellJs(browser, server.url, session, api));
  } finally {
    await browser.close();
    await server.stop();
  }
  overBudget(figures);
  return figures;
}

/** The size budgets (kB gzip): going over one fails `npm run bench` (exit code 1), it is not only a number to read. */
const BUDGET_KB: Record<string, number> = { "client.initial_js_gzip": 60, "client.cell_js_gzip": 120 };

function overBudget(figures: Figure[]): void {
  for (const f of figures) {
    const max = BUDGET_KB[f.name];
    if (max === undefined || f.value <= max) continue;
    console.error(`bench client: ${f.name} is ${f.value} kB, over its budget of ${max} kB (SF_BENCH_DETAIL=1 lists the chunks)`);
    process.exitCode = 1;
  }
}

/** Gzipped size of what the first page load executes: the entry script and its modulepreloads. */
function initialJs(): Figure {
  const dist = join(ROOT, "dist/client");
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const files = new Set([...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => m[1]));
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  return { name: "client.initial_js_gzip", value: kB(bytes), unit: "kB", target: "≤ 60 kB" };
}

/**
 * A player joins, takes a role, the instructor starts the cell: the scripts
 * the page requested until the map was drawn (its labels published), Phaser
 * aside — the first paint's JavaScript. What the cell screen prefetches after
 * that (its hidden tabs, the reading views, the refusal texts) is the second
 * figure, everything fetched once the page is idle.
 */
async function cellJs(browser: Browser, url: string, session: { id: string; code: string }, api: Api): Promise<Figure[]> {
  const s = await person(browser);
  // When the map first publishes its labels, on the page's clock (the resource timings' clock).
  await s.page.addInitScript(() => {
    new MutationObserver((records, observer) => {
      if (!records.some((r) => (r.target as Element).matches?.("[data-screen=cell] .scene-map[data-labels]"))) return;
      (window as unknown as { sfMapDrawnAt: number }).sfMapDrawnAt = performance.now();
      observer.disconnect();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-labels"] });
  });
  await s.page.goto(url);
  await s.page.getByLabel("Code de session").fill(session.code);
  await s.page.getByLabel("Nom affiché").fill("Bench cellule");
  await s.page.getByRole("button", { name: "Rejoindre" }).click();
  await s.page.locator("[data-screen=lobby]").waitFor({ timeout: 30_000 });
  await s.page.locator(".seat-card:not(.seat-taken) [data-seat]").first().click();
  await s.page.locator(".seat-card.seat-mine").waitFor();
  await api.call("POST", `/api/sessions/${session.id}/command`, { command: { type: "start", force: true } });
  await s.page.locator("[data-screen=cell] .scene-map[data-labels]").waitFor({ timeout: 30_000 });
  const drawnAt = await s.page.evaluate(() => (window as unknown as { sfMapDrawnAt: number }).sfMapDrawnAt);
  const scripts = () => s.page.evaluate(() => performance.getEntriesByType("resource").map((e) => ({ name: e.name, start: e.startTime })));
  // Then the prefetch: wait until two seconds pass without a new script.
  let seen = -1;
  for (let i = 0; i < 30; i++) {
    const n = (await scripts()).length;
    if (n === seen) break;
    seen = n;
    await s.page.waitForTimeout(2000);
  }
  const all = await scripts();
  await s.context.close();
  const first = chunkBytes(all.filter((e) => e.start <= drawnAt).map((e) => e.name), !!process.env.SF_BENCH_DETAIL);
  const idle = chunkBytes(all.map((e) => e.name), false);
  return [
    { name: "client.cell_js_gzip", value: kB(first), unit: "kB", target: "≤ 120 kB (Phaser excluded)" },
    { name: "client.cell_js_idle_gzip", value: kB(idle), unit: "kB", target: "(informative: with what is prefetched after the first paint)" },
  ];
}

const kB = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** Gzipped bytes of the built chunks among `urls` (Phaser aside); SF_BENCH_DETAIL=1 lists them, heaviest first (to see what to split or load later). */
function chunkBytes(urls: string[], detail: boolean): number {
  const dist = join(ROOT, "dist/client");
  const files = new Set(urls.map((u) => /\/(assets\/[^/?]+\.js)(\?|$)/.exec(u)?.[1]).filter((f): f is string => !!f && !/^assets\/phaser/.test(f)));
  const rows = [...files].map((f) => [f, gzipSync(readFileSync(join(dist, f)), { level: 9 }).length] as const);
  if (detail) for (const [f, n] of [...rows].sort((a, b) => b[1] - a[1])) console.error(`  ${(n / 1024).toFixed(1).padStart(6)} kB  ${f}`);
  return rows.reduce((sum, [, n]) => sum + n, 0);
}
