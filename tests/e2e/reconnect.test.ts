import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, person, sessionFor, shot, startServer, type RunningServer } from "./harness.js";

/**
 * A dropped connection: the server process dies (kill -9) in the middle of
 * the game while a student is typing. The page says the connection is lost
 * and keeps the draft; when the server comes back on the same data, the page
 * rejoins by itself, with the same roles, and the draft is sent.
 */
describe.skipIf(!chromiumAvailable())("a dropped connection", () => {
  let server: RunningServer;
  let browser: Browser;

  const suite = browserSuite("reconnect", { CLOCK_MS: "250" }, async (s, b) => {
    server = s; browser = b;
  });

  it("brings the player back to the same roles and draft after a server crash", async () => {
    const { api, session } = await sessionFor(server);
    const s = await person(browser, { reducedMotion: true });
    const p = s.page;
    await p.goto(`${server.url}/join?code=${session.code}`);
    await expect(p.getByLabel("Code de session").inputValue()).resolves.toBe(session.code);
    await p.getByLabel("Nom affiché").fill("Élise");
    await p.getByRole("button", { name: "Rejoindre" }).click();
    await p.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
    await p.locator("[data-seat=director]").click();
    await p.locator(".seat-card.seat-mine").waitFor();
    await api.call("POST", `/api/sessions/${session.id}/command`, { command: { type: "start", force: true } });
    await p.locator("[data-screen=cell]").waitFor({ timeout: 20_000 });
    await p.locator("[data-tab=logbook]").click();
    const box = p.locator("form[data-composer=logbook] textarea");
    await box.fill("Écrit avant la panne");

    await server.crash();
    await p.locator("#conn-banner:not([hidden])").waitFor({ timeout: 20_000 });
    await expect(p.locator("[data-conn]").getAttribute("data-conn")).resolves.toMatch(/reconnecting|offline/);
    await box.fill("Écrit avant la panne, complété pendant la panne");
    await shot(p, "30-connection-lost");

    server = await startServer({ CLOCK_MS: "250" }, { port: server.port, dataDir: server.dataDir });
    suite.setServer(server);
    await p.locator("[data-conn=online]").waitFor({ timeout: 60_000 });
    await p.locator("[data-screen=cell]").waitFor();
    await expect(p.locator(".my-roles").textContent()).resolves.toContain("Directeur");
    await p.locator("[data-tab=logbook]").click();
    await expect(p.locator("form[data-composer=logbook] textarea").inputValue()).resolves.toBe("Écrit avant la panne, complété pendant la panne");
    await p.locator("form[data-composer=logbook] button[type=submit]").click();
    await p.locator("form[data-composer=logbook] .form-status.ok").waitFor({ timeout: 15_000 });
    await p.locator(".journal-entry", { hasText: "pendant la panne" }).waitFor();
    await shot(p, "31-reconnected");
    expect(s.errors.filter((e) => !/WebSocket|ERR_CONNECTION|Failed to load|net::/.test(e))).toEqual([]);
  }, 240_000);
});
