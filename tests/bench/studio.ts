import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { loadScenario } from "../../shared/scenario/load.js";
import { chromiumAvailable, ensureClientBuilt, launch, ROOT, startServer } from "../e2e/harness.js";
import { percentile, post, type Figure } from "./figures.js";

/**
 * Studio figures for `npm run bench`:
 * - `studio.feedback.*`: validation feedback after a keystroke on the largest
 *   bundled scenario, as an author lives it, in Chromium: from the keydown in
 *   the editor (CodeMirror) to the frame that shows the diagnostic (the
 *   error underlined in the editor and listed with its line, or gone from
 *   both), whatever the editor does in between (debounce, worker, request).
 *   24 edits, each text different: a typo in an inject's `at:` (an error at
 *   that line) and its fix (a new valid time), p50 and p95 (target < 150 ms);
 * - `studio.check.*`: the round trip of `POST /api/scenarios/check` alone
 *   (the server's authoritative check), for the same typos;
 *   (`SF_BENCH_RAW=1` prints each edit's time);
 * - the studio's lazily loaded JavaScript (the edit screen's chunk, gzip):
 *   reported, loaded only on #/studio (the initial JS is `client.initial_js`).
 */

/** One edit on a line: select the last digit of its time and type `key` over it. */
interface Edit { line: number; key: string; error: boolean }

/** Typo then fix on the `at:` lines of `text`, each checked here with the engine's loader: the typo is an error at its line, the fix validates (the fixes add up). */
export function editPlan(text: string, rounds: number): Edit[] {
  const lines = text.split("\n");
  const plan: Edit[] = [];
  for (let i = 0; i < lines.length && plan.length < rounds * 2; i++) {
    const m = /^(\s+(?:- )?at: "T\+\d\d:\d)(\d)("\s*)$/.exec(lines[i]);
    if (!m) continue;
    const typo = [...lines];
    typo[i] = `${m[1]}x${m[3]}`;
    const bad = loadScenario(typo.join("\n"), "bench.yaml");
    if (bad.ok || !bad.problems.some((p) => p.severity === "error" && p.line === i + 1)) continue;
    const digit = String((Number(m[2]) + 1) % 10);
    const fixed = [...lines];
    fixed[i] = `${m[1]}${digit}${m[3]}`;
    if (!loadScenario(fixed.join("\n"), "bench.yaml").ok) continue;
    lines[i] = fixed[i];
    plan.push({ line: i + 1, key: "x", error: true }, { line: i + 1, key: digit, error: false });
  }
  return plan;
}

/**
 * Installed in the page (as text: the bench runs under tsx, whose helpers do not exist there): stamps
 * every keydown, and `sfShown(line, error)` resolves, at the frame after the diagnostic of the last one is
 * in the DOM, with the time since that keydown.
 */
const PROBE = `
  window.addEventListener("keydown", () => { window.sfKeyAt = performance.now(); }, true);
  const root = document.querySelector(".studio-editor").shadowRoot;
  const shown = (line, error) => {
    const listed = [...document.querySelectorAll(".studio-problems .problem-error .problem-at")].some((e) => (e.textContent || "").includes("ligne " + line + ","));
    const anyListed = document.querySelector(".studio-problems .problem-error") !== null;
    const underlined = root.querySelector(".cm-lintRange-error") !== null;
    return error ? listed && underlined : !anyListed && !underlined;
  };
  window.sfShown = (line, error) => new Promise((resolve) => {
    const obs = new MutationObserver(() => { if (shown(line, error)) { obs.disconnect(); requestAnimationFrame(() => resolve(performance.now() - window.sfKeyAt)); } });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    obs.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });`;

async function feedback(page: Page, plan: Edit[]): Promise<number[]> {
  await page.evaluate(PROBE); // DevTools' evaluation: not an inline script, so the page's CSP holds
  const times: number[] = [];
  for (const edit of plan) {
    await page.getByLabel("Aller à la ligne").fill(String(edit.line));
    await page.getByLabel("Aller à la ligne").press("Enter");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Shift+ArrowLeft");
    // Let the previous edit's checks settle (the server's included), so each edit starts from rest.
    await page.waitForTimeout(1200);
    const wait = page.evaluate(({ line, error }) => (window as unknown as { sfShown: (l: number, e: boolean) => Promise<number> }).sfShown(line, error), edit);
    await page.keyboard.press(edit.key);
    times.push(await wait);
  }
  return times;
}

export async function studioBench(): Promise<Figure[]> {
  ensureClientBuilt();
  const bundled = readdirSync(join(ROOT, "scenarios")).filter((f) => /\.ya?ml$/.test(f)).map((f) => ({ key: f.replace(/\.ya?ml$/, ""), text: readFileSync(join(ROOT, "scenarios", f), "utf8") }));
  const largest = bundled.sort((a, b) => b.text.length - a.text.length)[0];
  const plan = editPlan(largest.text, 12);
  const server = await startServer();
  const figures: Figure[] = [];
  try {
    const setup = await post(`${server.url}/api/setup`, { token: server.setupToken, username: "bench", password: "motdepasse-solide" });
    const times: number[] = [];
    const lines = largest.text.split("\n");
    for (let i = 0; i < 23; i++) {
      const edit = plan[(2 * i) % plan.length];
      const typo = [...lines];
      typo[edit.line - 1] = typo[edit.line - 1].replace(/\d(")\s*$/, `${String.fromCharCode(97 + (i % 26))}$1`);
      const t0 = performance.now();
      const r = await post(`${server.url}/api/scenarios/check`, { filename: "largest.yaml", text: typo.join("\n") }, setup.cookie);
      if (r.status !== 200 || r.body.valid !== false) throw new Error(`check: ${r.status}`);
      if (i >= 3) times.push(performance.now() - t0);
    }
    figures.push(
      { name: "studio.check.largest.p50", value: round(percentile(times, 50)), unit: "ms" },
      { name: "studio.check.largest.p95", value: round(percentile(times, 95)), unit: "ms" });
    if (chromiumAvailable()) {
      const browser = await launch();
      try {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "fr-FR" });
        const page = await context.newPage();
        await page.goto(`${server.url}/#/staff`);
        await page.getByLabel("Identifiant").fill("bench");
        await page.getByLabel("Mot de passe").fill("motdepasse-solide");
        await page.getByRole("button", { name: "Se connecter" }).click();
        await page.locator("[data-link=evaluate]").waitFor();
        const id = await page.evaluate(async (from) => {
          const res = await fetch("/api/scenarios/library/duplicate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from }) });
          return ((await res.json()) as { id: string }).id;
        }, largest.key);
        await page.goto(`${server.url}/#/studio/${id}`);
        await page.locator(".cm-editor").waitFor();
        const ms = await feedback(page, plan);
        if (process.env.SF_BENCH_RAW) console.error("feedback ms", plan.map((e, i) => `${e.error ? "typo" : "fix"} ${Math.round(ms[i])}`).join(", "));
        figures.push(
          { name: "studio.feedback.largest.p50", value: round(percentile(ms, 50)), unit: "ms", target: "< 150 ms" },
          { name: "studio.feedback.largest.p95", value: round(percentile(ms, 95)), unit: "ms", target: "< 150 ms" },
          { name: "studio.feedback.edits", value: ms.length, unit: "edits" },
          // These figures are wall-clock times on a shared machine: the load they were taken under, beside them.
          { name: "studio.feedback.load_avg_1min", value: round(loadavg()[0]), unit: "runnable" });
      } finally {
        await browser.close();
      }
    }
    const dir = join(ROOT, "dist/client/assets");
    const edit = readdirSync(dir).find((f) => /^edit-.*\.js$/.test(f));
    if (edit) figures.push({ name: "studio.lazy_js", value: Math.round(gzipSync(readFileSync(join(dir, edit))).length / 102.4) / 10, unit: "kB gzip", target: "loaded on #/studio only" });
    return figures;
  } finally {
    await server.stop();
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
