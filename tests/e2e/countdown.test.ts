import type { Browser, Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeAuditor } from "./axe.js";
import { Api, browserSuite, chromiumAvailable, person, saveArtifact, shot, signInStaff, type RunningServer } from "./harness.js";

/**
 * A reply deadline and the pacing, from outside, in the tutorial, at
 * 1366×768 and 1920×1080:
 * - the president's office asks for an answer within a quarter of an hour:
 *   the director sees a countdown (game time left, real minutes), the
 *   communication officer sees none, the instructor's console shows it with
 *   its roles and what happens at expiry;
 * - the instructor goes to a later time with the keyboard alone: the
 *   countdown reads « délai dépassé » with its consequence, announced;
 * - near the end, players and console are warned in real minutes, and the
 *   instructor's tempo multiplier moves the estimate; screen readers hear the
 *   warning on its first time and at thresholds, not each minute;
 * - the message itself carries its countdown (then « délai dépassé » and what follows);
 * - axe-core clean on each screen, every countdown inside the viewport.
 */
const { findings, audit } = axeAuditor();
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];

describe.skipIf(!chromiumAvailable())("countdowns and pacing", () => {
  let server: RunningServer;
  let browser: Browser;
  browserSuite("countdown", { CLOCK_MS: "250" }, (s, b) => { server = s; browser = b; }, () => saveArtifact("countdown-axe.json", JSON.stringify(findings, null, 2)));

  it("a countdown for the roles concerned, its expiry, the warning before the end, the console's controls", async () => {
    const api = new Api(server.url);
    await api.call("POST", "/api/setup", { token: server.setupToken, username: "animatrice", password: "motdepasse-solide" });
    const session = await api.call<{ id: string; code: string; cells: { id: string }[] }>("POST", "/api/sessions", { scenario: "tutorial", cells: 1 });
    const cellId = session.cells[0].id;
    const people = [await person(browser, { reducedMotion: true }), await person(browser, { reducedMotion: true }), await person(browser, { reducedMotion: true })];
    const [dir, com, ip] = people.map((p) => p.page);
    try {
      for (const [page, name, role] of [[dir, "Alice", "director"], [com, "Bruno", "communication"]] as const) {
        await page.goto(server.url);
        await page.getByLabel("Code de session").fill(session.code);
        await page.getByLabel("Nom affiché").fill(name);
        await page.getByRole("button", { name: "Rejoindre" }).click();
        await page.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
        await page.locator(`[data-seat=${role}]`).click();
        await page.locator(`.seat-card[data-role=${role}].seat-mine`).waitFor();
      }
      await signInStaff(ip, server.url);
      await ip.goto(`${server.url}/#/staff/session/${session.id}`);
      const card = ip.locator(`.cell-card[data-cell="${cellId}"]`);
      await card.waitFor({ timeout: 20_000 });
      await api.call("POST", `/api/sessions/${session.id}/command`, { command: { type: "start", force: true } });
      await dir.locator("[data-screen=cell]").waitFor({ timeout: 20_000 });
      await com.locator("[data-screen=cell]").waitFor({ timeout: 20_000 });

      // The instructor goes to T+00:06 with the keyboard alone: the president's call (T+00:05) comes in.
      await goTo(card, "T+00:06");
      const mine = dir.locator("[data-countdown][data-status=open]");
      await mine.waitFor({ timeout: 15_000 });
      await expect(mine.textContent()).resolves.toMatch(/Répondre au cabinet de la présidente.*Réponse avant J\+0 09:20.*reste 00:1[34] \(≈ \d+ min réelles?\)/);
      // Only the roles concerned: the communication officer, in the same cell, has no countdown (and no trace of it).
      await com.locator(".msg-btn").first().waitFor({ timeout: 15_000 });
      expect(await com.locator("[data-countdown]").count()).toBe(0);
      expect(await com.content()).not.toContain("cabinet de la présidente cherche");
      // The console shows it with its roles and what happens at expiry.
      const staffSide = card.locator("[data-countdown][data-status=open]");
      await staffSide.waitFor({ timeout: 15_000 });
      await expect(staffSide.textContent()).resolves.toMatch(/Répondre au cabinet de la présidente — Directeur·rice de crise.*reste 00:1[34].*À l'échéance : Sans réponse, le cabinet de la présidente cherche l'information ailleurs/);
      for (const size of SIZES) {
        for (const page of [dir, com, ip]) await page.setViewportSize(size);
        await inViewport(dir, mine);
        await inViewport(ip, staffSide);
        await shot(dir, `countdown-open-${size.width}`);
        await shot(ip, `countdown-console-${size.width}`);
      }
      await audit(dir, "countdown-open");
      await audit(ip, "countdown-console");
      // Its only cell runs: « Démarrer tout » is disabled (no longer primary), its reason given to screen readers.
      const startAll = ip.locator("[data-cmd=start-all]");
      await expect.poll(() => startAll.isDisabled(), { timeout: 10_000 }).toBe(true);
      expect(await startAll.getAttribute("class")).not.toContain("btn-primary");
      expect(await ip.locator("#why-start-all").textContent()).toBe("Aucune cellule à démarrer : toutes ont démarré ou sont terminées");
      // The scenario by its title, not its file; in the card, « Appliquer » (pace) on its own row, above « Heure de jeu visée ».
      await expect.poll(() => ip.locator('[data-testid="scenario-version"]').innerText(), { timeout: 10_000 }).toMatch(/^Scénario : .+ \(fourni avec Sangfroid\)$/);
      expect(await ip.locator("main, body").first().innerText()).not.toMatch(/\.yaml/);
      for (const size of SIZES) {
        await ip.setViewportSize(size);
        const apply = await card.locator("[data-cmd=pace]").boundingBox();
        const gotoLabel = await card.locator(`label[for^="goto-"]`).boundingBox();
        expect(apply!.y + apply!.height, `« Appliquer » beside the next label at ${size.width}`).toBeLessThanOrEqual(gotoLabel!.y + 1);
        await card.scrollIntoViewIfNeeded();
        await shot(ip, `h30-console-card-${size.width}`);
      }
      await dir.setViewportSize(SIZES[0]);
      // From the countdown to its message, keyboard only.
      await dir.locator("[data-countdown] [data-open-delivery]").focus();
      await dir.keyboard.press("Enter");
      await dir.locator(".reading-pane h3", { hasText: "La présidente veut savoir" }).first().waitFor({ timeout: 10_000 });
      await expect.poll(() => dir.evaluate(() => document.activeElement?.textContent ?? "")).toContain("La présidente veut savoir");
      // The message itself carries its countdown, the same as the strip's.
      const inMessage = dir.locator(".reading-pane [data-msg-countdown]");
      await expect(inMessage.textContent()).resolves.toMatch(/Répondre au cabinet de la présidente — Réponse avant J\+0 09:20 — reste 00:(0\d|1\d) \(≈ \d+ min réelles?\)/);
      for (const size of SIZES) { await dir.setViewportSize(size); await inViewport(dir, inMessage); await shot(dir, `countdown-in-message-${size.width}`); }
      await audit(dir, "countdown-in-message");
      await dir.setViewportSize(SIZES[0]);

      // Nobody answers: the instructor goes past the due time; the countdown says so and what follows, and it is announced.
      await goTo(card, "T+00:21");
      const expired = dir.locator("[data-countdown][data-status=expired]");
      await expired.waitFor({ timeout: 15_000 });
      await expect(expired.textContent()).resolves.toMatch(/délai dépassé.*Sans réponse, le cabinet de la présidente cherche l'information ailleurs/);
      await expect.poll(() => dir.locator("#sr-polite").textContent(), { timeout: 5000 }).toContain("Délai dépassé : Répondre au cabinet de la présidente");
      await card.locator("[data-countdown][data-status=expired]").waitFor({ timeout: 15_000 });
      for (const size of SIZES) {
        await dir.setViewportSize(size);
        await inViewport(dir, expired);
        await shot(dir, `countdown-expired-${size.width}`);
      }
      await audit(dir, "countdown-expired");
      await expect.poll(() => dir.locator(".reading-pane [data-msg-countdown]").getAttribute("data-status"), { timeout: 10_000 }).toBe("expired");
      await expect(dir.locator(".reading-pane [data-msg-countdown]").textContent()).resolves.toMatch(/délai dépassé : Sans réponse, le cabinet de la présidente cherche l'information ailleurs/);
      expect(await com.locator("[data-countdown]").count()).toBe(0);

      // Near the end: 40 game minutes at ×10 are 4 real minutes — players and console are warned.
      await goTo(card, "T+00:50");
      const warn = dir.locator("[data-pacing-warning]");
      await expect.poll(() => warn.textContent(), { timeout: 15_000 }).toMatch(/dans ≈ [45] min réelles \(T\+01:30\)/);
      await expect.poll(() => com.locator("[data-pacing-warning]").textContent(), { timeout: 15_000 }).toMatch(/dans ≈ [45] min réelles/);
      await expect.poll(() => card.locator("[data-pacing-warning]").textContent(), { timeout: 15_000 }).toMatch(/dans ≈ [45] min réelles/);
      await expect(card.locator("[data-pacing]").textContent()).resolves.toMatch(/min réelles restantes au rythme prévu · rythme du scénario ×10, multiplié par 1/);
      // The banner is no live region: the polite region said it once; the estimate moving by a minute is not said again.
      expect(await warn.evaluate((el) => el.closest("[aria-live], [role=status], [role=alert]") === null)).toBe(true);
      await dir.evaluate(() => {
        const said: string[] = ((window as unknown as { __said: string[] }).__said = []);
        const region = document.getElementById("sr-polite")!;
        new MutationObserver(() => { if (region.textContent) said.push(region.textContent); }).observe(region, { childList: true, characterData: true, subtree: true });
      });
      const said = () => dir.evaluate(() => (window as unknown as { __said: string[] }).__said.filter((x) => x.startsWith("Fin de l'exercice")));
      await goTo(card, "T+01:00");
      await expect.poll(() => warn.textContent(), { timeout: 15_000 }).toMatch(/dans ≈ 3 min réelles \(T\+01:30\)/);
      await dir.waitForTimeout(2500);
      expect(await said()).toEqual([]);
      // The instructor doubles this cell's tempo from the keyboard: the authored tempo stays, the estimate halves.
      await card.locator("[data-control=pace]").focus();
      await card.locator("[data-control=pace]").selectOption("2");
      await card.locator("[data-cmd=pace]").focus();
      await ip.keyboard.press("Enter");
      await card.locator('[data-pacing][data-factor="2"]').waitFor({ timeout: 15_000 });
      await expect(card.locator("[data-pacing]").textContent()).resolves.toContain("rythme du scénario ×10, multiplié par 2");
      await expect.poll(() => card.locator(".card-clock").textContent(), { timeout: 10_000 }).toContain("×20");
      await expect.poll(() => warn.textContent(), { timeout: 15_000 }).toMatch(/dans ≈ [12] min réelles?/);
      // Two real minutes or less: a threshold, said once.
      await expect.poll(said, { timeout: 10_000 }).toHaveLength(1);
      expect((await said())[0]).toMatch(/dans ≈ [12] min réelles?/);
      for (const size of SIZES) {
        for (const page of [dir, ip]) await page.setViewportSize(size);
        await inViewport(dir, warn);
        await shot(dir, `countdown-warning-${size.width}`);
        await shot(ip, `countdown-console-warning-${size.width}`);
      }
      await audit(dir, "pacing-warning");
      await audit(ip, "pacing-console");
      // Expected: the console's 401 of /api/me before signing in; nothing else.
      expect(people[2].errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      for (const p of people.slice(0, 2)) expect(p.errors).toEqual([]);
    } catch (err) {
      await shot(dir, "zz-countdown-failure").catch(() => undefined);
      await shot(ip, "zz-countdown-console-failure").catch(() => undefined);
      throw err;
    }
  }, 300_000);
});

/** The console's "go to time", by keyboard: type the time, Tab to the button, Enter; then the card's clock shows it. */
async function goTo(card: Locator, time: string): Promise<void> {
  const page = card.page();
  await card.locator("[data-control=goto]").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(time);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.cmd)).toBe("goto");
  await page.keyboard.press("Enter");
  await expect.poll(() => card.locator(".card-clock").textContent(), { timeout: 15_000 }).toContain(time);
}

/** The element is shown whole inside the viewport (scrolled to if needed) and none of its text is cut. */
async function inViewport(page: Page, el: Locator): Promise<void> {
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  const size = page.viewportSize()!;
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(size.width + 0.5);
  expect(box!.y + box!.height).toBeLessThanOrEqual(size.height + 0.5);
  expect(await el.evaluate((n) => n.scrollWidth <= n.clientWidth + 1)).toBe(true);
}
