import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeAuditor } from "./axe.js";
import { Api, chromiumAvailable, ensureClientBuilt, launch, person, ROOT, saveArtifact, shot, startServer, type RunningServer } from "./harness.js";

/**
 * The scenario studio as an instructor uses it, keyboard and mouse: from the
 * console to the studio, duplicate the tutorial, rename it (its title), type
 * a typo and see it located (underlined in the editor, listed with its line;
 * by keyboard alone: Tab out of the editor to the list, Entrée on the problem
 * puts the caret back on its line), fix it, move an inject in time and see
 * the chronogramme move it, preview what a role received in each channel's
 * look (the cell screen's letterhead, call, feed card), run coverage, save a
 * new version; then create a session with it from the console and play its
 * first inject in a student's browser (join with the code, take the role,
 * read the mail, reply). Screenshots in test-artifacts/; axe-clean at
 * 1366×768 and 1920×1080, no CSP violation, no page error.
 */

const { findings, audit } = axeAuditor();
const TUTORIAL = readFileSync(join(ROOT, "scenarios/tutorial.yaml"), "utf8").split("\n");
const lineOf = (re: RegExp) => TUTORIAL.findIndex((l) => re.test(l)) + 1;
const CHANNEL_LINE = lineOf(/^\s+channel: mail$/);
const SEVERITY_LINE = lineOf(/^\s+severity: warning$/);
const TITLE_LINE = lineOf(/^\s+fr: "Tutoriel\u00a0: premiers pas dans la cellule de crise"$/);
const NEW_TITLE = "Tutoriel\u00a0: premiers pas dans la cellule de crise — version de l'animatrice";
const CALL_AT_LINE = TUTORIAL.findIndex((l, i) => /^\s+at: "T\+00:05"$/.test(l) && /id: president-call/.test(TUTORIAL[i - 1])) + 1;

/** Put the caret at the end of a line with the studio's "go to line" (CodeMirror draws only the lines in view). */
async function endOfLine(page: Page, line: number): Promise<void> {
  await page.getByLabel("Aller à la ligne").fill(String(line));
  await page.getByLabel("Aller à la ligne").press("Enter");
  await expect.poll(() => editorFocused(page)).toBe(true);
}

/** The editor is in a shadow root: the document's active element is its host. */
const editorFocused = (page: Page) => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.classList.contains("cm-content") === true);

describe.skipIf(!chromiumAvailable())("the scenario studio", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    await new Api(server.url).call("POST", "/api/setup", { token: server.setupToken, username: "animatrice", password: "motdepasse-solide" });
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    saveArtifact("studio-axe.json", JSON.stringify(findings, null, 2));
    await browser?.close();
    if (server) { saveArtifact("studio-server.log", server.log()); await server.stop(); }
  });

  it("duplicates and renames the tutorial, locates a typo (by keyboard too), redraws the chronogramme, previews in each channel's look, runs coverage, saves, and a student plays its first inject", async () => {
    expect(CHANNEL_LINE).toBeGreaterThan(1);
    expect(CALL_AT_LINE).toBeGreaterThan(1);
    const { page, errors } = await person(browser);
    try {
      await page.goto(`${server.url}/#/staff`);
      await page.getByLabel("Identifiant").fill("animatrice");
      await page.getByLabel("Mot de passe").fill("motdepasse-solide");
      await page.getByRole("button", { name: "Se connecter" }).click();
      await page.getByRole("link", { name: "Studio de scénarios" }).click();
      await page.getByRole("heading", { level: 1, name: "Studio de scénarios" }).waitFor();
      await audit(page, "studio-home");

      await page.locator(".studio-item", { hasText: "tutorial.yaml" }).getByRole("button", { name: /Dupliquer/ }).click();
      await page.getByRole("heading", { level: 1, name: "tutorial-copie.yaml" }).waitFor();
      await page.locator(".cm-editor").waitFor();
      await expect.poll(() => page.locator('[data-testid="version-state"]').innerText()).toMatch(/version 1 · animatrice/);
      // Renamed: its title, as the console will list it (typed by keyboard alone, from the "go to line" field).
      expect(TITLE_LINE).toBeGreaterThan(1);
      await endOfLine(page, TITLE_LINE);
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.type(" — version de l'animatrice");
      expect(await page.locator(".cm-line.cm-activeLine").textContent()).toContain(NEW_TITLE);
      const call = page.locator('.chrono-svg [data-inject="president-call"]').first();
      await call.waitFor({ state: "attached" });
      expect(await call.getAttribute("data-at")).toBe("300");

      // A typo, typed: the server's message appears in the list with its line, and underlined in place.
      await endOfLine(page, CHANNEL_LINE);
      await page.keyboard.press("Backspace");
      await page.keyboard.type("ial");
      const problem = page.locator(".studio-problems li", { hasText: `ligne ${CHANNEL_LINE}` }).first();
      await problem.waitFor({ timeout: 10_000 });
      expect(await problem.innerText()).toMatch(/injects\[0\]\.channel/);
      await page.locator(".cm-lintRange-error").first().waitFor({ state: "attached" });
      await expect.poll(() => page.locator(".studio-stale").isVisible()).toBe(true);
      await shot(page, "studio-typo-1366");
      await audit(page, "studio-editor-error");
      // The list is a way there, by keyboard alone: Tab leaves the editor (never trapped) and reaches the
      // problem's button; Entrée on it puts the caret back on the problem's line, the editor focused.
      await page.keyboard.press("Escape"); // the completion list, if it opened on the pause
      await page.keyboard.press("ArrowUp");
      let onProblem = false;
      for (let i = 0; i < 12 && !onProblem; i++) {
        await page.keyboard.press("Tab");
        onProblem = await page.evaluate(() => document.activeElement?.closest(".studio-problems") !== null);
      }
      expect(onProblem, "Tab reaches the problems list").toBe(true);
      expect(await editorFocused(page)).toBe(false);
      await page.keyboard.press("Enter");
      await expect.poll(() => editorFocused(page)).toBe(true);
      expect(await page.locator(".cm-line.cm-activeLine").textContent()).toMatch(/channel: maiial$/);

      // Fixed: no problem any more.
      await endOfLine(page, CHANNEL_LINE);
      for (let i = 0; i < 3; i++) await page.keyboard.press("Backspace");
      await page.keyboard.type("l");
      await page.getByText("Aucun problème : ce scénario peut servir à une session.").waitFor({ timeout: 10_000 });

      // The JSON Schema completes values as they are typed and explains keys on hover.
      await endOfLine(page, SEVERITY_LINE);
      for (let i = 0; i < "warning".length; i++) await page.keyboard.press("Backspace");
      await page.keyboard.type("cri");
      await page.keyboard.press("Control+Space");
      const option = page.locator(".cm-tooltip-autocomplete li", { hasText: "critical" }).first();
      await option.waitFor({ state: "attached", timeout: 10_000 });
      await shot(page, "studio-completion");
      // Enter accepts the selected option only once the list is live (before that it would insert a line and shift every line below).
      await page.locator('.cm-tooltip-autocomplete li[aria-selected="true"]', { hasText: "critical" }).first().waitFor({ state: "visible", timeout: 10_000 });
      await page.waitForTimeout(300); // CodeMirror ignores a key that comes within its interaction delay (75 ms) of the list opening
      await page.keyboard.press("Enter");
      await page.locator(".cm-tooltip-autocomplete").waitFor({ state: "detached", timeout: 10_000 });
      // Up to the inject's `at` line (its description is in the schema), however many keys the inject has.
      for (let i = 0; i < 12 && !/^\s*-?\s*at:/.test((await page.locator(".cm-line.cm-activeLine").textContent()) ?? ""); i++) await page.keyboard.press("ArrowUp");
      // CodeMirror shows hover help after the pointer rests on a word; on a loaded machine the first rest can be missed: rest again.
      for (let attempt = 0; ; attempt++) {
        await page.locator(".cm-line.cm-activeLine").hover({ position: { x: 42 + 4 * attempt, y: 6 } });
        try { await page.locator(".cm-tooltip-hover").first().waitFor({ state: "attached", timeout: 10_000 }); break; }
        catch (err) { if (attempt >= 2) throw err; }
      }
      await shot(page, "studio-hover");
      await page.mouse.move(0, 0);
      await endOfLine(page, SEVERITY_LINE);
      expect(await page.locator(".cm-line.cm-activeLine").textContent()).toMatch(/severity: critical$/); // the completion was taken
      for (let i = 0; i < "critical".length; i++) await page.keyboard.press("Backspace");
      await page.keyboard.type("warning");
      await page.getByText("Aucun problème : ce scénario peut servir à une session.").waitFor({ timeout: 10_000 });

      // The president's call moves from T+00:05 to T+00:25: so does its mark.
      await endOfLine(page, CALL_AT_LINE);
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await page.keyboard.type("25");
      await expect.poll(() => call.getAttribute("data-at"), { timeout: 10_000 }).toBe("1500");

      // The statechart, drawn from the engine's machine.
      await page.getByRole("tab", { name: "Diagramme d'états" }).click();
      await expect.poll(() => page.locator(".studio-statechart figure").count()).toBeGreaterThan(1);

      // Preview as the crisis director at T+00:30: the mail under its letterhead, the call as a call, both under their channel.
      await page.getByRole("tab", { name: "Aperçu par rôle" }).click();
      await page.getByLabel("Rôle", { exact: true }).selectOption({ label: "Directeur·rice de crise" });
      await page.getByLabel("Heure de jeu (T+HH:MM)").fill("T+00:30");
      await page.getByRole("button", { name: "Voir ce que ce rôle a reçu" }).click();
      await page.locator(".preview-item", { hasText: "La présidente veut savoir ce qui se passe" }).waitFor();
      expect(await page.locator('[data-testid="preview-count"]').innerText()).toMatch(/reçu\(s\) par « Directeur·rice de crise » à T\+00:30/);
      const mail = page.locator('.preview-item[data-preview-kind="mail"]', { hasText: "message de pirate" });
      await mail.locator("article.view-letter .letterhead").waitFor();
      expect(await mail.locator(".mail-subject").innerText()).toContain("Le site de l'université affiche un message de pirate");
      const phone = page.locator('.preview-item[data-preview-kind="phone"]', { hasText: "La présidente veut savoir" });
      expect(await phone.locator("article").getAttribute("data-view")).toMatch(/^(call|generic)$/);
      await mail.scrollIntoViewIfNeeded();
      await shot(page, "studio-preview-director");
      await audit(page, "studio-preview");
      // As communication: the rumour as the feed shows a post (avatar, handle, shares and likes at that time).
      await page.getByLabel("Rôle", { exact: true }).selectOption({ label: "Communication" });
      await page.getByRole("button", { name: "Voir ce que ce rôle a reçu" }).click();
      const post = page.locator('.preview-item[data-preview-kind="social"]').first();
      await post.locator(".post-head svg.avatar-svg").waitFor();
      expect(await post.locator(".post-counts").innerText()).toMatch(/partage/i);
      await post.scrollIntoViewIfNeeded();
      await shot(page, "studio-preview-post");
      await audit(page, "studio-preview-social");

      // Coverage over two seeds, by names.
      await page.getByRole("tab", { name: "Essai" }).click();
      await page.getByLabel("Nombre de graines").fill("2");
      await page.getByRole("button", { name: "Couverture sur plusieurs graines" }).click();
      await page.locator('[data-testid="coverage-title"]').waitFor({ timeout: 60_000 });
      const table = await page.locator(".studio-playtest").innerText();
      expect(table).toMatch(/Le site de l'université affiche un message de pirate/);
      expect(table).not.toMatch(/\bsite-defaced\b|\bpresident-call\b/);

      await page.getByRole("button", { name: "Enregistrer une nouvelle version" }).click();
      await expect.poll(() => page.locator('[data-testid="version-state"]').innerText()).toMatch(/version 2 · animatrice/);
      for (const size of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
        await page.setViewportSize(size);
        await page.getByRole("tab", { name: "Chronogramme" }).click();
        await shot(page, `studio-editor-${size.width}`);
        await audit(page, `studio-editor-${size.width}`);
      }

      // A session from it, created in the console, its first inject played by a student in their own browser.
      await page.getByRole("link", { name: "Retour au studio" }).click();
      await page.getByRole("link", { name: /console/i }).first().click();
      const card = page.locator(".scenario-card", { hasText: NEW_TITLE });
      await card.locator("input[name=scenario]").check();
      await page.getByLabel("Nom de la session").fill("Essai du studio");
      await page.getByRole("button", { name: "Créer la session" }).click();
      await page.locator("[data-code]").waitFor();
      const code = (await page.locator("[data-code]").textContent())!.trim();
      await shot(page, "studio-session-created");
      const student = await person(browser, { reducedMotion: true });
      try {
        const sp = student.page;
        await sp.goto(server.url);
        await sp.getByLabel("Code de session").fill(code);
        await sp.getByLabel("Nom affiché").fill("Alice");
        await sp.getByRole("button", { name: "Rejoindre" }).click();
        await sp.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
        await sp.locator("[data-seat=director]").click();
        await sp.locator(".seat-card[data-role=director].seat-mine").waitFor();
        await sp.locator("[data-action=ready]:not([disabled])").click();
        await page.locator(".cell-card", { hasText: "Alice" }).waitFor({ timeout: 20_000 });
        await page.locator("[data-cmd=start-all]").click();
        await sp.locator("[data-screen=cell]").waitFor({ timeout: 30_000 });
        expect(await sp.locator("body").innerText()).toContain(NEW_TITLE);
        await sp.locator(".msg-btn", { hasText: "pirate" }).first().click({ timeout: 30_000 });
        await expect(sp.locator("article.message > h3").textContent()).resolves.toContain("pirate");
        const reply = sp.locator("form.reply-form");
        await reply.locator("textarea").fill("Bien reçu : la cellule est activée, je préviens la présidence.");
        await reply.locator("button[type=submit]").click();
        await reply.locator(".form-status.ok").first().waitFor({ timeout: 15_000 });
        await sp.locator(".reply-sent", { hasText: "cellule est activée" }).waitFor();
        await shot(sp, "studio-student-first-inject");
        await audit(sp, "studio-student-cell");
        expect(student.errors).toEqual([]);
      } finally {
        await student.context.close();
      }
      // A new scenario from the guided template: valid from the start, the author's help beside the editor.
      await page.goto(`${server.url}/#/studio`);
      await page.getByRole("heading", { level: 1, name: "Studio de scénarios" }).waitFor();
      await page.getByRole("button", { name: "Nouveau scénario guidé" }).click();
      await page.getByRole("heading", { level: 1, name: "nouveau-scenario.yaml" }).waitFor();
      await page.getByText("Aucun problème : ce scénario peut servir à une session.").waitFor({ timeout: 10_000 });
      const help = page.locator("[data-author-help]");
      await help.locator("summary").first().click();
      await help.locator("summary", { hasText: "C4.2" }).click();
      await expect(help.innerText()).resolves.toContain("Construire un plan de communication institutionnelle et de gestion de crise");
      await expect(help.innerText()).resolves.toContain("J'ai publié à temps une déclaration d'attente factuelle");
      await shot(page, "studio-template-help");
      await audit(page, "studio-template-help");
      // Expected: the 401 of /api/me before signing in.
      expect(errors.filter((e) => !/favicon|status of 401/.test(e))).toEqual([]);
    } catch (err) {
      await shot(page, "zz-studio-failure").catch(() => undefined);
      saveArtifact("zz-studio-failure-errors.txt", errors.join("\n"));
      throw err;
    }
  }, 240_000);
});
