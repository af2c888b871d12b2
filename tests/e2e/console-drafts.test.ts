import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, person, sessionFor, signInStaff, type RunningServer } from "./harness.js";

/**
 * The console's drafts were kept under `…animator…` keys before the
 * glossary's word (instructor): a draft typed with the older version is
 * found by the newer one in its composer, moved to the `…instructor…` key,
 * and the old key removed (so it is neither lost nor restored twice).
 */
describe.skipIf(!chromiumAvailable())("console drafts survive the animator → instructor rename", () => {
  let server: RunningServer;
  let browser: Browser;
  browserSuite("console-drafts", {}, (s, b) => { server = s; browser = b; });

  it("an improvised inject typed before the update is in its composer after it, under the new key only", async () => {
    const { session } = await sessionFor(server, "tutorial", 1);
    const cell = session.cells[0]!.id;
    const { page } = await person(browser, { reducedMotion: true });
    await signInStaff(page, server.url);
    const old = `sf.draft.staff.animatrice.${cell}.animator.improvise`;
    const now = `sf.draft.staff.animatrice.${cell}.instructor.improvise`;
    await page.evaluate(([k]) => localStorage.setItem(k!, JSON.stringify({ subject: "Brouillon d'avant la mise à jour", body: "Texte commencé" })), [old]);
    await page.goto(`${server.url}/#/staff/session/${session.id}`);
    await page.locator("[data-tab=improvise]").click();
    const form = page.locator("form[aria-labelledby=improvise-title]");
    await expect.poll(() => form.getByLabel("Objet").inputValue()).toBe("Brouillon d'avant la mise à jour");
    expect(await form.getByLabel("Message").inputValue()).toBe("Texte commencé");
    const stored = await page.evaluate(([a, b]) => [localStorage.getItem(a!), localStorage.getItem(b!)], [old, now]);
    expect(stored[0]).toBeNull();
    expect(JSON.parse(stored[1]!)).toMatchObject({ subject: "Brouillon d'avant la mise à jour" });
    await page.locator("[data-tab=instructor]").click();
    await page.locator(".instructor-inbox").waitFor({ state: "attached" });
  });
});
