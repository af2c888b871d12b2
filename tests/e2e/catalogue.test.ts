import "../../server/node-compat.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/scenario/load.js";
import type { Scenario } from "../../shared/scenario/schema.js";
import { tr } from "../../shared/scenario/text.js";
import { CellConnection } from "../../shared/net/cell-connection.js";
import type { Ack } from "../../shared/protocol.js";
import { Api, browserSuite, chromiumAvailable, person, ROOT, saveArtifact, shot, type RunningServer } from "./harness.js";

/**
 * The catalogue as an instructor meets it. Every file bundled in scenarios/
 * is listed in the console with its title, its audience (the programme and
 * specialisation it is written for) and its game duration, in French and,
 * after the language switch, in English — read from the files themselves, so
 * a new scenario is checked the day it is added. Then, for each one, a
 * session is created from the console's form and started: a scripted student
 * takes the required roles, the instructor presses « Démarrer tout », and the
 * cell's card shows the scenario's first phase, in French, with the cell
 * running on the server.
 */

const DIR = join(ROOT, "scenarios");
const bundled: { file: string; s: Scenario }[] = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort().map((file) => {
  const loaded = loadScenario(readFileSync(join(DIR, file), "utf8"), file);
  if (!loaded.ok) throw new Error(`bundled scenario ${file} invalid: ${loaded.problems.join("; ")}`);
  return { file, s: loaded.scenario };
});

/** The console card of a scenario, found by its title in the current language. */
function card(page: Page, title: string): Locator {
  return page.locator(".scenario-card").filter({ has: page.locator("strong", { hasText: title }) });
}

/** A scripted student (the SDK connection the browser uses) holding every required role of the cell. */
async function seatRequired(server: RunningServer, code: string, s: Scenario): Promise<CellConnection> {
  const api = new Api(server.url);
  const j = await api.call<{ token: string; cellId: string }>("POST", "/api/join", { code, name: "Étudiante du catalogue" });
  const conn = new CellConnection({ endpoint: server.url, cellId: j.cellId, auth: () => ({ token: j.token }) });
  await conn.connect();
  for (const r of s.roles.filter((x) => x.required)) {
    const ack: Ack = await conn.send("intent", { intent: { type: "take_role", role: r.id } } as never);
    if (!ack.ok) throw new Error(`${s.id}: take_role ${r.id}: ${ack.code} ${JSON.stringify(ack.params ?? {})}`);
  }
  return conn;
}

describe.skipIf(!chromiumAvailable())("the scenario catalogue in the instructor's console", () => {
  let server: RunningServer;
  let browser: Browser;

  browserSuite("catalogue", { CLOCK_MS: "250" }, async (s, b) => {
    server = s; browser = b;
  });

  it("lists every bundled scenario with title, audience and duration in French and English, and starts a session of each", async () => {
    expect(bundled.length).toBeGreaterThanOrEqual(3);
    const api = new Api(server.url);
    await api.call("POST", "/api/setup", { token: server.setupToken, username: "animatrice", password: "motdepasse-solide" });

    const inst = await person(browser, { reducedMotion: true });
    const page = inst.page;
    await page.goto(`${server.url}/#/staff`);
    await page.getByLabel("Identifiant").fill("animatrice");
    await page.getByLabel("Mot de passe").fill("motdepasse-solide");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.locator(".scenario-card").first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator(".scenario-card").count()).toBe(bundled.length);

    // ---- French, then English, then French again ----
    for (const lang of ["fr", "en"] as const) {
      const duration = lang === "fr" ? "Durée de jeu" : "Game duration";
      for (const { file, s } of bundled) {
        const c = card(page, tr(s.meta.title, lang));
        await c.waitFor({ timeout: 10_000 }).catch(() => { throw new Error(`${file}: no card titled « ${tr(s.meta.title, lang)} » (${lang})`); });
        expect(await c.count(), `${file} (${lang}): one card`).toBe(1);
        const text = await c.innerText();
        expect(text, `${file} (${lang}): duration`).toContain(`${duration} ${s.meta.duration}`);
        if (s.meta.summary) expect(text, `${file} (${lang}): summary`).toContain(tr(s.meta.summary, lang).slice(0, 60));
        if (s.meta.audience) {
          expect(await c.locator("[data-audience]").count(), `${file} (${lang}): audience shown`).toBe(1);
          expect(await c.locator("[data-audience]").innerText(), `${file} (${lang}): audience`).toBe(tr(s.meta.audience, lang));
        }
        expect(await c.getAttribute("class"), `${file}: valid`).not.toContain("invalid");
        // The other language's title never leaks onto this card (unless both are the same words).
        const other = tr(s.meta.title, lang === "fr" ? "en" : "fr");
        if (other !== tr(s.meta.title, lang)) expect(text, `${file} (${lang}): title in the other language`).not.toContain(other);
      }
      await shot(page, `catalogue-console-${lang}`);
      if (lang === "fr") {
        await page.locator("[data-action=lang]").click();
        await page.getByRole("heading", { name: "Instructor console" }).waitFor({ timeout: 10_000 });
      }
    }
    await page.locator("[data-action=lang]").click();
    await page.getByRole("heading", { name: "Console de l'animateur" }).waitFor({ timeout: 10_000 });

    // ---- A session of each, created in the console and started ----
    for (const { file, s } of bundled) {
      await page.goto(`${server.url}/#/staff`);
      const c = card(page, tr(s.meta.title, "fr"));
      await c.waitFor({ timeout: 20_000 });
      await c.locator("input[type=radio]").check();
      await page.getByLabel("Nom de la session").fill(`Séance du catalogue ${bundled.findIndex((b) => b.file === file) + 1}`);
      await page.getByRole("button", { name: "Créer la session" }).click();
      await page.locator("[data-screen=session]").waitFor({ timeout: 20_000 });
      await page.waitForURL(/#\/staff\/session\/[\w-]+$/);
      const sessionId = decodeURIComponent(page.url().split("/").pop()!);
      const info = await api.call<{ code: string; scenarioId?: string; scenario?: string; cells: { id: string; code: string; status: string }[] }>("GET", `/api/sessions/${sessionId}`);
      expect(info.scenarioId ?? info.scenario, file).toBe(s.id);
      expect(info.cells.map((x) => x.status), file).toEqual(["lobby"]);
      await page.locator(".cell-card").first().waitFor({ timeout: 20_000 });

      const conn = await seatRequired(server, info.cells[0].code, s);
      try {
        await page.locator("[data-cmd=start-all]").click();
        await expect.poll(async () => (await api.call<{ cells: { status: string }[] }>("GET", `/api/sessions/${sessionId}`)).cells[0].status,
          { timeout: 20_000, message: `${file}: cell running` }).toBe("running");
        const first = s.phases[0];
        await page.locator(".cell-card", { hasText: tr(first.name, "fr") }).waitFor({ timeout: 20_000 })
          .catch(() => { throw new Error(`${file}: the cell card never shows the first phase « ${tr(first.name, "fr")} »`); });
        await shot(page, `catalogue-started-${s.id}`);
      } finally {
        await conn.close();
      }
    }
    saveArtifact("catalogue-errors.txt", inst.errors.join("\n"));
    // Expected: the 401 of /api/me before signing in.
    expect(inst.errors.filter((e) => !/favicon|status of 401/.test(e))).toEqual([]);
  }, 600_000);
});
