import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/scenario/load.js";
import { compileScenario } from "../../shared/engine/compile.js";
import { replay } from "../../shared/engine/engine.js";
import type { LogPayload } from "../../shared/engine/log.js";
import { axeAuditor } from "./axe.js";
import { Api, ARTIFACTS, browserSuite, chromiumAvailable, person, ROOT, saveArtifact, shot, signInStaff, type RunningServer } from "./harness.js";

/**
 * A class as a jury would watch it: two cells of three play the ransomware
 * scenario from the same seed. The strong cell qualifies the situation,
 * isolates the network and publishes a holding statement; in the weak cell
 * the director publicly attributes the attack to a State and the
 * spokesperson does nothing. Then:
 * - the weak cell's debrief cites the harmful action, who took it, when, and
 *   what followed (a branch outcome by its label, a teaching note);
 * - the idle spokesperson is "non évalué — aucune preuve" everywhere, not
 *   given the team's level;
 * - the instructor's console compares both cells on the attribution branch;
 * - no id-like token (a42, p_…, c_…, a scenario id, « [design] ») shows on
 *   any debrief, console or evaluator screen, at 1366×768 and 1920×1080.
 */

const { findings: axeFindings, audit } = axeAuditor();
const scenarioText = readFileSync(join(ROOT, "scenarios/ransomware-logirhone.yaml"), "utf8");
const loaded = loadScenario(scenarioText, "ransomware");
if (!loaded.ok) throw new Error("bundled ransomware scenario invalid");
const sc = loaded.scenario;
/** Scenario ids that can never be an ordinary word (they hold "-" or "_"): none may reach a reader. */
const COMPOUND_IDS = [...new Set([
  ...sc.injects.map((x) => x.id), ...sc.actions.map((x) => x.id), ...sc.expectations.map((x) => x.id), ...sc.triggers.map((x) => x.id),
  ...sc.triggers.flatMap((x) => (x.branch ? [x.branch.id, x.branch.outcome] : [])), ...sc.personas.map((x) => x.id), ...sc.roles.map((x) => x.id),
  "self_assessment", "task_update", "holding_statement_delay", "sitrep_delay", "deadlines_met", "retex_completeness",
])].filter((id) => /[-_]/.test(id));

function idTokens(text: string): string[] {
  const found: string[] = [];
  for (const re of [/\b[ad]\d{1,4}\b/g, /\b[pc]_[A-Za-z0-9_-]{4,}/g, /\[design\]/gi, /\bnon tenue\b/gi]) found.push(...(text.match(re) ?? []));
  for (const id of COMPOUND_IDS) if (new RegExp(`(^|[^\\w-])${id.replace(/[-]/g, "\\-")}($|[^\\w-])`).test(text)) found.push(id);
  return found;
}

async function sweep(page: Page, where: string, seen: Record<string, string[]>): Promise<void> {
  for (const size of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    const text = await page.locator("body").innerText();
    const tokens = idTokens(text);
    if (tokens.length) seen[`${where}@${size.width}`] = tokens;
    await shot(page, `class-${where}-${size.width}`);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

const ROLES = ["director", "communication", "analyst"] as const;

describe.skipIf(!chromiumAvailable())("a class of two cells, to the debrief", () => {
  let server: RunningServer;
  let browser: Browser;

  browserSuite("class", { CLOCK_MS: "250" }, async (s, b) => {
    server = s; browser = b;
  }, () => {
    saveArtifact("class-axe.json", JSON.stringify(axeFindings, null, 2));
  });

  it("the weak cell's debrief cites what it did wrong and what followed; nobody borrows a level; no id shows anywhere", async () => {
    const pages: Page[] = [];
    try { await play(pages); } catch (err) {
      await Promise.all(pages.map((p, i) => shot(p, `zz-class-failure-${i}`).catch(() => undefined)));
      throw err;
    }
  }, 900_000);

  async function play(pages: Page[]): Promise<void> {
    const api = new Api(server.url);
    await api.call("POST", "/api/setup", { token: server.setupToken, username: "animatrice", password: "motdepasse-solide" });
    const session = await api.call<{ id: string; code: string; cells: { id: string; code: string }[] }>("POST", "/api/sessions", { scenario: "ransomware-logirhone", cells: 2, name: "Promo Paris" });

    // The instructor's console, signed in in the browser.
    const inst = await person(browser, { reducedMotion: true });
    const ip = inst.page;
    pages.push(ip);
    ip.on("dialog", (d) => void d.accept());
    await signInStaff(ip, server.url);
    await ip.goto(`${server.url}/#/staff/session/${session.id}`);
    await ip.locator(".cell-card").nth(1).waitFor({ timeout: 20_000 });

    // Two cells of three, each student in a browser of their own.
    const cells: { name: string; role: (typeof ROLES)[number]; page: Page }[][] = [];
    for (const [c, cell] of session.cells.entries()) {
      const team = [];
      for (const role of ROLES) {
        const p = await person(browser, { reducedMotion: true });
        pages.push(p.page);
        const name = `${["Alice", "Bruno", "Chloé"][ROLES.indexOf(role)]} ${c === 0 ? "Forte" : "Faible"}`;
        await p.page.goto(server.url);
        await p.page.getByLabel("Code de session").fill(cell.code);
        await p.page.getByLabel("Nom affiché").fill(name);
        await p.page.getByRole("button", { name: "Rejoindre" }).click();
        await p.page.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
        await p.page.locator(`[data-seat=${role}]`).click();
        await p.page.locator(`.seat-card[data-role=${role}].seat-mine`).waitFor();
        team.push({ name, role, page: p.page });
      }
      cells.push(team);
    }
    const [strong, weak] = cells;
    const who = (team: typeof strong, role: (typeof ROLES)[number]) => team.find((s) => s.role === role)!.page;

    // Start every cell (required roles are held; the others fall back as the scenario says).
    await ip.locator("[data-cmd=start-all]").click();
    for (const team of cells) for (const s of team) await s.page.locator("[data-screen=cell]").waitFor({ timeout: 30_000 });

    // The strong cell: a qualified SITREP, the network isolated, a holding statement.
    const sa = who(strong, "analyst");
    await sa.locator("[data-tab=sitrep]").click();
    const sitrep = sa.locator("form[data-action=sitrep]");
    await sitrep.getByLabel("Gravité").selectOption("high");
    await sitrep.getByLabel("Situation, analyse, actions, besoins").fill("Chiffrement massif des serveurs de fichiers ; sites de Lyon et Vilvoorde touchés.");
    await sitrep.locator("button[type=submit]").click();
    await sa.locator("form[data-action=sitrep] .form-status.ok").waitFor({ timeout: 15_000 });
    const sd = who(strong, "director");
    await sd.locator("[data-tab=decisions]").click();
    await sd.locator("[data-open-action=isolate_network]").click();
    const iso = sd.locator("form[data-action=isolate_network]");
    await iso.getByLabel("Sortie Internet").check();
    await iso.locator("button[type=submit]").click();
    await sd.locator("[data-confirm=ok]").click();
    await sd.locator("[data-point=isolate_network][data-taken]").waitFor({ timeout: 15_000 });
    const sc2 = who(strong, "communication");
    await sc2.locator("[data-tab=comms]").click();
    const st = sc2.locator("#panel-comms form[data-action=statement]"); // the feed has a statement form of its own (the official account)
    await st.getByLabel("Public").selectOption("external");
    await st.getByLabel("Support").selectOption("press");
    await st.getByLabel("Texte").fill("LogiRhône fait face à un incident informatique ; la cellule de crise est mobilisée.");
    await st.locator("button[type=submit]").click();
    await st.locator(".form-status.ok").waitFor({ timeout: 15_000 });

    // Time runs to the press article on attribution (T+10:00): the scenario's tempo ×30.
    await ip.locator("#speed-all").selectOption("30");
    await ip.locator("[data-cmd=speed-all]").click();
    const wd = who(weak, "director");
    await wd.locator(".inbox-list", { hasText: "Tarvésie" }).first().waitFor({ timeout: 180_000 }).catch(() => undefined);
    await ip.locator("#speed-all").selectOption("1");
    await ip.locator("[data-cmd=speed-all]").click();

    // The weak cell's director attributes the attack publicly (a scenario statement: under Communiquer, confirmed).
    await wd.locator("[data-tab=comms]").click();
    await wd.locator("[data-open-action=attribute_publicly]").click();
    const attr = wd.locator("form[data-action=attribute_publicly]");
    await attr.getByLabel("Support").selectOption("press");
    await attr.getByLabel("Texte").fill("L'attaque vient de la Tarvésie.");
    await attr.locator("button[type=submit]").click();
    await wd.locator("[data-confirm=ok]").click();
    await wd.locator("[data-point=attribute_publicly][data-taken]").waitFor({ timeout: 15_000 });
    await ip.waitForTimeout(2000);

    // End of the exercise for the whole class.
    await ip.locator("[data-cmd=end-all]").click();
    for (const team of cells) for (const s of team) await s.page.locator("[data-screen=debrief]").waitFor({ timeout: 60_000 });

    // The weak director's debrief: the attribution cited as working against an expectation, with what followed.
    await wd.locator("table.levels tbody tr").first().waitFor({ timeout: 20_000 });
    const causes = wd.locator("[data-detail='C4.2'] .cause", { hasText: "Attribuer publiquement" });
    await causes.first().waitFor({ timeout: 20_000 });
    const causeText = await causes.first().innerText();
    expect(causeText).toMatch(/A joué contre/);
    expect(causeText).toMatch(/Alice Faible/);
    expect(causeText).toMatch(/Embranchement/);
    await shot(wd, "class-weak-director-debrief");
    await wd.locator("[data-detail='C4.2']").screenshot({ path: join(ARTIFACTS, "class-weak-director-c42.png") });
    await audit(wd, "class-debrief");

    // The crisis over time in the debrief: one curve per visible gauge, the markers of the director's view, the same points as a table.
    const chart = wd.locator("[data-crisis-chart]");
    await chart.waitFor({ timeout: 20_000 });
    const visibleGauges = sc.gauges.filter((g) => g.visible).length;
    expect(await chart.locator('g.gauge-line path').count()).toBe(visibleGauges);
    const dots = await chart.locator('g.markers > *').count();
    expect(dots).toBeGreaterThan(0);
    expect(await chart.locator("table[data-chart-table=markers] tbody tr").count()).toBe(dots);
    expect(await chart.locator("table[data-chart-table=gauges] tbody tr").count()).toBe(visibleGauges);
    await chart.screenshot({ path: join(ARTIFACTS, "class-weak-director-chart.png") });

    // The idle spokesperson: no borrowed level.
    const wc = who(weak, "communication");
    await wc.locator("table.levels tbody tr").first().waitFor({ timeout: 20_000 });
    const yours = await wc.locator("table.levels tbody tr td:nth-child(3)").allInnerTexts();
    expect(yours.length).toBeGreaterThan(0);
    for (const cell of yours) expect(cell).toMatch(/non évalué — aucune preuve/);
    // The strong analyst has their own C4.1 level, from their SITREP.
    await sa.locator("table.levels tr[data-competency='C4.1'] td:nth-child(3) .level").waitFor({ timeout: 20_000 });

    // The instructor compares both cells on the attribution branch point.
    await ip.locator("details.compare-host summary").click();
    const cmp = ip.locator("[data-compare]");
    await cmp.locator("select[name=kind]").selectOption("branch");
    const option = cmp.locator("select[name=target] option", { hasText: /attribution|Tarvésie/i }).first();
    await cmp.locator("select[name=target]").selectOption(await option.getAttribute("value") ?? "0");
    await cmp.locator("[data-compare-show]").click();
    await cmp.locator("[data-compare-cell]").nth(1).waitFor({ timeout: 20_000 });
    const cmpText = await cmp.innerText();
    expect(cmpText).toMatch(/décidé par .*Alice Faible/);
    await cmp.screenshot({ path: join(ARTIFACTS, "class-compare.png") });
    await audit(ip, "class-compare");
    // The collective view: every cell's chart, one under the other.
    await ip.locator("details.collective-host summary").click();
    await ip.locator("[data-collective] [data-crisis-chart]").nth(1).waitFor({ timeout: 30_000 });
    await ip.locator("[data-collective]").screenshot({ path: join(ARTIFACTS, "class-collective.png") });
    await audit(ip, "class-collective");

    // The evaluator workspace of the weak cell, the assessment tab and one item's detail.
    const ev = await person(browser, { reducedMotion: true });
    pages.push(ev.page);
    const ep = ev.page;
    await signInStaff(ep, server.url);
    await ep.goto(`${server.url}/#/evaluate/${session.id}/${session.cells[1].id}`);
    await ep.locator("[data-screen=evaluate] .event-log li").first().waitFor({ timeout: 30_000 });
    // The evaluator's chart: every delivered inject and every decision of the log is a marker; Enter on one seeks the replay.
    await ep.locator("[data-tab=ev-chart]").click();
    const echart = ep.locator("[data-crisis-chart]");
    await echart.waitFor({ timeout: 20_000 });
    const replayLog = await api.call<{ log: { payload: LogPayload }[] }>("GET", `/api/cells/${session.cells[1].id}/replay`);
    const folded = replay(compileScenario(sc), replayLog.log.map((e) => e.payload));
    expect(await echart.locator('[data-marker-kind="inject"]').count()).toBe(folded.deliveries.length * 2); // the dot and its table row
    expect(await echart.locator('svg [data-marker-kind="decision"]').count()).toBe(folded.actions.filter((a) => a.kind === "decision" && a.status === "done").length);
    const before = await ep.locator("[data-control=scrub]").inputValue();
    await echart.locator('svg [data-marker-kind="inject"]').first().focus();
    await ep.keyboard.press("Enter");
    await expect.poll(() => ep.locator("[data-control=scrub]").inputValue()).not.toBe(before);
    await audit(ep, "class-evaluator-chart");
    await ep.locator("[data-tab=ev-assess]").click();
    await ep.locator("[data-scope=student]").click();
    await ep.locator("table.assess [data-detail-item]").first().click();
    await ep.locator(".assess-detail .competency-lines").waitFor();
    await ep.locator(".assess-detail").screenshot({ path: join(ARTIFACTS, "class-evaluator-detail.png") });

    // No id-like token anywhere a person reads.
    const seen: Record<string, string[]> = {};
    for (const team of cells) for (const s of team) {
      for (const tab of ["results", "rubric", "timeline"]) {
        await s.page.locator(`[data-tab=${tab}]`).click();
        await sweep(s.page, `${s.role}-${s.name.split(" ")[1]}-${tab}`, seen);
      }
    }
    await sweep(ip, "console", seen);
    await ip.locator("[data-tab=tracker]").first().click().catch(() => undefined);
    await sweep(ip, "console-tracker", seen);
    for (const tab of ["ev-lanes", "ev-assess"]) {
      await ep.locator(`[data-tab=${tab}]`).click();
      await sweep(ep, `evaluator-${tab}`, seen);
    }
    saveArtifact("class-id-sweep.json", JSON.stringify(seen, null, 2));
    expect(seen).toEqual({});
  }
});
