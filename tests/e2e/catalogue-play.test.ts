import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../shared/engine/compile.js";
import { replay } from "../../shared/engine/engine.js";
import type { LogPayload } from "../../shared/engine/log.js";
import { viewFor } from "../../shared/engine/view.js";
import { loadScenario } from "../../shared/scenario/load.js";
import type { Scenario } from "../../shared/scenario/schema.js";
import { tr, type Lang, type Text } from "../../shared/scenario/text.js";
import { simulate } from "../../shared/sim/simulate.js";
import { Api, browserSuite, chromiumAvailable, person, ROOT, shot, type RunningServer } from "./harness.js";

/**
 * The catalogue in class: every bundled scenario except the tutorial is played
 * through its first phase by an instructor (the console, in a browser) and four
 * students (one browser context each, seated on the required roles first). The
 * instructor starts the cell from the console and sends the first phase's
 * injects (those an expected cell receives up to the first phase change). Each
 * student reads it in French, then flips the language switch and reads it in
 * English: every inject delivered to their seat shows its subject in the
 * language they chose and never in the other (the client falls back to French
 * where a scenario lacks English, so a missing translation fails here), as do
 * the scenario's title and their role's name; the console's cell card shows
 * the scenario's gauges in both languages too. (catalogue.test.ts checks the
 * console's list of scenarios and that each one starts; this file plays them.)
 */

const DIR = join(ROOT, "scenarios");
const CATALOGUE = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).map((file) => {
  const loaded = loadScenario(readFileSync(join(DIR, file), "utf8"), file);
  if (!loaded.ok) throw new Error(`${file}: invalid scenario`);
  return loaded.scenario;
}).filter((s) => !s.meta.tutorial);

const LANGS: readonly Lang[] = ["fr", "en"];
const other = (lang: Lang): Lang => (lang === "fr" ? "en" : "fr");
/** Compare texts as a reader sees them: no-break spaces as spaces, runs of white space as one. */
const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim();
/** A text as the client shows it in `lang`; "" when the scenario has no English for it (the client would show French). */
const say = (text: Text, lang: Lang) => (lang === "en" && (typeof text === "string" || text.en === undefined) ? "" : norm(tr(text, lang)));

/** Four seats: the required roles first, then the others in file order. */
function seats(s: Scenario): string[] {
  return [...s.roles.filter((r) => r.required), ...s.roles.filter((r) => !r.required)].slice(0, 4).map((r) => r.id);
}

/** The injects an expected cell receives up to (and at) its first phase change: the first phase, as the instructor sends it. */
function firstPhaseInjects(s: Scenario): string[] {
  const run = simulate(compileScenario(s), { seed: 1, policy: "expected" });
  const change = run.phases.find((p) => p.phase !== s.phases[0].id)?.at ?? Infinity;
  return [...new Set(run.deliveries.filter((d) => d.at <= change).map((d) => d.inject))];
}

describe.skipIf(!chromiumAvailable())("the scenario catalogue, first phase, in French and in English", () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Api;
  let console_: Page;
  const dialogs: string[] = [];

  browserSuite("catalogue-play", { CLOCK_MS: "250" }, async (s, b) => {
    server = s; browser = b;
    api = new Api(server.url);
    await api.call("POST", "/api/setup", { token: server.setupToken, username: "animatrice", password: "motdepasse-solide" });
    console_ = (await person(browser, { reducedMotion: true })).page;
    // A confirmation would mean the start was refused (a required role vacant): record it, answer no.
    console_.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await console_.goto(`${server.url}/#/staff`);
    await console_.getByLabel("Identifiant").fill("animatrice");
    await console_.getByLabel("Mot de passe").fill("motdepasse-solide");
    await console_.getByRole("button", { name: "Se connecter" }).click();
    await console_.locator("[data-link=evaluate]").waitFor();
  });

  it.each(CATALOGUE.map((s) => [s.id, s] as const))("%s: four students and an instructor, nothing missing in either language", async (id, s) => {
    const compiled = compileScenario(s);
    const roles = seats(s);
    const session = await api.call<{ id: string; cells: { id: string; code: string }[] }>("POST", "/api/sessions", { scenario: id, cells: 1, name: `Catalogue ${id}` });
    const cell = session.cells[0];
    const students: { role: string; page: Page; close: () => Promise<void> }[] = [];
    try {
      for (const [i, role] of roles.entries()) {
        const p = await person(browser, { reducedMotion: true });
        students.push({ role, page: p.page, close: () => p.context.close() });
        await p.page.goto(server.url);
        await p.page.getByLabel("Code de session").fill(cell.code);
        await p.page.getByLabel("Nom affiché").fill(["Alice", "Bruno", "Chloé", "David"][i]);
        await p.page.getByRole("button", { name: "Rejoindre" }).click();
        await p.page.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
        await p.page.locator(`[data-seat=${role}]`).click();
        await p.page.locator(`.seat-card[data-role=${role}].seat-mine`).waitFor();
      }
      // The instructor starts the cell from the console, then sends the first phase.
      await console_.goto(`${server.url}/#/staff/session/${session.id}`);
      // Start once this session's cell card (not the previous scenario's, still on screen while the
      // console navigates) sees the four students seated.
      const card = console_.locator(`.cell-card[data-cell="${cell.id}"]`);
      await expect.poll(async () => (await card.innerText().catch(() => "")).includes("David"), { timeout: 20_000 }).toBe(true);
      await console_.locator("[data-cmd=start-all]").click();
      for (const st of students) await st.page.locator("[data-screen=cell]").waitFor({ timeout: 30_000 });
      expect(dialogs, "the console asked to force the start").toEqual([]);
      for (const inject of firstPhaseInjects(s)) {
        await api.call("POST", `/api/sessions/${session.id}/command`, { command: { type: "inject_now", inject } });
      }
      const state = replay(compiled, (await api.call<{ log: { payload: LogPayload }[] }>("GET", `/api/cells/${cell.id}/replay`)).log.map((e) => e.payload));

      const missing: Record<string, string[]> = {};
      const note = (where: string, what: string) => { (missing[where] ??= []).push(what); };
      for (const lang of LANGS) {
        /** What is wrong with `x` on a screen showing `shown` in `lang`: no text in that language, or the other language's. */
        const leaks = (x: Text, shown: string) => say(x, lang) === "" ? `(${lang} absent) ${say(x, "fr")}`
          : say(x, other(lang)) !== "" && say(x, other(lang)) !== say(x, lang) && shown.includes(say(x, other(lang))) ? say(x, other(lang)) : undefined;
        for (const st of students) {
          const page = st.page;
          if (lang !== "fr") {
            await page.locator("[data-action=lang]").click();
            await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
          }
          await page.locator("[data-tab=inbox]").click();
          const subjects = viewFor(compiled, state, [st.role]).deliveries.map((d) => d.subject as Text);
          expect(subjects.length, `${id}: nothing delivered to ${st.role}`).toBeGreaterThan(0);
          const inbox = async () => norm((await page.locator(".msg-btn").allTextContents()).join("\n"));
          // Wait until the inbox shows every delivery in the chosen language, then look for the other language.
          await expect.poll(async () => { const text = await inbox(); return subjects.filter((x) => say(x, lang) !== "" && !text.includes(say(x, lang))).map((x) => say(x, lang)); }, { timeout: 20_000 })
            .toEqual([]);
          const text = await inbox();
          for (const x of subjects) { const bad = leaks(x, text); if (bad) note(`${st.role}/${lang}`, bad); }
          const body = norm(await page.locator("body").innerText());
          const role = compiled.roles.get(st.role)!.name;
          for (const t of [s.meta.title, role]) {
            const bad = leaks(t, body) ?? (body.includes(say(t, lang)) ? undefined : `(not shown) ${say(t, lang)}`);
            if (bad) note(`${st.role}/${lang}`, bad);
          }
          await shot(page, `catalogue-play-${id}-${st.role}-${lang}`);
        }
        // The console: the cell card shows the scenario's gauges in the instructor's language.
        if (lang !== "fr") await console_.locator("[data-action=lang]").click();
        await expect.poll(() => console_.evaluate(() => document.documentElement.lang)).toBe(lang);
        // The console re-renders and reconnects on a language change: wait for the card to show the cell again.
        const gauges = s.gauges.filter((x) => x.visible).map((g) => g.name);
        const cardText = async () => norm(await card.innerText().catch(() => ""));
        await expect.poll(async () => { const shown = await cardText(); return gauges.filter((g) => !shown.includes(say(g, lang))).map((g) => say(g, lang)); }, { timeout: 20_000 })
          .toEqual([]);
        const shown = await cardText();
        for (const g of gauges) { const bad = leaks(g, shown); if (bad) note(`console/${lang}`, bad); }
        await shot(console_, `catalogue-play-${id}-console-${lang}`);
      }
      expect(missing).toEqual({});
    } catch (err) {
      await Promise.all([console_, ...students.map((x) => x.page)].map((p, i) => shot(p, `zz-catalogue-play-${id}-failure-${i}`).catch(() => undefined)));
      throw err;
    } finally {
      for (const st of students) await st.close().catch(() => undefined);
      // The next scenario's console starts in French again.
      if (await console_.evaluate(() => document.documentElement.lang) !== "fr") await console_.locator("[data-action=lang]").click();
    }
  }, 300_000);
});
