import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeAuditor } from "./axe.js";
import { browserSuite, chromiumAvailable, person, sessionFor, shot, type RunningServer } from "./harness.js";

/**
 * One seat, two tabs: the tab opened last plays; the other says so ("Ouvert
 * dans un autre onglet") and stays quiet — no reconnection ping-pong — until
 * the student clicks "Reprendre ici", which hands the seat back to it and
 * quiets the other tab in turn.
 */
describe.skipIf(!chromiumAvailable())("two tabs of one seat", () => {
  let server: RunningServer;
  let browser: Browser;
  const { audit } = axeAuditor();

  browserSuite("two-tabs", { CLOCK_MS: "500" }, async (s, b) => {
    server = s; browser = b;
  });

  it("the newer tab plays, the older offers to take the seat back, and nothing fights", async () => {
    const { session } = await sessionFor(server);
    const s = await person(browser, { reducedMotion: true });
    const first = s.page;
    await first.goto(`${server.url}/join?code=${session.code}`);
    await first.getByLabel("Nom affiché").fill("Inès");
    await first.getByRole("button", { name: "Rejoindre" }).click();
    await first.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });

    const second = await s.context.newPage(); // same browser, same stored seat
    await second.goto(first.url());
    await second.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
    await first.getByRole("heading", { name: "Ouvert dans un autre onglet" }).waitFor({ timeout: 10_000 });
    await shot(first, "40-opened-in-another-tab");
    await audit(first, "opened-in-another-tab");
    await first.waitForTimeout(2500); // nothing comes back by itself
    await expect(first.getByRole("heading", { name: "Ouvert dans un autre onglet" }).isVisible()).resolves.toBe(true);
    await expect(second.locator("[data-screen=lobby]").isVisible()).resolves.toBe(true);

    await first.getByRole("button", { name: "Reprendre ici" }).click();
    await first.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
    await second.getByRole("heading", { name: "Ouvert dans un autre onglet" }).waitFor({ timeout: 10_000 });
    await second.waitForTimeout(2500);
    await expect(first.locator("[data-screen=lobby]").isVisible()).resolves.toBe(true);
    await expect(second.getByRole("heading", { name: "Ouvert dans un autre onglet" }).isVisible()).resolves.toBe(true);
    await shot(first, "41-seat-taken-back");
    expect(s.errors.filter((e) => !/WebSocket|ERR_CONNECTION|Failed to load|net::/.test(e))).toEqual([]);
  }, 120_000);
});
