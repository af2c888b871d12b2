import "../../server/node-compat.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CellConnection } from "../../shared/net/cell-connection.js";
import type { Ack } from "../../shared/protocol.js";
import { Api, ARTIFACTS, browserSuite, chromiumAvailable, person, saveArtifact, sessionFor, shot, type RunningServer } from "./harness.js";
import { axeAuditor } from "./axe.js";

/**
 * The evaluator workspace in the browser. An instructor creates a session of
 * the tutorial; two scripted students (SDK clients, not browsers) play it to
 * its end — Alice holds director and coordinator, Bruno communication and
 * analyst; an evaluator account created through the API signs in, opens the
 * cell's replay, scrubs, seeks to a log entry, jumps to a time, switches "as
 * seen by role", adds an annotation tagged C4.2, overrides a level (refused
 * without a justification, accepted with one) and downloads the CSV. Every
 * screen is screenshotted into test-artifacts/ and audited with axe-core.
 */

const { findings: axeFindings, audit } = axeAuditor();

/** A scripted student: joins with the code, then sends intents through the same SDK connection the browser uses. */
async function student(server: RunningServer, code: string, name: string) {
  const api = new Api(server.url);
  const j = await api.call<{ playerId: string; token: string; cellId: string }>("POST", "/api/join", { code, name });
  const conn = new CellConnection({ endpoint: server.url, cellId: j.cellId, auth: () => ({ token: j.token }) });
  await conn.connect();
  const intent = async (body: Record<string, unknown>) => {
    const ack: Ack = await conn.send("intent", { intent: body } as never);
    if (!ack.ok) throw new Error(`${name} ${JSON.stringify(body)}: ${ack.code} ${JSON.stringify(ack.params ?? {})}`);
    return ack;
  };
  return { ...j, conn, intent, act: (role: string, action: string, params: Record<string, unknown>) => intent({ type: "action", role, action, params }) };
}

describe.skipIf(!chromiumAvailable())("the evaluator workspace", () => {
  let server: RunningServer;
  let browser: Browser;

  browserSuite("evaluate", { CLOCK_MS: "100" }, async (s, b) => {
    server = s; browser = b;
  }, () => {
    saveArtifact("axe-evaluate.json", JSON.stringify(axeFindings, null, 2));
  });

  it("replays, annotates, overrides and exports a played tutorial", async () => {
    const t0 = Date.now();
    const step = (what: string) => console.log(`[evaluate ${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);
    // ---- A session of the tutorial, played by two scripted students ----
    const { api, session } = await sessionFor(server, "tutorial");
    await api.call("POST", "/api/users", { username: "jury", password: "motdepasse-du-jury", role: "evaluator" });
    await api.call("POST", `/api/sessions/${session.id}/shares`, { username: "jury", access: "assess" }); // evaluators see the sessions shared with them
    const alice = await student(server, session.code, "Alice");
    const bruno = await student(server, session.code, "Bruno");
    for (const r of ["director", "coordinator"]) await alice.intent({ type: "take_role", role: r });
    for (const r of ["communication", "analyst"]) await bruno.intent({ type: "take_role", role: r });
    const command = (c: Record<string, unknown>) => api.call("POST", `/api/sessions/${session.id}/command`, { command: c });
    await command({ type: "start", force: true });
    step("started");
    await alice.act("coordinator", "logbook", { text: "Site défiguré constaté, cellule activée." });
    await alice.act("director", "take_site_offline", { owner: "coordinator", rationale: "Couper avant que le pirate n'aille plus loin." });
    await alice.act("director", "message", { to: "president-office", subject: "Point de situation", text: "La cellule est activée, le site est coupé." });
    await bruno.act("analyst", "stakeholder", { actor: "local-news", influence: "high", scope: "regional" });
    await bruno.act("analyst", "stakeholder", { actor: "rectorat", influence: "medium", scope: "regional" });
    await command({ type: "inject_now", inject: "rumour" });
    await bruno.act("communication", "statement", { audience: "external", medium: "press", text: "L'université a identifié un incident et le traite. Point à 11 h." });
    // A live cell replays too: the log so far.
    const live = await api.call<{ cell: { live: boolean; status: string }; log: unknown[] }>("GET", `/api/cells/${session.cells[0].id}/replay`);
    expect(live.cell.live).toBe(true);
    expect(live.log.length).toBeGreaterThan(10);
    await command({ type: "speed", speed: 600 });
    const deadline = Date.now() + 90_000;
    let status = "";
    while (status !== "ended" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await api.call<{ cells: { status: string }[] }>("GET", `/api/sessions/${session.id}`)).cells[0].status;
    }
    expect(status).toBe("ended");
    await alice.act("coordinator", "retex", { faits: "Chronologie relue.", analyse: "SITREP oublié.", forts: "Décision rapide.", ameliorations: "Anticiper le rectorat.", plan: "Fiche réflexe SITREP." });
    await alice.conn.close(); await bruno.conn.close();
    step("played to the end");

    // ---- The replay route: staff only, clear 404, pseudonymised names ----
    const cellId = session.cells[0].id;
    const anonymous = await fetch(`${server.url}/api/cells/${cellId}/replay`);
    expect(anonymous.status).toBe(401);
    const missing = await fetch(`${server.url}/api/cells/c_nope/replay`, { headers: { cookie: (api as unknown as { cookie: string }).cookie } });
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toMatch(/Cellule inconnue/);
    const replay = await api.call<{ log: { payload: { type: string; name?: string } }[]; players: { name: string }[]; scenario: { id: string } }>("GET", `/api/cells/${cellId}/replay?pseudonymize=1`);
    expect(replay.scenario.id).toBe("tutorial");
    expect(replay.players.map((p) => p.name)).toEqual(["Joueur 1", "Joueur 2"]);
    expect(JSON.stringify(replay.log.filter((e) => e.payload.type === "join"))).not.toMatch(/Alice|Bruno/);

    // ---- The evaluator signs in and opens the workspace ----
    const ev = await person(browser, { reducedMotion: true });
    const p = ev.page;
    await p.goto(`${server.url}/#/staff`);
    await p.getByLabel("Identifiant").fill("jury");
    await p.getByLabel("Mot de passe").fill("motdepasse-du-jury");
    await p.getByRole("button", { name: "Se connecter" }).click();
    await p.locator("[data-link=evaluate]").waitFor();
    await shot(p, "39-evaluator-console");
    await p.locator("[data-link=evaluate]").click();
    await p.locator("[data-screen=evaluate-home] table").waitFor();
    await shot(p, "40-evaluate-sessions");
    await audit(p, "evaluate-sessions");
    await p.locator(`a[data-cell="${cellId}"]`).click();
    await p.locator("[data-screen=evaluate] .event-log li").first().waitFor({ timeout: 20_000 });
    await p.locator(".event-log li.current").waitFor();
    await shot(p, "41-evaluate-replay");
    await audit(p, "evaluate-replay");
    step("workspace open");
    // At 1366 and 1920: each role's whole name in its lane (wrapped if it must, never cut), and a log heading that
    // says what it counts beside the scrubber's entries.
    for (const size of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      await p.setViewportSize(size);
      const cut = await p.locator(".lane-label").evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
      expect(cut, `lane names cut at ${size.width}`).toEqual([]);
      await shot(p, `h30-evaluate-lanes-${size.width}`);
    }
    await p.setViewportSize({ width: 1366, height: 768 });
    expect(await p.locator("[data-log-count]").innerText()).toMatch(/^\d+ événements visibles sur \d+ entrées/);

    // ---- Scrub with the keyboard, step, play and pause ----
    const readout = p.locator("[data-readout]");
    const range = p.locator("[data-control=scrub]");
    await range.focus();
    await p.keyboard.press("Home");
    await expect(range.inputValue()).resolves.toBe("0");
    for (let i = 0; i < 12; i++) await p.keyboard.press("ArrowRight");
    await expect(range.inputValue()).resolves.toBe("12");
    await expect(range.getAttribute("aria-valuetext")).resolves.toMatch(/entrée 12\//);
    await p.locator("[data-control=next]").click();
    const afterNext = Number(await range.inputValue());
    expect(afterNext).toBeGreaterThan(12);
    await p.locator("[data-control=prev]").click();
    expect(Number(await range.inputValue())).toBeLessThan(afterNext);
    await p.locator("[data-control=speed]").selectOption("600");
    await p.locator("[data-control=play]").click();
    await p.waitForTimeout(1200);
    await p.locator("[data-control=play]").click();
    await expect(p.locator("[data-control=play]").getAttribute("aria-pressed")).resolves.toBe("false");
    await shot(p, "42-evaluate-scrubbed");
    await p.locator("[data-lanes=channel]").click();
    await p.locator(".lane[data-lane=internal]").waitFor();
    await shot(p, "42b-evaluate-lanes-by-channel");
    await p.locator("[data-lanes=role]").click();

    // ---- Seek to a log entry (the statement), then to a time ----
    const statementLine = p.locator(".event-log .log-line", { hasText: "Publier une déclaration" }).first();
    const seq = await statementLine.getAttribute("data-seq");
    await statementLine.click();
    await expect(p.locator(".event-log li.current .log-line").getAttribute("data-seq")).resolves.toBe(seq);
    await expect(range.getAttribute("aria-valuetext")).resolves.toContain(`entrée ${seq}/`);
    await p.locator(".lane-item.future").first().waitFor();
    await shot(p, "43-evaluate-seek-entry");
    await p.getByLabel("Aller à", { exact: true }).fill("T+00:30");
    await p.locator("[data-control=goto]").click();
    await expect(readout.textContent()).resolves.toMatch(/^T\+00:(2\d|30)/);
    await p.getByLabel("Aller à", { exact: true }).fill("n'importe quoi");
    await p.locator("[data-control=goto]").click();
    await p.locator(".eval-transport .form-error", { hasText: "Heure non reconnue" }).waitFor();
    await statementLine.click();

    // ---- As seen by a role ----
    await p.getByRole("tab", { name: "Vu par un rôle" }).click();
    await p.locator("[data-control=seen-role]").selectOption("communication");
    await expect(p.locator(".seen-who").textContent()).resolves.toContain("Bruno");
    const commInbox = await p.locator(".seen-list li").count();
    expect(commInbox).toBeGreaterThan(0);
    await p.locator(".seen-list summary").first().click();
    await shot(p, "44-evaluate-seen-by-role");
    await audit(p, "evaluate-seen");
    await p.locator("[data-control=seen-role]").selectOption("director");
    await expect(p.locator(".seen-who").textContent()).resolves.toContain("Alice");

    // ---- Annotation tagged C4.2 at this moment ----
    await p.getByRole("tab", { name: "Annotations" }).click();
    await expect(p.locator("[data-pin]").textContent()).resolves.toContain(`n° ${seq}`);
    await p.locator("form[data-form=annotation] select[name=competency]").selectOption("C4.2");
    await p.locator("form[data-form=annotation] textarea").fill("Déclaration d'attente claire, publiée juste après la rumeur.");
    await p.locator("form[data-form=annotation] button[type=submit]").click();
    await p.locator(".notes-list li", { hasText: "juste après la rumeur" }).waitFor();
    await expect(p.locator(".notes-list li .tag").first().textContent()).resolves.toBe("C4.2");
    await p.locator(".strip-note").first().waitFor();
    await shot(p, "45-evaluate-annotation");
    await audit(p, "evaluate-notes");

    // ---- Override a level: refused without a justification, accepted with one ----
    await p.getByRole("tab", { name: "Évaluation" }).click();
    await p.locator(".assess tbody tr").first().waitFor({ timeout: 15_000 });
    await p.locator("[data-agreement]").waitFor();
    const form = p.locator("form[data-form=override]");
    await form.locator("select[name=scope]").selectOption("cell");
    await form.locator("select[name=competency]").selectOption("C4.2");
    const hint = (await form.locator(".hint").textContent()) ?? "";
    const computed = Number(/calculé : (\d)/.exec(hint)?.[1] ?? "-1");
    const other = computed === 3 || computed < 0 ? 1 : computed + 1;
    await form.locator("select[name=level]").selectOption(String(other));
    await form.locator("button[type=submit]").click();
    await form.locator("[data-form-error]", { hasText: /justification/i }).waitFor();
    await shot(p, "46-evaluate-override-refused");
    // The table's last column (« Réviser ») stays inside the workspace at 1366 and 1920.
    for (const size of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      await p.setViewportSize(size);
      const over = await p.locator(".assess").evaluate((table) => {
        const panel = table.closest("[role=tabpanel]") ?? table.parentElement!;
        const right = Math.min(panel.getBoundingClientRect().right, document.documentElement.clientWidth);
        return [...table.querySelectorAll("[data-revise-item]")].map((b) => b.getBoundingClientRect().right - right).filter((d) => d > 1);
      });
      expect(over, `« Réviser » cut at ${size.width}`).toEqual([]);
      await p.locator(".assess").scrollIntoViewIfNeeded();
      await shot(p, `h30-evaluate-assess-${size.width}`);
    }
    await p.setViewportSize({ width: 1366, height: 768 });
    await form.locator("textarea[name=justification]").fill("La déclaration est partie tard et sans point de situation annoncé.");
    await form.locator("button[type=submit]").click();
    await form.locator(".form-status.ok").waitFor();
    await p.locator('.assess tr[data-item="cell|cell|C4.2"]', { hasText: "jury" }).waitFor();
    await p.locator('.assess tr[data-item="cell|cell|C4.2"]').scrollIntoViewIfNeeded();
    await shot(p, "47-evaluate-override-saved");
    await audit(p, "evaluate-assess");
    // Evidence seeks the replay.
    const evidence = p.locator("[data-evidence]").first();
    if (await evidence.count()) { await evidence.click(); await p.locator(".event-log li.current").waitFor(); }

    // ---- Exports: download the CSV ----
    await p.getByRole("tab", { name: "Exports" }).click();
    await shot(p, "48-evaluate-exports");
    await audit(p, "evaluate-exports");
    // Every export link answers (same routes as the assessment API), pseudonymised or not.
    const cookie = (api as unknown as { cookie: string }).cookie;
    for (const pseudo of [false, true]) {
      if (pseudo) await p.locator("[data-control=pseudo]").check();
      for (const href of await p.locator("[data-export]").evaluateAll((els) => els.map((e) => e.getAttribute("href")!))) {
        const res = await fetch(server.url + href, { headers: { cookie } });
        expect(`${href} ${res.status}`).toBe(`${href} 200`);
        if (pseudo && /export|csv/.test(href)) expect(await res.text()).not.toMatch(/Alice|Bruno/);
      }
    }
    await p.locator("[data-control=pseudo]").uncheck();
    const [download] = await Promise.all([p.waitForEvent("download"), p.locator("[data-export=csv]").click()]);
    const path = join(ARTIFACTS, "evaluate-export.csv");
    await download.saveAs(path);
    const csv = readFileSync(path, "utf8");
    expect(csv.length).toBeGreaterThan(20);
    expect(csv).not.toMatch(/"error"/);
    saveArtifact("evaluate-errors.txt", ev.errors.join("\n"));
    // Expected: the 401 of /api/me before signing in, the 400 of the override refused without a justification.
    expect(ev.errors.filter((e) => !/favicon|status of (401|400)/.test(e))).toEqual([]);
    // ---- The same workspace in English ----
    await p.locator("[data-action=lang]").click();
    await p.locator("[data-control=play]", { hasText: "Play" }).waitFor({ timeout: 20_000 });
    await p.getByRole("tab", { name: "As seen by a role" }).click();
    await shot(p, "49-evaluate-english");
    await audit(p, "evaluate-english");
    step("done");
  }, 400_000);
});
