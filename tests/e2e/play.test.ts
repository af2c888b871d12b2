import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, chromiumAvailable, person, saveArtifact, shot, type RunningServer } from "./harness.js";
import { axeAuditor } from "./axe.js";

/**
 * The whole game through the browser: an instructor sets up the server and
 * creates a session of the tutorial; four students in separate browser
 * contexts join with the code, take the four roles and play it to its end
 * (read an inject, reply, write in the logbook, publish a statement, record
 * decisions, map stakeholders, write a SITREP); the instructor pauses and
 * resumes; one student reloads mid-game and keeps roles and draft; the
 * debrief shows levels; RETEX and self-assessment are sent. Every screen is
 * screenshotted into test-artifacts/ and audited with axe-core (no serious
 * or critical violation, WCAG 2.2 A/AA rules).
 */

const { findings: axeFindings, audit } = axeAuditor();

/** Wait until `page` shows a form status "Enregistré" inside `scope`. */
async function saved(page: Page, scope: string): Promise<void> {
  await page.locator(`${scope} .form-status.ok`).first().waitFor({ timeout: 15_000 });
}

const STUDENTS = [
  { name: "Alice", role: "director" },
  { name: "Bruno", role: "coordinator" },
  { name: "Chloé", role: "communication" },
  { name: "David", role: "analyst" },
] as const;

describe.skipIf(!chromiumAvailable())("the crisis cell in the browser", () => {
  let server: RunningServer;
  let browser: Browser;

  browserSuite("play", { CLOCK_MS: "250" }, async (s, b) => {
    server = s; browser = b;
  }, () => {
    saveArtifact("axe.json", JSON.stringify(axeFindings, null, 2));
  });

  it("an instructor runs the tutorial with four students to its debrief", async () => {
    const pages: Page[] = [];
    const t0 = Date.now();
    const step = (what: string) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);
    try {
      await play(pages, step);
    } catch (err) {
      await Promise.all(pages.map((p, i) => shot(p, `zz-failure-${i}`).catch(() => undefined)));
      throw err;
    }
  }, 600_000);

  async function play(pages: Page[], step: (what: string) => void): Promise<void> {
    // ---- Instructor: first-run setup, console, session ----
    step('---- Instructor: first-run setup, console, session ----');
    const inst = await person(browser);
    pages.push(inst.page);
    const ip = inst.page;
    await ip.goto(`${server.url}/setup?token=${server.setupToken}`);
    await ip.locator("#signin-title").waitFor();
    await shot(ip, "01-setup");
    await audit(ip, "setup");
    await ip.getByLabel("Identifiant").fill("animatrice");
    await ip.getByLabel("Mot de passe").fill("motdepasse-solide");
    await ip.getByRole("button", { name: "Créer le compte" }).click();
    await ip.locator("#create-title").waitFor();
    await shot(ip, "02-console");
    await audit(ip, "console");
    await expect(ip.locator("input[name=scenario][value=tutorial]").isChecked()).resolves.toBe(true);
    await ip.getByLabel("Nom de la session").fill("Promo test");
    await ip.getByRole("button", { name: "Créer la session" }).click();
    await ip.locator("[data-code]").waitFor();
    const code = (await ip.locator("[data-code]").textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    await ip.locator(".cell-card .tag.status-lobby").waitFor();

    // ---- Students: home, join, lobby, roles, ready ----
    step('---- Students: home, join, lobby, roles, ready ----');
    const students = [];
    for (const s of STUDENTS) {
      // Alice with full motion, the others with prefers-reduced-motion (and a lighter CPU load).
      const p = await person(browser, { reducedMotion: s.name !== "Alice" });
      pages.push(p.page);
      await p.page.goto(server.url);
      await p.page.locator("[data-screen=home]").waitFor();
      if (s.name === "Alice") { await shot(p.page, "03-home"); await audit(p.page, "home"); }
      await p.page.getByLabel("Code de session").fill(code);
      await p.page.getByLabel("Nom affiché").fill(s.name);
      await p.page.getByRole("button", { name: "Rejoindre" }).click();
      await p.page.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
      await p.page.locator(`[data-seat=${s.role}]`).click();
      await p.page.locator(`.seat-card[data-role=${s.role}].seat-mine`).waitFor();
      await p.page.locator("[data-action=ready]:not([disabled])").click();
      await p.page.locator("[data-action=ready][data-ready=true]").waitFor();
      students.push({ ...s, ...p });
    }
    const [alice, bruno, chloe, david] = students;
    await alice.page.locator(".person", { hasText: "David" }).locator(".ok").waitFor();
    await alice.page.waitForTimeout(500);
    await shot(alice.page, "04-lobby");
    await audit(alice.page, "lobby");
    await ip.locator(".cell-card", { hasText: "rôles tenus 4/4" }).waitFor();
    await shot(ip, "05-session-lobby");
    await audit(ip, "session");

    // ---- Start ----
    step('---- Start ----');
    await ip.locator("[data-cmd=start-all]").click();
    for (const s of students) await s.page.locator("[data-screen=cell]").waitFor({ timeout: 20_000 });
    await ip.locator(".cell-card .tag.status-running").waitFor();

    // Coordinator reads the first inject and writes in the logbook.
    step('Coordinator reads the first inject and writes in the logbook.');
    const bp = bruno.page;
    await bp.locator(".msg-btn", { hasText: "pirate" }).first().click();
    await expect(bp.locator("article.message > h3").textContent()).resolves.toContain("pirate");
    await bp.waitForTimeout(1500); // let the map draw
    await shot(bp, "06-cell-inbox");
    await audit(bp, "cell-inbox");
    await bp.locator("[data-tab=logbook]").click();
    await bp.locator("form[data-composer=logbook] textarea").fill("09:00 — site défiguré, la DSI enquête. Cellule activée.");
    await bp.locator("form[data-composer=logbook] button[type=submit]").click();
    await saved(bp, "form[data-composer=logbook]");
    await bp.locator(".journal-entry", { hasText: "site défiguré" }).waitFor();
    await shot(bp, "07-logbook");
    await audit(bp, "logbook");
    await bp.locator("[data-tab=tasks]").click();
    const tf = bp.locator("form[data-composer=task]");
    await tf.getByLabel("Tâche").fill("Préparer le point de 10 h");
    await tf.getByLabel("Responsable").selectOption("coordinator");
    await tf.locator("button[type=submit]").click();
    await saved(bp, "form[data-composer=task]");
    await bp.locator(".col-todo .task-card", { hasText: "Préparer" }).waitFor();
    await bp.locator(".task-card", { hasText: "Préparer" }).getByRole("button", { name: /^Commencer/ }).click();
    await bp.locator(".col-doing .task-card", { hasText: "Préparer" }).waitFor();
    await shot(bp, "07b-tasks");
    await audit(bp, "tasks");

    // The clock runs at the scenario's pace (×6, then ×10) while players act, and faster only to reach the next inject:
    // a multiplier of that tempo for every cell.
    const speed = async (factor: number) => {
      await ip.locator("#speed-all").selectOption(String(factor));
      await ip.locator("[data-cmd=speed-all]").click();
      await ip.locator(`[data-pacing][data-factor="${factor}"]`).first().waitFor({ timeout: 10_000 });
    };
    const fastUntil = async (page: Page, text: string) => {
      await page.locator("[data-tab=inbox]").click();
      await speed(5);
      await page.locator(".msg-btn", { hasText: text }).first().waitFor({ timeout: 60_000 });
      await speed(1);
    };

    // Director reads the president's call and replies.
    step("Director reads the president's call and replies.");
    const ap = alice.page;
    await fastUntil(ap, "présidente");
    await ap.locator(".msg-btn", { hasText: "présidente" }).click();
    const reply = ap.locator("form.reply-form");
    await reply.locator("textarea").fill("Le site est défiguré, la DSI enquête, aucune fuite constatée. Je vous rappelle dans 30 minutes.");
    await reply.locator("button[type=submit]").click();
    await saved(ap, "form.reply-form");
    await ap.locator(".reply-sent", { hasText: "rappelle" }).waitFor();
    await shot(ap, "08-reply");

    // The instructor answers as the president's office, then improvises an inject for Communication.
    step("The instructor answers as a persona and improvises an inject.");
    await ip.locator("[data-tab=instructor]").click();
    const out = ip.locator("[data-out]").first();
    await out.locator("summary").click();
    const rf = out.locator("form");
    await rf.getByLabel("Message").fill("Merci. La présidente attend votre point à 10 h.");
    await rf.locator("button[type=submit]").click();
    await rf.locator(".form-status.ok").waitFor();
    await ap.locator(".reply-received", { hasText: "attend votre point" }).waitFor();
    await shot(ap, "08b-persona-answer");
    await ip.locator("[data-tab=improvise]").click();
    const imp = ip.locator("form[aria-labelledby=improvise-title]");
    await imp.getByLabel("Canal").selectOption("phone");
    await imp.getByLabel("En tant que (acteur)").selectOption("local-news");
    await imp.getByLabel("Communication", { exact: true }).check();
    await imp.getByLabel("Objet").fill("L'Écho demande une interview");
    await imp.getByLabel("Message").fill("« Pouvez-vous nous accorder cinq minutes au téléphone ? »");
    // A reply deadline on it, as authored injects have: first unreadable (said so, nothing sent), then « 00:20 ».
    await imp.getByLabel("Répondre sous (temps de jeu)").fill("bientôt");
    await imp.locator("button[type=submit]").click();
    await expect(imp.locator(".form-status.error").textContent()).resolves.toContain("Délai illisible");
    await imp.getByLabel("Répondre sous (temps de jeu)").fill("00:20");
    await imp.getByLabel("Intitulé du compte à rebours").fill("Répondre à L'Écho");
    await imp.getByLabel("Si le délai passe (texte montré à l'échéance)").fill("L'Écho publie sans vous.");
    for (const size of [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }]) { await ip.setViewportSize(size); await shot(ip, `08c-improvise-deadline-${size.width}`); }
    await audit(ip, "improvise");
    await imp.locator("button[type=submit]").click();
    await imp.locator(".form-status.ok").waitFor();
    await shot(ip, "08c-improvise");
    await chloe.page.locator(".msg-btn", { hasText: "interview" }).waitFor({ state: "attached" });
    // Communication sees its countdown, like an authored one; the director, who did not receive it, does not.
    await chloe.page.locator("[data-countdown][data-status=open]", { hasText: "Répondre à L'Écho" }).waitFor({ timeout: 15_000 });
    await expect(chloe.page.locator("[data-countdown]", { hasText: "Répondre à L'Écho" }).textContent()).resolves.toMatch(/reste 00:(20|19|18)/);
    expect(await ap.locator("[data-countdown]", { hasText: "Répondre à L'Écho" }).count()).toBe(0);

    // Communication reads the rumour and publishes a holding statement.
    step('Communication reads the rumour and publishes a holding statement.');
    const cp = chloe.page;
    await fastUntil(cp, "Rumeur");
    await cp.locator(".msg-btn", { hasText: "Rumeur" }).click();
    await cp.locator(".shares").waitFor();
    await shot(cp, "09-social");
    await cp.locator("[data-tab=comms]").click();
    const st = cp.locator("form[data-composer=statement]");
    await st.getByLabel("Public").selectOption("external");
    await st.getByLabel("Support").selectOption("social");
    await st.getByLabel("Titre").fill("Site de l'université : point d'information");
    await st.getByLabel("Texte").fill("Notre page d'accueil a été défigurée ce matin. Aucune fuite de notes n'est constatée à ce stade. Nos équipes sécurisent le site ; prochain point à 11 h.");
    await st.locator("button[type=submit]").click();
    await saved(cp, "form[data-composer=statement]");
    await cp.locator(".feed-item.kind-statement").waitFor();
    await shot(cp, "10-statement");
    await audit(cp, "comms");

    // The instructor pauses: everyone sees it; then resumes.
    step('The instructor pauses: everyone sees it; then resumes.');
    await ip.locator("[data-cmd=pause-all]").click();
    for (const s of students) await s.page.locator(".paused-banner:not([hidden])").waitFor({ timeout: 10_000 });
    await shot(ap, "11-paused");
    const pausedAt = await ap.locator(".paused-banner").textContent();
    expect(pausedAt).toContain("pause");
    await ip.locator("[data-cmd=resume-all]").click();
    for (const s of students) await s.page.locator(".paused-banner[hidden]").waitFor({ state: "attached", timeout: 10_000 });

    // Director takes the scenario's decision and records another one.
    step("Director takes the scenario's decision and records another one.");
    await fastUntil(ap, "coupe le site");
    await ap.locator("[data-tab=decisions]").click();
    // A one-shot decision point: opened by its verb, confirmed in a dialog, then shown as taken.
    await ap.locator("[data-open-action=take_site_offline]").click();
    const off = ap.locator("form[data-composer='act.take_site_offline']");
    await off.getByLabel("Responsable").selectOption("director");
    await off.getByLabel("Justification").fill("Empêcher le pirate d'atteindre l'intranet.");
    await off.locator("button[type=submit]").click();
    await ap.locator("[data-confirm=ok]").click();
    await ap.locator("[data-point=take_site_offline][data-taken]").waitFor({ timeout: 15_000 });
    const dec = ap.locator("form[data-composer=decision]");
    await dec.locator("input[name=title]").fill("Activer la cellule de crise");
    await dec.getByLabel("Justification").fill("Incident visible du public.");
    await dec.locator("button[type=submit]").click();
    await saved(ap, "form[data-composer=decision]");
    await ap.locator(".decision", { hasText: "Activer la cellule" }).waitFor();
    await shot(ap, "12-decisions");
    await audit(ap, "decisions");

    // Analyst maps two stakeholders.
    step('Analyst maps two stakeholders.');
    const dp = david.page;
    await dp.locator("[data-tab=actors]").click();
    for (const [actor, influence, scope] of [["it-service", "high", "internal"], ["local-news", "medium", "regional"]]) {
      const f = dp.locator("form[data-composer=stakeholder]");
      await f.getByLabel("Acteur").selectOption(actor);
      await f.getByLabel("Influence").selectOption(influence);
      await f.getByLabel("Portée").selectOption(scope);
      await f.locator("button[type=submit]").click();
      await saved(dp, "form[data-composer=stakeholder]");
      await dp.locator(".form-status.ok").first().waitFor();
      await f.locator(".form-status").evaluate((el) => { el.textContent = ""; el.setAttribute("class", "form-status"); });
    }
    await dp.locator(".stake", { hasText: "Écho" }).waitFor();
    await shot(dp, "13-stakeholders");
    await audit(dp, "stakeholders");

    // Analyst starts a SITREP, reloads mid-game: same roles, same draft.
    step('Analyst starts a SITREP, reloads mid-game: same roles, same draft.');
    await fastUntil(dp, "point de situation");
    await dp.locator("[data-tab=sitrep]").click();
    const draft = "SITUATION : site défiguré, rumeur de fuite démentie. BROUILLON-À-GARDER";
    await dp.locator("form[data-composer=sitrep] textarea").fill(draft);
    await dp.reload();
    await dp.locator("[data-screen=cell]").waitFor({ timeout: 20_000 });
    await expect(dp.locator(".my-roles").textContent()).resolves.toContain("Analyste");
    await dp.locator("[data-tab=sitrep]").click();
    await expect(dp.locator("form[data-composer=sitrep] textarea").inputValue()).resolves.toBe(draft);
    const sitrep = dp.locator("form[data-composer=sitrep]");
    await sitrep.getByLabel("Gravité").selectOption("medium");
    await sitrep.getByLabel("Internes").check();
    await sitrep.getByLabel("Régionaux").check();
    await sitrep.locator("button[type=submit]").click();
    await saved(dp, "form[data-composer=sitrep]");
    await dp.locator(".feed-item.kind-sitrep", { hasText: "BROUILLON" }).waitFor();
    await shot(dp, "14-sitrep-after-reload");
    await audit(dp, "sitrep");

    // An incoming update never clears what a player is typing.
    step('An incoming update never clears what a player is typing.');
    await bp.locator("[data-tab=chat]").click();
    const chatBox = bp.locator("form[data-composer=chat] input");
    await chatBox.fill("Texte en cours de frappe");
    await ap.locator("[data-tab=chat]").click();
    await ap.locator("form[data-composer=chat] input").fill("Point de situation dans 10 minutes");
    await ap.locator("form[data-composer=chat] button[type=submit]").click();
    await bp.locator(".chat-line", { hasText: "Point de situation" }).waitFor();
    await expect(chatBox.inputValue()).resolves.toBe("Texte en cours de frappe");

    // The instructor watches the cell (overview + tracker) while it runs.
    step('The instructor watches the cell (overview + tracker) while it runs.');
    await ip.locator("[data-select]").first().click();
    await ip.locator("[data-tab=tracker]").click();
    await ip.locator(".tracker tr.st-met").first().waitFor({ timeout: 10_000 });
    await ip.locator("[data-tab=instructor]").click();
    await ip.locator("[data-out]").first().waitFor();
    await shot(ip, "15-session-running");
    await audit(ip, "session-running");

    // English on a switch (persisted), then back to French.
    step('English on a switch (persisted), then back to French.');
    await cp.locator("[data-action=lang]").click();
    await cp.locator("h1", { hasText: "Crisis cell" }).waitFor();
    await shot(cp, "16-cell-english");
    await cp.locator("[data-action=lang]").click();
    await cp.locator("h1", { hasText: "Cellule de crise" }).waitFor();

    // Run the clock to the end of the scenario.
    step('Run the clock to the end of the scenario.');
    await speed(100);
    for (const s of students) await s.page.locator("[data-screen=debrief]").waitFor({ timeout: 60_000 });
    // Why it ended, in the engine's words for it (the tutorial's final phase by its name, never the code "phase:…").
    await expect(ap.locator(".debrief-head .lead").textContent()).resolves.toMatch(/^Exercice terminé à .+ \(phase finale « Fin de l'exercice »\)\.$/);
    await ap.locator("table.levels tbody tr").first().waitFor({ timeout: 20_000 });
    const levels = await ap.locator("table.levels tbody tr").allTextContents();
    expect(levels.join("\n")).toMatch(/C4\.2.*(Non acquis|En cours|Acquis|Maîtrisé)/);
    await ap.locator("table.levels th", { hasText: "Votre niveau" }).waitFor();
    await ap.locator("details.levels-how summary").click();
    await ap.locator("details.levels-how [data-how] li").first().waitFor();
    await shot(ap, "17b-debrief-how");
    await shot(ap, "17-debrief");
    await audit(ap, "debrief");
    await ap.locator("[data-tab=timeline]").click();
    await shot(ap, "18-debrief-timeline");

    // Coordinator fills the hot RETEX; Alice her self-assessment.
    step('Coordinator fills the hot RETEX; Alice her self-assessment.');
    await bp.locator("[data-tab=retex]").click();
    const retex = bp.locator("form[data-composer=retex]");
    await bp.locator(".debrief-questions li", { hasText: "Qu'avez-vous fait en premier" }).waitFor();
    await expect(retex.getByLabel("Faits").inputValue()).resolves.toContain("pirate");
    await retex.getByLabel("Points forts").fill("Déclaration rapide, décision tracée.");
    await retex.getByLabel("Axes d'amélioration").fill("Rappeler la présidence plus tôt.");
    await retex.getByLabel("Plan d'action").fill("Fiche réflexe défiguration — coordinateur — J+7.");
    await retex.locator("button[type=submit]").click();
    await saved(bp, "form[data-composer=retex]");
    // The late RETEX meets its expectation: the coordinator's C4.4 is no longer "non acquis".
    await bp.locator("[data-tab=results]").click();
    await bp.locator("table.levels tr[data-competency='C4.4'] td .level:not(.level-0)").first().waitFor({ timeout: 20_000 });
    await bp.locator("[data-tab=retex]").click();
    await shot(bp, "19-retex");
    await audit(bp, "retex");
    await ap.locator("[data-tab=self]").click();
    const self = ap.locator("form[data-composer=self]");
    // Each competency is rated on the rubric's four level descriptors (radios), not a bare 0–3 box.
    for (const [i, v] of ["2", "2", "3", "1"].entries()) await self.locator("fieldset", { hasText: `C4.${i + 1}` }).locator(`input[type=radio][value="${v}"]`).check();
    await self.locator("button[type=submit]").click();
    await saved(ap, "form[data-composer=self]");
    await shot(ap, "20-self-assessment");

    await ip.locator(".cell-card .tag.status-ended").waitFor();
    await ip.locator("[data-tab=tracker]").click();
    await shot(ip, "21-session-ended");

    const errors = [...inst.errors, ...students.flatMap((s) => s.errors)].filter((e) => !/401|Unauthorized/.test(e));
    expect(errors).toEqual([]);
  }
});
