import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeAuditor } from "./axe.js";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { textOverlaps } from "./screen-checks.js";
import { Api, ARTIFACTS, browserSuite, chromiumAvailable, person, saveArtifact, shot, signInStaff, type RunningServer } from "./harness.js";

/**
 * Sharing a scenario from the studio, as two instructors do it: the owner
 * opens « Partager » on one of her scenarios from the keyboard, picks a
 * colleague and a level, and sees the share listed; the colleague finds it
 * under « Partagés avec moi » with its owner's name, opens it read-only (no
 * save), starts a session with it, and that session's console names the
 * version it plays and its author — the version it started with, though the
 * owner saved another since — with no internal id on screen. axe-clean.
 *
 * Then what a read-only reader meets: the editor refuses keystrokes and says
 * so (visibly, in the editor's name, aria-readonly, and aloud when a key is
 * refused), « Dupliquer » gives an editable copy; the new-session picker says
 * whose a shared scenario is and which version; the owner renames the file
 * by keyboard; an evaluator gets into the studio from the console and reads
 * (never saves) what is shared with it and the bundled scenarios, with the
 * author's help naming what moves each score; in French and in English, at
 * 1366×768 and 1920×1080, with no text drawn over another.
 */

const { findings, audit } = axeAuditor();

/** The editor's first line as drawn, and whether the editor says it is read only (CodeMirror's content is in a shadow root). */
const editorState = (page: Page) => page.evaluate(() => {
  const content = document.querySelector(".studio-editor")!.shadowRoot!.querySelector(".cm-content")!;
  return { first: content.querySelector(".cm-line")?.textContent ?? "", readonly: content.getAttribute("aria-readonly"), label: content.getAttribute("aria-label") ?? "" };
});

/** Open the author's help and every competency in it (keyboard: focus a summary, Entrée). */
async function openHelp(page: Page): Promise<void> {
  const help = page.locator("[data-author-help]");
  for (const summary of [help.locator(":scope > summary"), ...(await help.locator(".studio-help-competency > summary").all())]) {
    await summary.focus();
    await page.keyboard.press("Enter");
  }
}

/** Screenshots at both sizes, each checked for text drawn over text and by axe. */
async function atBothSizes(page: Page, name: string): Promise<void> {
  for (const size of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    await shot(page, `${name}-${size.width}`);
    expect(await textOverlaps(page, "main, body"), `${name} at ${size.width}`).toEqual([]);
    await audit(page, `${name}-${size.width}`);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

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
    expect(await colleague.page.getByRole("button", { name: "Enregistrer une nouvelle version" }).count()).toBe(0); // read only: nothing to save

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

  it("read only for a use share (said, refused keys announced), « Dupliquer » for a copy; the picker names the owner; the owner renames the file; an evaluator reads in the studio; in French and English", async () => {
    const real = (list: string[]) => list.filter((e) => !/favicon|status of 401/.test(e));
    await owner.call("POST", "/api/users", { username: "eva", password: "motdepasse-solide", role: "evaluator" });
    await owner.call("POST", `/api/scenarios/library/${scenario.id}/shares`, { username: "eva", access: "use" });

    // The colleague with a use share: read only, and told so.
    const colleague = await person(browser);
    const cp = colleague.page;
    await signInStaff(cp, server.url, "bastien");
    // The new-session picker: whose it is and which version, by name.
    const card = cp.locator(".scenario-card", { has: cp.locator(`input[value="${scenario.id}"]`) });
    await expect.poll(() => card.locator("[data-library]").innerText()).toBe("De animatrice · version 2 · partagé en utilisation");
    expect(await cp.locator(".create-session").innerText()).not.toContain(scenario.id);
    await atBothSizes(cp, "console-picker-shared");
    await card.screenshot({ path: join(ARTIFACTS, "console-picker-shared-card.png") }); // the card itself, below the fold at 1366×768
    await cp.goto(`${server.url}/#/studio/${scenario.id}`);
    const banner = cp.locator('[data-testid="studio-readonly"]');
    await expect.poll(() => banner.innerText()).toMatch(/^Lecture seule — partagé par animatrice/);
    await cp.locator(".cm-editor").waitFor();
    const before = await editorState(cp);
    expect(before).toMatchObject({ readonly: "true", label: "Texte du scénario (YAML) — Lecture seule — partagé par animatrice" });
    await cp.getByLabel("Aller à la ligne").fill("1");
    await cp.getByLabel("Aller à la ligne").press("Enter");
    await cp.keyboard.type("zz");
    await cp.keyboard.press("Enter");
    await cp.keyboard.press("Backspace");
    expect((await editorState(cp)).first).toBe(before.first);
    await expect.poll(() => cp.locator("#sr-polite").innerText()).toBe("Lecture seule : « Dupliquer » en fait une copie à vous, modifiable.");
    expect(await cp.locator('[data-testid="version-state"]').innerText()).not.toMatch(/non enregistrées/);
    await openHelp(cp);
    const moves = cp.locator('[data-help-moves="C4.2"]');
    await expect.poll(() => moves.innerText()).toContain("Déclaration d'attente dans les 30 min suivant la rumeur ★");
    expect(await moves.innerText()).toMatch(/Indicateurs génériques[\s\S]*niveaux 1 ≥ 40 %/);
    await atBothSizes(cp, "studio-readonly-shared");
    // An older version opened to read: the state names it, and a reader is never told of changes to save.
    await cp.locator(".studio-versions-box summary").click();
    await cp.getByRole("button", { name: "Ouvrir cette version 1" }).click();
    await expect.poll(() => cp.locator("#sr-polite").innerText()).toBe("Version 1 ouverte, en lecture seule.");
    expect(await cp.locator('[data-testid="version-state"]').innerText()).toMatch(/^version 1 · animatrice/);
    expect(await cp.locator('[data-testid="version-state"]').innerText()).not.toMatch(/non enregistrées/);
    await cp.getByRole("button", { name: "Ouvrir cette version 2" }).click();
    await expect.poll(() => cp.locator("#sr-polite").innerText()).toBe("Version 2 ouverte, en lecture seule.");
    // « Dupliquer », from the keyboard: an editable copy of one's own.
    await banner.getByRole("button", { name: /Dupliquer/ }).focus();
    await cp.keyboard.press("Enter");
    await cp.getByRole("heading", { level: 1, name: "tutorial-copie-copie.yaml" }).waitFor();
    await cp.locator(".cm-editor").waitFor();
    expect(await banner.count()).toBe(0);
    expect((await editorState(cp)).readonly).toBeNull();
    await cp.getByLabel("Aller à la ligne").fill("1");
    await cp.getByLabel("Aller à la ligne").press("Enter");
    await cp.keyboard.type(" ");
    await expect.poll(() => cp.locator('[data-testid="version-state"]').innerText()).toMatch(/modifications non enregistrées/);
    expect(real(colleague.errors)).toEqual([]);
    await colleague.context.close();

    // The owner renames the file, by keyboard; the list and the heading follow, the versions say who and when.
    const mine = await person(browser);
    const mp = mine.page;
    await signInStaff(mp, server.url);
    await mp.goto(`${server.url}/#/studio/${scenario.id}`);
    await mp.locator(".cm-editor").waitFor();
    expect(await mp.locator('[data-testid="studio-readonly"]').count()).toBe(0);
    await mp.getByText("Renommer le fichier").focus();
    await mp.keyboard.press("Enter");
    await mp.getByLabel("Nouveau nom du fichier").fill("atelier-rentree.yaml");
    await mp.getByLabel("Nouveau nom du fichier").press("Enter");
    await mp.getByRole("heading", { level: 1, name: "atelier-rentree.yaml" }).waitFor();
    await expect.poll(() => mp.locator("#sr-polite").innerText()).toBe("Fichier renommé : « atelier-rentree.yaml » (version 3).");
    await atBothSizes(mp, "studio-rename");
    // A bundled name is refused, in words, and nothing changes.
    await mp.getByLabel("Nouveau nom du fichier").fill("tutorial.yaml");
    await mp.getByLabel("Nouveau nom du fichier").press("Enter");
    await expect.poll(() => mp.locator(".studio-edit .form-error").innerText()).toMatch(/« tutorial\.yaml » est le nom d'un scénario fourni avec Sangfroid/);
    await mp.goto(`${server.url}/#/studio`);
    await mp.getByRole("region", { name: "Mes scénarios" }).locator(".studio-item", { hasText: "atelier-rentree.yaml" }).waitFor();
    expect(real(mine.errors).filter((e) => !/status of 409/.test(e))).toEqual([]); // 409: the bundled name refused above
    await mine.context.close();

    // An evaluator: into the studio from the console, to read (no upload, no duplicate, no save).
    const reader = await person(browser);
    const rp = reader.page;
    await signInStaff(rp, server.url, "eva");
    await rp.getByRole("link", { name: "Lire les scénarios" }).click();
    await rp.getByRole("heading", { level: 1, name: "Studio de scénarios" }).waitFor();
    const shared = rp.getByRole("region", { name: "Partagés avec moi" }).locator(".studio-item", { hasText: "atelier-rentree.yaml" });
    await expect.poll(() => shared.innerText()).toMatch(/de animatrice · utilisation/);
    expect(await rp.getByRole("button", { name: /Dupliquer|Nouveau scénario guidé/ }).count()).toBe(0);
    expect(await rp.getByRole("region", { name: "Mes scénarios" }).count()).toBe(0);
    expect(await rp.getByLabel("Déposer un fichier").count()).toBe(0);
    await atBothSizes(rp, "studio-home-evaluator");
    const tutorial = rp.getByRole("region", { name: "Scénarios fournis" }).locator(".studio-item", { hasText: "tutorial.yaml" });
    await tutorial.getByRole("link", { name: /Ouvrir/ }).focus();
    await rp.keyboard.press("Enter");
    await rp.getByRole("heading", { level: 1, name: "tutorial.yaml" }).waitFor();
    await expect.poll(() => rp.locator('[data-testid="studio-readonly"]').innerText()).toBe("Lecture seule — scénario fourni avec Sangfroid");
    expect(await rp.locator('[data-testid="studio-readonly"]').getByRole("button").count()).toBe(0);
    expect(await rp.getByRole("button", { name: "Enregistrer une nouvelle version" }).count()).toBe(0);
    await rp.getByText("Aucun problème : ce scénario peut servir à une session.").waitFor({ timeout: 10_000 });
    await rp.getByLabel("Aller à la ligne").fill("1");
    await rp.getByLabel("Aller à la ligne").press("Enter");
    await rp.keyboard.type("x");
    await expect.poll(() => rp.locator("#sr-polite").innerText()).toBe("Lecture seule : ce scénario se lit ici, il ne se modifie pas.");
    await openHelp(rp);
    await expect.poll(() => rp.locator('[data-help-moves="C4.3"]').innerText()).toContain("Décision de coupure consignée (20 min)");
    await atBothSizes(rp, "studio-readonly-bundled");
    // The shared one too, read only; in English this time.
    await rp.evaluate(() => localStorage.setItem("sf.lang", "en"));
    await rp.goto(`${server.url}/#/studio/${scenario.id}`);
    await rp.reload();
    const enBanner = rp.locator('[data-testid="studio-readonly"]');
    await expect.poll(() => enBanner.innerText()).toBe("Read only — shared by animatrice");
    expect((await editorState(rp)).label).toBe("Scenario text (YAML) — Read only — shared by animatrice");
    await openHelp(rp);
    await expect.poll(() => rp.locator('[data-help-moves="C4.2"]').innerText()).toMatch(/Generic indicators[\s\S]*Scenario expectations/);
    expect(await rp.locator("[data-author-help]").innerText()).not.toMatch(/rôles concernés|Indicateurs génériques/);
    await atBothSizes(rp, "studio-readonly-en");
    const screen = await rp.locator("main, body").first().innerText();
    expect(screen).not.toContain(scenario.id);
    expect(real(reader.errors)).toEqual([]);
    await reader.context.close();
  }, 180_000);
});
