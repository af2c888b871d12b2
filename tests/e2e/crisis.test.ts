import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../shared/engine/compile.js";
import { replay } from "../../shared/engine/engine.js";
import type { LogPayload } from "../../shared/engine/log.js";
import { loadScenario } from "../../shared/scenario/load.js";
import { axeAuditor } from "./axe.js";
import { Api, browserSuite, chromiumAvailable, person, ROOT, saveArtifact, sessionFor, shot, type RunningServer } from "./harness.js";
import { labelOverlaps, systemEmoji } from "./screen-checks.js";

/**
 * A crisis that feels real, from a director-spokesperson's seat in the
 * ransomware scenario, at 1366×768 and 1920×1080:
 * - the situation display: no two texts overlap (the labels the map placed,
 *   published on its container, and the DOM texts around it), in full screen
 *   too; a higher-is-worse gauge at 95 reads critical, a lower-is-worse one at
 *   95 good;
 * - press and TV: the front page's headline and the TV bulletin follow a new
 *   press inject; an article answering the cell's statement quotes it;
 * - an official note from a State reads as a note verbale (reference, formal
 *   opening and closing);
 * - « Payer la rançon »: a confirmation dialog first, cancel sends nothing,
 *   confirm acts; then the point shows who took it and when, never offered
 *   again; the scenario's statements are under Communiquer;
 * - no system emoji in the interface's text; axe-core clean on every screen;
 *   the new views work with the keyboard alone.
 */
const { findings, audit } = axeAuditor();
const sc = (() => { const l = loadScenario(readFileSync(join(ROOT, "scenarios/ransomware-logirhone.yaml"), "utf8"), "ransomware"); if (!l.ok) throw new Error("scenario"); return l.scenario; })();
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];
const ROLES = ["director", "communication"];

describe.skipIf(!chromiumAvailable())("a crisis that feels real", () => {
  let server: RunningServer;
  let browser: Browser;
  browserSuite("crisis", { CLOCK_MS: "250" }, async (s, b) => {
    server = s; browser = b;
  }, () => {
    saveArtifact("crisis-axe.json", JSON.stringify(findings, null, 2));
  });

  it("situation display, press and TV, official notes, decisions as choices — readable, keyboard-operable, audited", async () => {
    const { api, session } = await sessionFor(server, "ransomware-logirhone");
    const cellId = session.cells[0].id;
    const cmd = (command: unknown) => api.call("POST", `/api/sessions/${session.id}/command`, { command });
    const p = await person(browser, { reducedMotion: true });
    const page = p.page;
    try {
      await play(page, api, cmd, session.code, cellId);
      expect(p.errors).toEqual([]);
    } catch (err) { await shot(page, "zz-crisis-failure").catch(() => undefined); throw err; }
  }, 600_000);

  async function play(page: Page, api: Api, cmd: (c: unknown) => Promise<unknown>, code: string, cellId: string): Promise<void> {
    const folded = async () => replay(compileScenario(sc), (await api.call<{ log: { payload: LogPayload }[] }>("GET", `/api/cells/${cellId}/replay`)).log.map((e) => e.payload));
    await page.goto(server.url);
    await page.getByLabel("Code de session").fill(code);
    await page.getByLabel("Nom affiché").fill("Alice");
    await page.getByRole("button", { name: "Rejoindre" }).click();
    await page.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
    for (const r of ROLES) { await page.locator(`[data-seat=${r}]`).click(); await page.locator(`.seat-card[data-role=${r}].seat-mine`).waitFor(); }
    await cmd({ type: "start", force: true });
    await page.locator("[data-screen=cell]").waitFor({ timeout: 20_000 });
    for (const inj of ["belgium-call", "employee-post", "leak-post", "press-attribution", "statex-denial", "cdp-letter", "client-request", "dakar-call", "ceo-sms"]) await cmd({ type: "inject_now", inject: inj });
    await cmd({ type: "gauge", gauge: "legal", set: 95 });
    await cmd({ type: "gauge", gauge: "trust", set: 95 });
    await page.locator("[data-gauge=legal][data-severity=critical]").waitFor({ timeout: 15_000 });
    await page.locator(".event-strip .event").nth(4).waitFor();

    // ---- The situation display: no overlapping text, at both sizes and in full screen; gauges by their direction.
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect.poll(async () => JSON.parse(await page.locator(".scene-map").getAttribute("data-labels") ?? "[]").length, { timeout: 15_000 }).toBeGreaterThan(5);
      await page.waitForTimeout(800);
      expect(await labelOverlaps(page)).toEqual([]);
      await shot(page, `crisis-situation-${size.width}`);
    }
    expect(await page.locator("[data-gauge=trust]").getAttribute("data-severity")).toBe("good");
    const fill = (id: string) => page.locator(`[data-gauge=${id}] .gauge-fill`).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await fill("legal")).toBe("rgb(255, 107, 107)");
    expect(await fill("trust")).not.toBe(await fill("legal"));
    // Full screen from the keyboard, and back with the same toggle (Escape is the browser's own way out of native full screen).
    await page.locator("[data-action=fullscreen]").focus();
    await page.keyboard.press("Enter");
    await page.locator("[data-situation].is-full").waitFor();
    await page.waitForTimeout(1200);
    expect(await labelOverlaps(page)).toEqual([]);
    await shot(page, "crisis-situation-full-1920");
    await audit(page, "situation-full");
    await expect(page.evaluate(() => (document.activeElement as HTMLElement).dataset.action)).resolves.toBe("fullscreen");
    await page.keyboard.press("Enter");
    await page.locator("[data-situation]:not(.is-full)").waitFor();
    await page.setViewportSize(SIZES[0]);

    // ---- A statement, then press and TV: the front page and the bulletin follow new injects; the article quotes the cell.
    await page.locator("[data-tab=comms]").click();
    const st = page.locator("form[data-composer=statement]");
    await st.getByLabel("Public").selectOption("external");
    await st.getByLabel("Support").selectOption("press");
    await st.getByLabel("Texte").fill("LogiRhône fait face à un incident informatique ; la cellule de crise est mobilisée.");
    await st.getByRole("button", { name: "Publier la déclaration" }).click();
    await page.locator("form[data-composer=statement] .form-status.ok").waitFor({ timeout: 15_000 });
    // The scenario's statements sit under Communiquer, grouped by their kind, and nowhere under Décisions.
    const declare = page.locator(".point-group", { has: page.locator("h3", { hasText: "Déclarer" }) });
    await declare.locator("[data-point=attribute_publicly]").waitFor();
    await declare.locator("[data-point=repost_forgery]").waitFor();
    await audit(page, "comms");
    await page.locator("[data-tab=media]").click();
    const headline = page.locator("[data-front-page] .headline");
    await expect.poll(() => headline.textContent()).toContain("Tarvésie");
    await shot(page, "crisis-media-before");
    const statement = (await folded()).actions.find((a) => a.kind === "statement")!;
    await cmd({ type: "improvise", channel: "news", from: "press", to: ROLES, subject: "LogiRhône confirme une cyberattaque", body: "Le groupe lyonnais a publié un communiqué ce midi.", replyTo: statement.id });
    await expect.poll(() => headline.textContent(), { timeout: 15_000 }).toBe("LogiRhône confirme une cyberattaque");
    await expect(page.locator("[data-front-page] .headline-story [data-quote]").textContent()).resolves.toContain("la cellule de crise est mobilisée");
    await page.locator("[data-front-page] .story", { hasText: "Tarvésie" }).waitFor();
    await expect(page.locator("[data-tv] [data-tv-live]").count()).resolves.toBe(0);
    await cmd({ type: "improvise", channel: "tv", from: "tv-news", to: ROLES, subject: "Édition spéciale : LogiRhône paralysée", body: "Nos équipes sont devant le siège lyonnais.", severity: "warning" });
    await expect.poll(() => page.locator("[data-tv] .tv-title").textContent(), { timeout: 15_000 }).toBe("Édition spéciale : LogiRhône paralysée");
    await page.locator("[data-tv] .tv-breaking").waitFor();
    for (const size of SIZES) { await page.setViewportSize(size); await page.waitForTimeout(300); await shot(page, `crisis-media-${size.width}`); }
    await page.setViewportSize(SIZES[0]);
    await audit(page, "media");
    // Keyboard: « Lire » on the headline opens it in the inbox, focus on its title.
    await page.locator("[data-front-page] .headline-story .read-more").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("LogiRhône confirme une cyberattaque");
    await page.locator("article[data-view=article] [data-quote]").waitFor();

    // ---- An official note from a State reads as a note verbale.
    await cmd({ type: "improvise", channel: "official", from: "statex-embassy", to: ROLES, subject: "Note verbale n° 2026/117",
      body: "L'ambassade conteste toute implication de la République de Tarvésie dans l'attaque informatique et demande un démenti public.", severity: "critical" });
    await page.locator(".msg-btn", { hasText: "Note verbale" }).click();
    const nv = page.locator("article[data-view=note-verbale]");
    await nv.waitFor();
    await expect(nv.locator(".nv-ref").textContent()).resolves.toContain("2026/117");
    await expect(nv.locator(".nv-opening").textContent()).resolves.toMatch(/présente ses compliments/);
    await expect(nv.locator(".nv-closing").textContent()).resolves.toMatch(/haute considération/);
    await shot(page, "crisis-note-verbale");
    await audit(page, "note-verbale");
    for (const [subject, view] of [["PDG — activez", "sms"], ["MISTRAL NOIR", "leak"], ["Chiffrement massif", "console"], ["AHI — données", "letter"]] as const) {
      await page.locator(".msg-btn", { hasText: subject }).first().click();
      await page.locator(`article[data-view=${view}]`).waitFor();
      await shot(page, `crisis-read-${view}`);
      await audit(page, `read-${view}`);
    }

    // ---- « Payer la rançon »: confirmation first; cancel sends nothing; confirm acts; then shown as taken.
    await page.locator("[data-tab=decisions]").click();
    const summary = page.locator("[data-open-action=pay_ransom]");
    await summary.waitFor(); // the panel is built (its chunk may still be on its way): what it lacks is really absent
    expect(await page.locator(".panel-decisions [data-point=attribute_publicly]").count()).toBe(0);
    await summary.focus();
    await page.keyboard.press("Enter");
    const pay = page.locator("form[data-action=pay_ransom]");
    await pay.getByLabel("Montant (USD)").focus();
    await page.keyboard.type("4000000");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Sans clé, la reprise prendra des semaines.");
    const submit = pay.getByRole("button", { name: "Payer la rançon" });
    await submit.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: /Payer la rançon/ });
    await dialog.waitFor();
    await expect(page.evaluate(() => (document.activeElement as HTMLElement).dataset.confirm)).resolves.toBe("cancel");
    await shot(page, "crisis-confirm");
    await audit(page, "confirm-dialog");
    await page.keyboard.press("Enter"); // Cancel
    await dialog.waitFor({ state: "detached" });
    await page.waitForTimeout(1500);
    expect((await folded()).actions.filter((a) => a.action === "pay_ransom")).toEqual([]);
    await expect(pay.getByLabel("Justification").inputValue()).resolves.toContain("reprise prendra");
    await submit.focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter"); // « Payer la rançon »
    const taken = page.locator("[data-point=pay_ransom][data-taken]");
    await taken.waitFor({ timeout: 15_000 });
    await expect(taken.textContent()).resolves.toMatch(/Pris par Alice \(Directeur·rice de crise\) à J\+0 \d\d:\d\d/);
    expect(await page.locator("form[data-action=pay_ransom]").count()).toBe(0);
    expect((await folded()).actions.filter((a) => a.action === "pay_ransom" && a.status === "done")).toHaveLength(1);
    for (const size of SIZES) { await page.setViewportSize(size); await page.waitForTimeout(300); await shot(page, `crisis-decisions-${size.width}`); }
    await page.setViewportSize(SIZES[0]);
    await audit(page, "decisions");

    // ---- No system emoji anywhere in the interface's own text (authored scenario text aside), on every tab.
    const emoji: Record<string, string[]> = {};
    for (const tab of ["inbox", "media", "comms", "logbook", "decisions", "tasks", "actors", "sitrep", "chat"]) {
      await page.locator(`[data-tab=${tab}]`).click();
      const found = await systemEmoji(page);
      if (found.length) emoji[tab] = found;
    }
    expect(emoji).toEqual({});
  }
});
