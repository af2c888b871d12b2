import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeAuditor } from "./axe.js";
import { Api, browserSuite, chromiumAvailable, person, saveArtifact, shot, signInStaff, type RunningServer } from "./harness.js";

/**
 * Sharing a scenario from the studio, as two instructors do it: the owner
 * opens « Partager » on one of her scenarios from the keyboard, picks a
 * colleague and a level, and sees the share listed; the colleague finds it
 * under « Partagés avec moi » with its owner's name, opens it read-only (no
 * save), starts a session with it, and that session's console names the
 * version it plays and its author — the version it started with, though the
 * owner saved another since — with no internal id on screen. axe-clean.
 */

const { findings, audit } = axeAuditor();

describe.skipIf(!chromiumAvailable())("sharing a scenario in the studio", () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Api;
  let scenario: { id: string; filename: string; latest: { text: string } };

  browserSuite("studio-sharing", {}, async (s, b) => {
    server = s; browser = b;
    owner = new Api(server.url);
    await owner.call("POST", "/api/setup", { token: server.setupToken, username: "animatrice", password: "motdepasse-solide" });
    await owner.call("POST", "/api/users", { username: "bastien", password: "motdepasse-solide", role: "instructor" });
    scenario = await owner.call("POST", "/api/scenarios/library/duplicate", { from: "tutorial" });
  }, () => saveArtifact("studio-sharing-axe.json", JSON.stringify(findings, null, 2)));

  it("the owner shares from the keyboard; the colleague uses it read-only and its session names the version and its author", async () => {
    const { page, errors } = await person(browser);
    await signInStaff(page, server.url);
    await page.goto(`${server.url}/#/studio`);
    const item = page.getByRole("region", { name: "Mes scénarios" }).locator(".studio-item", { hasText: scenario.filename });
    const toggle = item.locator("summary");
    await toggle.focus();
    await page.keyboard.press("Enter");
    const panel = item.locator(".share-panel");
    await panel.getByLabel("Partager avec").selectOption({ label: "bastien (animateur·rice)" });
    await panel.getByLabel("En tant que").selectOption({ label: "utilisation" });
    await panel.getByLabel("En tant que").press("Tab");
    await page.keyboard.press("Enter"); // the focus is on « Partager »
    await panel.locator(".share-list li", { hasText: "bastien" }).filter({ hasText: "utilisation" }).waitFor();
    await audit(page, "studio-home-share");
    await shot(page, "studio-share-panel");
    const real = (list: string[]) => list.filter((e) => !/favicon|status of 401/.test(e)); // 401: the signed-out console asks who is there
    expect(real(errors)).toEqual([]);

    // The owner saves again: the colleague's session, started from version 1 before, keeps it.
    const colleague = await person(browser);
    await signInStaff(colleague.page, server.url, "bastien");
    await colleague.page.goto(`${server.url}/#/studio`);
    const shared = colleague.page.getByRole("region", { name: "Partagés avec moi" }).locator(".studio-item", { hasText: scenario.filename });
    await expect.poll(() => shared.innerText()).toMatch(/de animatrice · utilisation/);
    await audit(colleague.page, "studio-home-shared");
    await shared.getByRole("link", { name: /Ouvrir/ }).click();
    await colleague.page.locator('[data-testid="studio-shared-note"]').waitFor();
    expect(await colleague.page.locator('[data-testid="studio-shared-note"]').innerText()).toMatch(/Scénario de animatrice, partagé avec vous en utilisation/);
    expect(await colleague.page.getByRole("button", { name: "Enregistrer une nouvelle version" }).isDisabled()).toBe(true);

    const api = new Api(server.url);
    await api.call("POST", "/api/login", { username: "bastien", password: "motdepasse-solide" });
    const session = await api.call<{ id: string }>("POST", "/api/sessions", { scenario: scenario.id, cells: 1, name: "Séance de Bastien" });
    await owner.call("POST", `/api/scenarios/library/${scenario.id}/versions`, { text: scenario.latest.text.replace("Tutoriel", "Tutoriel revu") });
    await colleague.page.goto(`${server.url}/#/staff/session/${session.id}`);
    const line = colleague.page.locator('[data-testid="scenario-version"]');
    await expect.poll(() => line.innerText(), { timeout: 10_000 }).toMatch(/version 1 de « tutorial-copie\.yaml » \(animatrice, /);
    const screen = await colleague.page.locator("main, body").first().innerText();
    expect(screen).not.toContain(scenario.id);
    await audit(colleague.page, "session-console-shared-scenario");
    expect(real(colleague.errors)).toEqual([]);
    await colleague.context.close();
    await page.context().close();
  }, 120_000);
});
