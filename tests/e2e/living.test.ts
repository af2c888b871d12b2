import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../shared/engine/compile.js";
import { replay } from "../../shared/engine/engine.js";
import type { LogPayload } from "../../shared/engine/log.js";
import { loadScenario } from "../../shared/scenario/load.js";
import { axeAuditor } from "./axe.js";
import { Api, browserSuite, chromiumAvailable, person, ROOT, saveArtifact, shot, signInStaff, type RunningServer } from "./harness.js";

/**
 * Living channels (tests/fixtures/living.yaml), one player holding both roles,
 * at 1366×768 and 1920×1080:
 * - a call rings (banner, assertive announcement), is answered from the
 *   keyboard alone, and its conversation unfolds line by line; the log holds
 *   the answer (role, call) and its authored consequence fired;
 * - a call nobody answers: once its ringing time is over the banner is gone,
 *   it reads as a voicemail, trust drops and the authored callback mail comes;
 * - the feed: a post's share count rises between two screenshots, a repost
 *   reads as such, a hashtag trends; a post from the official account made
 *   with the keyboard alone draws the public's replies;
 * - axe-core clean on the ringing cell, the call and the feed; no console
 *   error, no CSP violation.
 */
const { findings, audit } = axeAuditor();
const TEXT = readFileSync(join(ROOT, "tests/fixtures/living.yaml"), "utf8");
const sc = (() => { const l = loadScenario(TEXT, "living.yaml"); if (!l.ok) throw new Error("living.yaml"); return l.scenario; })();
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];

describe.skipIf(!chromiumAvailable())("living channels: phone and social network", () => {
  let server: RunningServer;
  let browser: Browser;
  browserSuite("living", { CLOCK_MS: "250" }, (s, b) => { server = s; browser = b; }, () => saveArtifact("living-axe.json", JSON.stringify(findings, null, 2)));

  it("a call answered from the keyboard, a call missed into a voicemail, a feed that grows, a post and its replies", async () => {
    const api = new Api(server.url);
    await api.call("POST", "/api/setup", { token: server.setupToken, username: "animatrice", password: "motdepasse-solide" });
    const up = await api.call<{ id: string }>("POST", "/api/scenarios/library", { filename: "living.yaml", text: TEXT });
    const session = await api.call<{ id: string; code: string; cells: { id: string }[] }>("POST", "/api/sessions", { scenario: up.id, cells: 1 });
    const cellId = session.cells[0].id;
    const cmd = (command: unknown) => api.call("POST", `/api/sessions/${session.id}/command`, { command });
    const folded = async () => replay(compileScenario(sc), (await api.call<{ log: { payload: LogPayload }[] }>("GET", `/api/cells/${cellId}/replay`)).log.map((e) => e.payload));
    const p = await person(browser);
    const page = p.page;
    const staff = await person(browser);
    const ip = staff.page;
    try {
      await signInStaff(ip, server.url);
      await ip.goto(`${server.url}/#/staff/session/${session.id}`);
      const calls = ip.locator(`.cell-card[data-cell="${cellId}"] [data-calls]`);
      await ip.locator(`.cell-card[data-cell="${cellId}"]`).waitFor({ timeout: 20_000 });
      await page.goto(server.url);
      await page.getByLabel("Code de session").fill(session.code);
      await page.getByLabel("Nom affiché").fill("Alice");
      await page.getByRole("button", { name: "Rejoindre" }).click();
      await page.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
      for (const r of ["directeur", "com"]) { await page.locator(`[data-seat=${r}]`).click(); await page.locator(`.seat-card[data-role=${r}].seat-mine`).waitFor(); }
      await cmd({ type: "start", force: true });
      await page.locator("[data-screen=cell]").waitFor({ timeout: 20_000 });

      // ---- A call rings, and is answered with the keyboard alone.
      await cmd({ type: "inject_now", inject: "appel_salarie" });
      const banner = page.locator("[data-phone] [data-ringing]");
      await banner.waitFor({ timeout: 15_000 });
      await expect.poll(() => page.locator("#sr-assertive").textContent(), { timeout: 5_000 }).toContain("Appel de Un salarié inquiet");
      for (const size of SIZES) { await page.setViewportSize(size); await shot(page, `living-ringing-${size.width}`); }
      await audit(page, "cell-ringing");
      // The console: the call rings, for the roles it rings for.
      await expect.poll(() => calls.locator("[data-call-state=ringing]").textContent(), { timeout: 10_000 }).toMatch(/Un salarié inquiet — Un salarié appelle : sonne pour Communication/);
      for (const size of SIZES) { await ip.setViewportSize(size); await shot(ip, `living-console-ringing-${size.width}`); }
      await audit(ip, "console-ringing");
      await page.setViewportSize(SIZES[0]);
      await page.locator("[data-screen=cell] h1").focus();
      for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.hasAttribute("data-answer"))); i++) await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-answer"))).not.toBeNull();
      await page.keyboard.press("Enter");
      await page.locator("[data-call-status=answered]").waitFor({ timeout: 15_000 });
      await expect(banner.count()).resolves.toBe(0);
      await expect.poll(() => page.locator("[data-call-lines] li").count(), { timeout: 15_000 }).toBe(3);
      await expect(page.locator("[data-call-lines]").textContent()).resolves.toContain("Restez chez vous");
      await shot(page, "living-call-answered-1366");
      await expect.poll(() => calls.locator("[data-call-state=answered]").textContent(), { timeout: 10_000 }).toMatch(/décroché par Alice \(Communication\) à /);
      await audit(page, "call-answered");
      let state = await folded();
      const answer = state.actions.find((a) => a.action === "answer_call");
      expect(answer).toMatchObject({ role: "com", params: { phone_call: "appel_salarie" }, status: "done" });

      // ---- A call nobody answers: the ringing time passes (game time), it is missed.
      await cmd({ type: "inject_now", inject: "appel_prefet" });
      await banner.waitFor({ timeout: 15_000 });
      await expect(banner.count()).resolves.toBe(1);
      await cmd({ type: "speed", speed: 240 });
      await banner.waitFor({ state: "detached", timeout: 30_000 });
      await page.locator("[data-phone]").waitFor({ state: "hidden" });
      // On a slow machine the timeline (T+00:05) may have delivered it before the animator did: either reads the same.
      await page.locator("[data-delivery]", { hasText: "Appel de la préfecture" }).first().click();
      await page.locator("[data-voicemail]").waitFor({ timeout: 10_000 });
      await expect(page.locator("[data-voicemail]").textContent()).resolves.toContain("rappelez-nous au plus vite");
      await page.locator("[data-delivery]", { hasText: "Appel resté sans réponse" }).waitFor({ timeout: 30_000 });
      await shot(page, "living-call-missed-1366");
      await expect.poll(() => calls.locator("[data-call-state=missed]").textContent(), { timeout: 10_000 }).toMatch(/Préfecture du Rhône — Appel de la préfecture : manqué à .* → messagerie vocale/);
      await expect(calls.locator("li").count()).resolves.toBe(2);
      for (const size of SIZES) { await ip.setViewportSize(size); await shot(ip, `living-console-calls-${size.width}`); }
      await audit(ip, "console-calls");
      await audit(page, "call-missed");
      state = await folded();
      expect(state.fired).toMatchObject({ appel_manque: 1 });
      expect(state.fired.appel_pris).toBeUndefined();
      expect(state.gauges.confiance).toBe(45);

      // ---- The feed (both posts came on the timeline, at T+00:10 and T+00:30): shares rising between two screenshots, a repost, a trending hashtag.
      await cmd({ type: "speed", speed: 60 });
      const tab = page.locator("[role=tab]", { hasText: "Réseaux" });
      await tab.focus();
      await page.keyboard.press("Enter");
      await page.locator("[data-feed] [data-post]").nth(1).waitFor({ timeout: 15_000 });
      const shares = async () => Number((await page.locator("[data-feed] [data-post]:not(.repost) [data-shares]").first().textContent())!.replace(/\D/g, ""));
      const before = await shares();
      await shot(page, "living-feed-before-1366");
      await page.waitForTimeout(4000);
      const after = await shares();
      await shot(page, "living-feed-after-1366");
      expect(after).toBeGreaterThan(before);
      await expect(page.locator("[data-repost]").textContent()).resolves.toContain("Un salarié inquiet a relayé");
      await page.locator('[data-trend="#Logirhone"]').waitFor();

      // ---- A post from the official account, with the keyboard alone; the public answers.
      await page.locator(".feed-composer textarea").focus();
      await page.keyboard.type("Nous avons isolé le réseau. Un point suit à 11 h. #Logirhone");
      for (let i = 0; i < 6 && !(await page.evaluate(() => document.activeElement?.matches(".feed-composer button[type=submit]"))); i++) await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      const own = page.locator("[data-own-post]");
      await own.waitFor({ timeout: 15_000 });
      await expect(own.textContent()).resolves.toContain("@Logirhone");
      await expect.poll(() => own.locator("[data-reply-tone]").count(), { timeout: 30_000 }).toBe(3);
      for (const size of SIZES) { await page.setViewportSize(size); await shot(page, `living-feed-replies-${size.width}`); await audit(page, `feed-${size.width}`); }
      state = await folded();
      const post = state.actions.find((a) => a.action === "statement");
      expect(post?.params).toMatchObject({ audience: "external", medium: "social" });
      expect(post?.replies?.map((r) => r.handle)).toEqual(await own.locator("[data-reply-tone] .handle").allTextContents());
      expect(p.errors).toEqual([]);
      // The console's 401 of /api/me before signing in is expected; nothing else.
      expect(staff.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    } catch (err) { await shot(page, "zz-living-failure").catch(() => undefined); await shot(ip, "zz-living-console-failure").catch(() => undefined); throw err; }
  }, 600_000);
});

