import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CellConnection } from "../../shared/net/cell-connection.js";
import { axeAuditor } from "./axe.js";
import { Api, ARTIFACTS, browserSuite, chromiumAvailable, person, saveArtifact, shot, type RunningServer } from "./harness.js";
import { askForAccount, createClass, importRoster, rosterProblems, schoolAccounts, SCHOOL_PASSWORD as PASS } from "./school-steps.js";

/**
 * A school in the browser (issue 12): the administrator creates two
 * instructors from the accounts screen; instructor A creates a class,
 * imports a 30-student roster (Excel's semicolon CSV, after a refused file
 * whose problems are listed by line), creates a session of that class and
 * shares the session and the class with an evaluator; two students join by
 * picking their name and with their personal code; instructor B sees none
 * of it (no session, no class; A's class by its address is « inconnue »);
 * the evaluator opens a student's portfolio and downloads its PDF, rendered
 * with pdftoppm and read with pdftotext for the student's levels. Every new
 * screen at 1366×768 and 1920×1080, in French then English: no internal id
 * on screen, axe-core clean.
 */

const { findings, audit } = axeAuditor();
const FIRST = ["Zoé", "Yanis", "Hélène", "Loïc", "Inès", "Mathéo", "Léa", "Noah", "Chloé", "Adam", "Jade", "Sacha", "Lina", "Gabriel", "Rose",
  "Raphaël", "Anna", "Louis", "Mila", "Jules", "Ambre", "Arthur", "Julia", "Hugo", "Lou", "Nathan", "Iris", "Tom", "Alice", "Paul"];
const LAST = ["Martin", "Benali", "Durand", "Lefèvre", "Moreau", "Girard", "Fournier", "Nguyen", "Lambert", "Haddad", "Roux", "Bonnet", "Mercier", "Faure", "André",
  "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier"];
const ROSTER = ["N° étudiant;Prénom;Nom;Courriel", ...FIRST.map((f, i) => `${21000 + i};${f};${LAST[i]};${i % 3 ? "" : `etu${i}@ecole.example`}`)].join("\r\n") + "\r\n";

const BAD_ROSTER = "numéro;prénom;nom\n1;Zoé;Martin\n1;Yanis;Benali\n2;=HYPERLINK(\"x\");Durand\n";

/** What reads like an internal id: p_…, s_…, c_…, k_…, r_…, u_… tokens, or a raw scenario/roster id. */
const idLike = (text: string) => text.match(/\b[pscrku]_[A-Za-z0-9_-]{5,}/g) ?? [];

async function signIn(page: Page, url: string, username: string) {
  await page.goto(`${url}/#/staff`);
  await page.getByLabel("Identifiant").fill(username);
  await page.getByLabel("Mot de passe").fill(PASS);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.locator("[data-nav=console]").waitFor();
}

/** Both sizes, French then English: screenshots, no id on screen, axe. */
async function check(page: Page, name: string, ids: Record<string, string[]>) {
  for (const lang of ["fr", "en"] as const) {
    if (lang === "en") { await page.locator("[data-action=lang]").click(); await page.waitForTimeout(300); }
    for (const size of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(120);
      const found = idLike(await page.locator("body").innerText());
      if (found.length) ids[`${name}-${lang}@${size.width}`] = found;
      await shot(page, `school-${name}-${lang}-${size.width}`);
    }
    await audit(page, `${name}-${lang}`);
  }
  await page.locator("[data-action=lang]").click(); // back to French
  await page.waitForTimeout(200);
  await page.setViewportSize({ width: 1366, height: 768 });
}

describe.skipIf(!chromiumAvailable())("a school: accounts, classes, rosters, sharing, portfolios", () => {
  let server: RunningServer;
  let browser: Browser;
  browserSuite("school", {}, async (s, b) => {
    server = s; browser = b;
  }, () => {
    saveArtifact("school-axe.json", JSON.stringify(findings, null, 1));
  });

  it("walks the school from the administrator to the jury's PDF", async () => {
    const ids: Record<string, string[]> = {};
    await schoolAccounts(server);

    // ---- The administrator creates two instructors from the accounts screen ----
    const adm = await person(browser, { reducedMotion: true });
    await signIn(adm.page, server.url, "direction");
    await adm.page.locator("[data-nav=accounts]").click();
    await adm.page.locator("[data-screen=accounts] table").waitFor();
    for (const u of ["alice", "bruno"]) {
      await askForAccount(adm.page, "fr", u);
      await adm.page.locator(`tr[data-user=${u}]`).waitFor();
    }
    await check(adm.page, "accounts", ids);

    // ---- Instructor A: a class, a refused file, then the 30-student roster ----
    const a = await person(browser, { reducedMotion: true });
    const pa = a.page;
    await signIn(pa, server.url, "alice");
    await createClass(pa, "fr", "MSc 1 Paris");
    await importRoster(pa, "fr", { name: "liste.csv", buffer: Buffer.from(BAD_ROSTER, "utf8") });
    expect(await rosterProblems(pa)).toEqual(expect.arrayContaining([expect.stringMatching(/^ligne 3, numéro étudiant/), expect.stringMatching(/^ligne 4, prénom/)]));
    await check(pa, "roster-refused", ids);
    // The same file for an English reader: the server sends codes, the screen writes them in English (no French, no column's internal name).
    await pa.locator("[data-action=lang]").click();
    await importRoster(pa, "en", { name: "liste.csv", buffer: Buffer.from(BAD_ROSTER, "utf8") });
    await pa.locator(".roster-problems li").filter({ hasText: "line 3" }).first().waitFor();
    expect(await rosterProblems(pa)).toEqual(["line 3, student number — number 1 already on line 2",
      "line 4, first name — \"=HYPERLINK(\"x\")\" looks like a spreadsheet formula (starts with =): refused; fix the cell"]);
    expect(await pa.locator(".roster-import .form-error").innerText()).toContain("File refused, nothing was imported: 2 problems.");
    await pa.locator("[data-action=lang]").click(); // back to French
    await importRoster(pa, "fr", { name: "liste.csv", buffer: Buffer.from(ROSTER, "latin1") });
    await pa.locator("table.roster tbody tr").nth(29).waitFor();
    expect(await pa.locator("table.roster tbody tr").count()).toBe(30);
    expect(await pa.locator("table.roster").innerText()).toContain("Hélène");
    // Share the class with the jury (its roster and portfolios).
    await pa.getByLabel("Partager avec").selectOption("jury");
    await pa.getByRole("button", { name: "Partager", exact: true }).click();
    await pa.locator(".share-list li", { hasText: "jury" }).waitFor();
    await check(pa, "class", ids);
    const sheet = await Promise.all([pa.waitForEvent("download"), pa.getByRole("link", { name: "Fiche des codes personnels (PDF)" }).click()]);
    expect(sheet[0].suggestedFilename()).toMatch(/^codes-MSc_1_Paris-fr\.pdf$/);

    // ---- A session of the class, shared with the evaluator ----
    await pa.locator("[data-nav=console]").click();
    await pa.locator("[data-screen=console] select[name=class]").selectOption({ label: "MSc 1 Paris (30)" });
    await pa.getByLabel("Nom de la session").fill("Exercice du lundi");
    await pa.getByRole("button", { name: "Créer la session" }).click();
    await pa.locator("[data-screen=session] [data-code]").waitFor();
    const code = (await pa.locator("[data-screen=session] [data-code]").getAttribute("data-code"))!;
    const sessionId = /session\/([\w-]+)/.exec(pa.url())![1];
    await pa.getByLabel("Partager avec").selectOption("jury");
    await pa.getByRole("button", { name: "Partager", exact: true }).click();
    await pa.locator(".share-list li", { hasText: "jury" }).waitFor();
    await check(pa, "session-share", ids);

    // ---- Two students join: one picks her name, one types his personal code ----
    const zoe = await person(browser, { reducedMotion: true });
    await zoe.page.goto(`${server.url}/`);
    await zoe.page.getByLabel("Code de session").fill(code);
    await zoe.page.getByLabel("Code de session").blur();
    await zoe.page.getByLabel("Votre nom dans la liste").waitFor();
    expect(await zoe.page.getByLabel("Nom affiché").isVisible()).toBe(false);
    await check(zoe.page, "join-roster", ids);
    await zoe.page.getByLabel("Votre nom dans la liste").selectOption({ label: "Zoé M." });
    await zoe.page.getByRole("button", { name: "Rejoindre" }).click();
    await zoe.page.waitForURL(/#\/play/);
    const aliceApi = new Api(server.url);
    await aliceApi.call("POST", "/api/login", { username: "alice", password: PASS });
    const roster = (await aliceApi.call<{ roster: { number: string; code: string }[] }>("GET", `/api/classes/${(await aliceApi.call<{ id: string }[]>("GET", "/api/classes"))[0].id}`)).roster;
    const yanis = await person(browser, { reducedMotion: true });
    await yanis.page.goto(`${server.url}/`);
    await yanis.page.getByLabel("Code de session").fill(code);
    await yanis.page.getByLabel("Code de session").blur();
    await yanis.page.getByLabel("Votre code personnel").fill(roster.find((s) => s.number === "21001")!.code.toLowerCase());
    await yanis.page.getByRole("button", { name: "Rejoindre" }).click();
    await yanis.page.waitForURL(/#\/play/);
    // Someone else picking Zoé again is refused, in words.
    const intruder = await person(browser, { reducedMotion: true });
    await intruder.page.goto(`${server.url}/`);
    await intruder.page.getByLabel("Code de session").fill(code);
    await intruder.page.getByLabel("Code de session").blur();
    await intruder.page.getByLabel("Votre nom dans la liste").selectOption({ label: "Zoé M." });
    await intruder.page.getByRole("button", { name: "Rejoindre" }).click();
    await intruder.page.locator(".form-error", { hasText: "a déjà rejoint cette session : si c'est vous, reprenez votre place avec votre code personnel" }).waitFor();

    // Yanis plays a little (a scripted client with his seat), the session starts and ends; the jury revises a level.
    const seat = await yanis.page.evaluate(() => JSON.parse(localStorage.getItem("sf.seat")!));
    const conn = new CellConnection({ endpoint: server.url, cellId: seat.cellId, auth: () => ({ token: seat.token }) });
    await conn.connect();
    await conn.send("intent", { intent: { type: "take_role", role: "communication" } } as never);
    await aliceApi.call("POST", `/api/sessions/${sessionId}/command`, { command: { type: "start", force: true } });
    await conn.send("intent", { intent: { type: "action", role: "communication", action: "logbook", params: { text: "Point presse préparé." } } } as never);
    await conn.close();
    await aliceApi.call("POST", `/api/sessions/${sessionId}/command`, { command: { type: "end" } });
    const jury = new Api(server.url);
    await jury.call("POST", "/api/login", { username: "jury", password: PASS });
    await jury.call("POST", `/api/cells/${seat.cellId}/assessments`, { scope: "student", subject: seat.playerId, competency: "C4.2", level: 3, justification: "Communication maîtrisée pendant l'exercice" });

    // ---- Instructor B sees none of it ----
    const b = await person(browser, { reducedMotion: true });
    await signIn(b.page, server.url, "bruno");
    expect(await b.page.locator(".sessions").innerText()).not.toContain("Exercice du lundi");
    await b.page.locator("[data-nav=classes]").click();
    await b.page.locator("[data-screen=classes]").getByText("Aucune classe.").waitFor();
    const classId = (await aliceApi.call<{ id: string }[]>("GET", "/api/classes"))[0].id;
    await b.page.goto(`${server.url}/#/staff/class/${classId}`);
    await b.page.locator(".form-error", { hasText: "Classe inconnue" }).waitFor();

    // ---- The evaluator: the class's roster, Yanis's portfolio, its PDF ----
    const ev = await person(browser, { reducedMotion: true });
    const pe = ev.page;
    await signIn(pe, server.url, "jury");
    await pe.locator("[data-nav=classes]").click();
    await pe.getByRole("link", { name: "MSc 1 Paris" }).click();
    await pe.getByRole("link", { name: "Portfolio de Yanis Benali" }).click();
    await pe.locator("[data-screen=portfolio] h1", { hasText: "Yanis Benali" }).waitFor();
    expect(await pe.locator("tr[data-competency='C4.2']").innerText()).toMatch(/maîtrisé/i);
    await pe.locator(".portfolio-chart svg").waitFor();
    await check(pe, "portfolio", ids);
    const [download] = await Promise.all([pe.waitForEvent("download"), pe.getByRole("link", { name: "Portfolio PDF pour le jury (français)" }).click()]);
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-pf-"));
    try {
      const pdf = join(dir, "portfolio.pdf");
      await download.saveAs(pdf);
      execFileSync("pdftoppm", ["-r", "60", "-png", pdf, join(ARTIFACTS, "school-portfolio-page")]);
      expect(readdirSync(ARTIFACTS).filter((f) => f.startsWith("school-portfolio-page")).length).toBeGreaterThanOrEqual(6);
      const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
      expect(text).toContain("Portfolio de compétences — Yanis Benali");
      expect(text).toContain("Exercice du lundi");
      expect(text).toMatch(/C4\.2[\s\S]*maîtrisé/i);
      expect(text).toContain("Communication maîtrisée pendant l'exercice");
      expect(idLike(text)).toEqual([]);
    } finally { rmSync(dir, { recursive: true, force: true }); }

    // ---- One's own password ----
    await pa.goto(`${server.url}/#/staff/password`);
    await pa.locator("[data-screen=password] form").waitFor();
    await check(pa, "password", ids);

    expect(ids).toEqual({});
    // 400 for the refused roster, 401 before signing in, 404 for B asking for A's class, 409 for the taken name: answers the screens show in words.
    for (const p of [adm, a, zoe, yanis, intruder, b, ev]) expect(p.errors.filter((e) => !/status of 40[0149]/.test(e))).toEqual([]);
  }, 300_000);
});
