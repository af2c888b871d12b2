import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { LogPayload } from "../../shared/engine/index.js";
import { tr } from "../../shared/scenario/text.js";
import { traceCauses } from "../../shared/scoring/causes.js";
import { scoreCell } from "../../shared/scoring/index.js";
import { loadCellById } from "../../server/assessment/cell-data.js";
import { sessionNames } from "../../server/assessment/pseudonyms.js";
import { competencyText, reportWords } from "../../server/assessment/labels.js";
import { COMPETENCIES } from "../../shared/scenario/competency.js";
import { buildReport } from "../../server/report/model.js";
import { renderReportPdf } from "../../server/report/pdf.js";
import { compileText } from "../../server/scenarios.js";
import { startEvalServer, type EvalServer } from "./eval-server.js";
import { FRENCH_WORDS, ID_SHAPES, idsIn, scenarioIds, xapiReadable } from "./id-sweep.js";
import { NAMES } from "./recorded.js";
import { testPort } from "./helpers.js";

/**
 * Documents for the records, through the real HTTP API: the RETEX PDF (drawn
 * to PNG with poppler's pdftoppm, read back with pdftotext), the CSV of
 * levels, the xAPI statements checked against the spec's required fields,
 * and their delivery to a learning record store (a real HTTP server here).
 * The recorded session has one harmful action (a public attribution by the
 * spokesperson, tests/server/recorded.ts): the report must cite it as the
 * cause of the miss. No document may show an id where a label should be.
 */

let s: EvalServer;
let sid: string, cid: string;
beforeAll(async () => {
  s = await startEvalServer(testPort(2612));
  sid = s.recorded.session.id;
  cid = s.recorded.cells[0].id;
  // One override with a justification that needs CSV quoting, and annotations for the report.
  const pid = Object.keys(s.recorded.players).find((p) => s.recorded.players[p] === "Anaïs Çelik")!;
  const r = await s.ev1.post(`/api/cells/${cid}/assessments`, { scope: "student", subject: pid, competency: "C4.2", level: 1, justification: "Déclaration \"tardive\", mais claire ; relire Anaïs Çelik" });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  const cellOverride = await s.ev2.post(`/api/cells/${cid}/assessments`, { scope: "cell", subject: "cell", competency: "C4.3", level: 1, justification: "Main courante irrégulière, points de situation tardifs." });
  if (cellOverride.status !== 201) throw new Error(JSON.stringify(cellOverride.body));
  // A justification a spreadsheet would run as a formula.
  const noe = Object.keys(s.recorded.players).find((p) => s.recorded.players[p] === "Noé Müller")!;
  const formula = await s.ev2.post(`/api/cells/${cid}/assessments`, { scope: "student", subject: noe, competency: "C4.1", level: 3, justification: "=1+1 confirmé : qualification juridique complète." });
  if (formula.status !== 201) throw new Error(JSON.stringify(formula.body));
  await s.ev2.post(`/api/cells/${cid}/annotations`, { at: 2700, text: "+ Porte-parole unique, messages cohérents." });
  await s.ev2.post(`/api/cells/${cid}/annotations`, { at: 5400, text: "→ Former la cellule à la notification CNIL." });
}, 60_000);
afterAll(async () => { await s?.close(); });

/** The ids of the recorded session and of its scenario that no document may print. */
function allIds(): Map<string, string> {
  const extra: Record<string, string> = { [sid]: "session", ...Object.fromEntries(s.recorded.cells.map((c) => [c.id, "cell"])), ...Object.fromEntries(Object.keys(s.recorded.players).map((p) => [p, "player"])) };
  return scenarioIds(compileText(s.recorded.session.scenarioText, s.recorded.session.scenarioFile), extra);
}
const flat = (t: string) => t.replace(/Sangfroid — Cellule \d+ — page \d+ \/ \d+/g, " ").replace(/\s+/g, " ");
/** The text of a section, from its heading to the next one. */
const section = (t: string, from: string, to: string) => { const a = t.indexOf(from), b = t.indexOf(to, a + from.length); expect(a, from).toBeGreaterThanOrEqual(0); return t.slice(a, b < 0 ? undefined : b); };
/** Poppler's tools, run without blocking the event loop (a blocked loop misses the server closing idle keep-alive sockets). */
const run = async (cmd: string, args: string[]) => (await promisify(execFile)(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 })).stdout;
/** The PDF's text: in reading order (texts that wrap read as one), or laid out as on the page (columns side by side). */
const pdfText = (bytes: Buffer, name: string, layout = false) => {
  const file = join(s.dir, name);
  writeFileSync(file, bytes);
  return run("pdftotext", [...(layout ? ["-layout"] : []), file, "-"]);
};

async function download(path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(s.base + path, { headers: { cookie: s.ev1.cookie } });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("RETEX report (PDF)", () => {
  it("renders a French report: headings, accented names, first and last pages drawn", async () => {
    const r = await download(`/api/cells/${cid}/report.pdf?lang=fr`);
    expect(r.status).toBe(200);
    expect(r.type).toBe("application/pdf");
    expect(r.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const file = join(s.dir, "retex.pdf");
    writeFileSync(file, r.bytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(await run("pdfinfo", [file]))![1]);
    expect(pages).toBeGreaterThan(2);
    await run("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", file, join(s.dir, "first")]);
    await run("pdftoppm", ["-png", "-r", "50", "-f", String(pages), "-l", String(pages), file, join(s.dir, "last")]);
    const pngs = readdirSync(s.dir).filter((f) => f.endsWith(".png"));
    expect(pngs.some((f) => f.startsWith("first"))).toBe(true);
    expect(pngs.some((f) => f.startsWith("last"))).toBe(true);
    for (const f of pngs) expect(statSync(join(s.dir, f)).size, f).toBeGreaterThan(8_000); // a blank A4 page at 50 dpi is ~1 KB
    // Kept as test artifacts, to look at.
    const artifacts = join(import.meta.dirname, "../../test-artifacts/report");
    mkdirSync(artifacts, { recursive: true });
    copyFileSync(file, join(artifacts, "retex-fr.pdf"));
    await run("pdftoppm", ["-png", "-r", "70", file, join(artifacts, "retex-fr")]);
    const text = await run("pdftotext", ["-layout", file, "-"]);
    for (const h of ["Retour d'expérience (RETEX)", "1. Contexte et objectifs", "2. Faits — chronologie", "3. Analyse — attendu et réalisé", "4. Points forts",
      "5. Axes d'amélioration", "6. Plan d'action", "7. RETEX rédigés par les étudiants", "8. Auto-évaluations", "9. Révisions des évaluateurs",
      "Annexe B — Niveaux par rôle", "Annexe C — Grille d'évaluation en vigueur", "Compétences visées"]) expect(text).toContain(h);
    // Page breaks never leave a heading, a sub-heading or a person's header alone at the foot of a page.
    const L = reportWords("fr");
    const heads = [...(["context", "facts", "analysis", "strengths", "improvements", "plan", "retex", "selfAssessment", "overrides", "annexStudents", "annexRoles", "rubric",
      "competencies", "roles", "objectives", "levelsGrid", "studentLevels", "cellLevel", "rubricGeneral", "rubricIndicators", "rubricExpectations"] as const).map((k) => L(k)),
      ...COMPETENCIES.map((c) => `${c} — ${competencyText("fr", c)}`), ...NAMES];
    const pageEnds = text.split("\f").map((p) => p.split("\n").filter((l) => l.trim() && !/Sangfroid — Cellule/.test(l)).at(-1)?.trim() ?? "");
    for (const [i, last] of pageEnds.entries()) expect(heads.find((h) => last.startsWith(h)), `page ${i + 1} ends with « ${last} »`).toBeUndefined();
    const t = flat(await run("pdftotext", [file, "-"])); // reading order, for texts that wrap
    expect(t).toContain("Annexe A — Niveaux de chaque étudiant, sur ses propres preuves");
    for (const n of ["Éloïse Brûlé", "Łukasz Nowak", "Jérôme Œuvray"]) expect(text).toContain(n);
    expect(text).toMatch(/T\+00:45/);
    expect(text).toContain("« Ambiance au boulot »"); // guillemets from the scenario
    expect(text).toContain("Rédiger une fiche réflexe rançongiciel"); // players' action plan
    expect(text).toContain("Former la cellule à la notification CNIL"); // evaluators' plan line
    expect(text).toContain("Porte-parole unique, messages cohérents."); // evaluators' strength
    // Facts in words: branch outcomes by their label, form answers by their option's label.
    expect(t).toContain("Réseau isolé dans l'heure : sauvegardes intactes, reprise rapide possible");
    expect(t).toMatch(/Rédiger un SITREP · Analyste situation & anticipation \(Zoë Leclère\) : Gravité : Faible/);
    expect(t).toContain("Public : Externe (presse, public) — Support : Communiqué de presse");
  });

  it("opens on the crisis over time and the levels at a glance, drawn as vector graphics, with their words as text", async () => {
    const file = join(s.dir, "retex-charts.pdf");
    writeFileSync(file, (await download(`/api/cells/${cid}/report.pdf?lang=fr`)).bytes);
    const first = await run("pdftotext", ["-f", "1", "-l", "1", "-layout", file, "-"]);
    // The charts' titles, axis and row labels are selectable text on page 1.
    for (const w of ["La crise au fil du temps", "Niveaux en un coup d'œil", "Temps de jeu", "Confiance publique", "Exposition juridique", "Injects reçus", "Décisions", "T+00", "T+12", "C4.1", "C4.4", "Cellule 1"]) {
      expect(first, w).toContain(w);
    }
    // Page 1 is not text only: rendered (raw PPM at 60 dpi), it holds the curves' colours, which no text of the report uses.
    await run("pdftoppm", ["-r", "60", "-f", "1", "-l", "1", file, join(s.dir, "charts")]);
    const ppm = readFileSync(join(s.dir, readdirSync(s.dir).find((f) => f.startsWith("charts") && f.endsWith(".ppm"))!));
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString("latin1"))!;
    const pixels = ppm.subarray(header[0].length);
    const near = (r: number, g: number, b: number) => { let n = 0; for (let i = 0; i + 2 < pixels.length; i += 3) if (Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 60) n++; return n; };
    expect(near(0xe6, 0x9f, 0x00), "orange curve (continuity)").toBeGreaterThan(150);
    expect(near(0x00, 0x9e, 0x73), "green curve (legal exposure)").toBeGreaterThan(150);
    expect(near(0x00, 0x72, 0xb2), "blue curve (trust)").toBeGreaterThan(150);
    const images = await run("pdfimages", ["-f", "1", "-l", "1", "-list", file]);
    expect(images.trim().split("\n").length).toBeLessThanOrEqual(2); // header lines only: the charts are vectors, not pictures
    // Everything else stays text: the context section starts on page 2.
    expect(await run("pdftotext", ["-f", "2", "-l", "2", file, "-"])).toContain("1. Contexte et objectifs");
  });

  it("carries each student's RETEX in full (all five sections) under its author, and every override with its evaluator and justification", async () => {
    const t = flat(await pdfText((await download(`/api/cells/${cid}/report.pdf?lang=fr`)).bytes, "retex-full.pdf"));
    const retex = section(t, "7. RETEX rédigés par les étudiants", "8. Auto-évaluations");
    expect(retex).toContain("Éloïse Brûlé (Directeur·rice de crise) · J+3 10:00 (T+70:00) Faits Chiffrement détecté à T+00:00, cellule activée à T+00:12. "
      + "Analyse Isolement rapide ; communication externe tardive. Points forts Coordination claire autour de Zoë Leclère ; décisions tracées. "
      + "Axes d'amélioration Déclaration d'attente trop tardive ; « main courante » irrégulière. "
      + "Plan d'action 1. Rédiger une fiche réflexe rançongiciel — RSSI — J+30 2. Exercer la cellule chaque trimestre — DG 3. Préparer des modèles de communiqué");
    // Every student's RETEX (the bots' short one), each under its own name.
    for (const n of NAMES) expect(retex).toMatch(new RegExp(`${n} \\([^)]+(\\))?\\) · J\\+3 10:00 \\(T\\+70:00\\) Faits Chronologie relue\\. Analyse Écarts identifiés\\.`));
    const overrides = section(t, "9. Révisions des évaluateurs", "Annexe A");
    expect(overrides).toMatch(/Étudiant Anaïs Çelik — C4\.2 — jury1 \([\d-]+ [\d:]+ UTC\) : calculé 3 Maîtrisé → 1 En cours d'acquisition justification : Déclaration "tardive", mais claire ; relire Anaïs Çelik/);
    expect(overrides).toMatch(/Cellule Cellule 1 — C4\.3 — jury2 \([\d-]+ [\d:]+ UTC\) : calculé 2 Acquis → 1 En cours d'acquisition justification : Main courante irrégulière, points de situation tardifs\./);
  });

  it("shows the cell's level beside each student's own, how each came about, each item with its rule, and the causes of a miss", async () => {
    const bytes = (await download(`/api/cells/${cid}/report.pdf?lang=fr`)).bytes;
    const t = flat(await pdfText(bytes, "retex-analysis.pdf"));
    const analysis = section(t, "3. Analyse — attendu et réalisé", "4. Points forts");
    // Side by side on one line: the cell, then each student (their roles beneath); no evidence reads "non évalué — aucune preuve".
    const grid = section(await pdfText(bytes, "retex-grid.pdf", true), "Niveaux par compétence", "C4.1 — Analyser");
    expect(grid).toMatch(/^\s*C4\.1\s+C4\.2\s+C4\.3\s+C4\.4\s*$/m);
    expect(grid).toMatch(/^Cellule 1\s+3 Maîtrisé\s+3 Maîtrisé\s+2 Acquis\s+3 Maîtrisé\s*$/m);
    expect(grid).toMatch(/^La cellule\s+retenu : 1 En cours\s*$/m); // the evaluators' level under the computed one
    expect(grid).toMatch(/^Anaïs Çelik\s+non évalué —\s+3 Maîtrisé\s+non évalué —\s+3 Maîtrisé\s*$/m);
    expect(grid).toMatch(/^Communication \/ porte-parole\s+aucune preuve\s+retenu : 1 En cours\s+aucune preuve\s*$/m);
    expect(analysis).toMatch(/La cellule : 3 Maîtrisé attentes [\d,]+\/3 · indicateurs [\d,]+\/3/);
    // An item with its rule in words, its outcome, its evidence line.
    expect(analysis).toContain("★ Déclaration d'attente ≤ 1 h après l'exposition publique : tenue — 3/3 (sur la cellule) Règle : Dans les 1 h après la remise de « « Ambiance au boulot » — photo de l'écran de rançon » ; en retard jusqu'à 2 h ; poids 2");
    expect(analysis).toContain("12:45 — Anaïs Çelik (Communication / porte-parole) — Publier une déclaration");
    // The miss and its cause: who acted against it, what followed, the teaching notes.
    const miss = section(analysis, "Ligne prudente sur l'attribution, sans accuser d'État : manquée — 0/3 (sur la cellule)", "Riposte au faux mémo");
    expect(miss).toContain("Causes A joué contre : 22:00 — Anaïs Çelik (Communication / porte-parole) — Attribuer publiquement l'attaque à la Tarvésie");
    expect(miss).toContain("→ Embranchement : Attribution publique à la Tarvésie : son ambassade proteste, le MEAE recadre");
    expect(miss).toContain("→ Inject déclenché : « Ambassade de Tarvésie — protestation »");
    expect(miss).toContain("Note pédagogique : En France, l'attribution publique d'une cyberattaque à un État est une décision souveraine du Gouvernement");
    // The student's own annex: the same action, against her own item, and nobody else's evidence.
    const annex = section(t, "Annexe A", "Annexe B");
    const anais = section(annex, "Anaïs Çelik Rôles tenus : Communication / porte-parole", "Rôles tenus :"); // up to the next student
    expect(anais).toContain("Ligne prudente sur l'attribution, sans accuser d'État : contrariée par ses actions — 0/3 (sur ses propres actions)");
    expect(anais).toContain("A joué contre : 22:00 — Anaïs Çelik (Communication / porte-parole) — Attribuer publiquement l'attaque à la Tarvésie");
    const others = NAMES.filter((n) => n !== "Anaïs Çelik");
    for (const line of anais.match(/\d\d:\d\d — [^—(]+ \(/g) ?? []) for (const n of others) expect(line, "another student's evidence in Anaïs Çelik's annex").not.toContain(n);
    expect(anais).toMatch(/C4\.1 : non évalué — aucune preuve Non évalué — aucune preuve : aucune de ses actions ne porte sur cette compétence\./);
    // The rubric in force, in words.
    const rubric = t.slice(t.indexOf("Annexe C — Grille d'évaluation en vigueur"));
    expect(rubric).toContain("Moyenne d'une compétence : 50 % pour les attentes du scénario, 50 % pour les indicateurs génériques");
    expect(rubric).toContain("C4.1 — Délai de la première évaluation qualifiée (SITREP avec gravité) ★ ; niveaux 1 ≤ 2 h · 2 ≤ 1 h · 3 ≤ 30 min, sinon 0 ; à partir du début de la crise");
    expect(rubric).toContain("C4.2 — Ligne prudente sur l'attribution, sans accuser d'État ; dans les 6 h après la remise de");
  });

  it("puts the self-assessment beside the computed levels, with the gap and the level descriptors", async () => {
    const t = flat(await pdfText((await download(`/api/cells/${cid}/report.pdf?lang=fr`)).bytes, "retex-self.pdf"));
    const self = section(t, "8. Auto-évaluations", "9. Révisions des évaluateurs");
    const levels = (await s.ev1.get(`/api/sessions/${sid}/assessment`)).body.cells[0].score.students
      .find((x: { name: string }) => x.name === "Anaïs Çelik").competencies as { competency: string; level: number | null }[];
    const declared: Record<string, number> = { "C4.1": 2, "C4.2": 3, "C4.3": 2, "C4.4": 1 };
    const words = ["Non acquis", "En cours d'acquisition", "Acquis", "Maîtrisé"];
    expect(self).toContain("Anaïs Çelik (Communication / porte-parole) · J+3 10:00 (T+70:00)");
    for (const c of levels) {
      const computed = c.level === null ? "non évalué — aucune preuve" : `${c.level} ${words[c.level]}`;
      const gap = c.level === null ? "—" : String(Math.abs(declared[c.competency] - c.level));
      expect(self).toContain(`${c.competency} — déclaré : ${declared[c.competency]} ${words[declared[c.competency]]} · calculé : ${computed} · écart : ${gap}`);
    }
    expect(self).toContain("déclaré : « J'ai donné des impressions sur la réponse, sans analyse ni propositions. »"); // C4.4 level 1's descriptor
  });

  it("pseudonymises every name on request, including names inside free texts", async () => {
    const r = await download(`/api/cells/${cid}/report.pdf?lang=fr&pseudonymize=1`);
    const file = join(s.dir, "retex-pseudo.pdf");
    writeFileSync(file, r.bytes);
    const text = await run("pdftotext", [file, "-"]);
    for (const n of NAMES) expect(text).not.toContain(n);
    expect(text).toContain("Joueur 1");
    expect(text).toContain("autour de Joueur 3"); // "Zoë Leclère" inside the RETEX text
    expect(flat(text)).toContain("Joueur 1 (Directeur·rice de crise) · J+3 10:00 (T+70:00) Faits"); // a RETEX's author
    expect(flat(text)).toContain("A joué contre : 22:00 — Joueur 5 (Communication / porte-parole)"); // evidence lines too
    expect(text).not.toContain("jury1");
    expect(text).toContain("Évaluateur");
  });

  it("speaks English on request, refuses an unknown language, 404 for an unknown cell", async () => {
    const r = await download(`/api/cells/${cid}/report.pdf?lang=en`);
    const file = join(s.dir, "retex-en.pdf");
    writeFileSync(file, r.bytes);
    const text = await run("pdftotext", [file, "-"]);
    expect(text).toContain("After-action review (RETEX)");
    expect(text).toContain("2. Facts — chronology");
    expect(text).toContain("Crisis director");
    expect((await s.ev1.get(`/api/cells/${cid}/report.pdf?lang=de`)).body.message).toMatch(/une valeur parmi « fr » ou « en »/);
    expect((await s.ev1.get(`/api/cells/c_nope/report.pdf`)).status).toBe(404);
  });

  it("while a cell still runs, an expectation whose clock has not started reads « à venir », never « manquée »", async () => {
    // The recorded cell as it stood at T+02:00 (the attribution claim comes at T+10:00).
    const d = await loadCellById(s.app.ctx, cid);
    const cut = d.log.findIndex((e) => e.payload.type === "clock" && e.payload.to > 2 * 3600);
    const log = d.log.slice(0, cut);
    const trace = traceCauses(d.compiled, log.map((e) => e.payload as LogPayload));
    const live = { ...d, log, trace, state: trace.state, score: scoreCell(d.compiled, trace.state, { trace }), assessments: [], annotations: [] };
    expect(live.state.status).toBe("running");
    const m = buildReport(live, await sessionNames(s.storage, sid, false), "fr", Date.now());
    expect(JSON.parse(JSON.stringify(m))).toEqual(m); // plain data: the PDF may be drawn in another thread
    const items = m.analysis.flatMap((b) => b.cell.items.filter((i) => i.kind === "expectation"));
    const notStarted = live.score.cell.competencies.flatMap((c) => c.expectations).filter((e) => e.startedAt === undefined);
    expect(notStarted.length).toBeGreaterThan(5);
    for (const e of notStarted) {
      const item = items.find((i) => i.title === tr(e.title, "fr"))!;
      expect([item.title, item.outcome, item.tone]).toEqual([tr(e.title, "fr"), "à venir", "neutral"]);
    }
    const t = flat(await pdfText(await renderReportPdf(m), "retex-live.pdf"));
    expect(t).toContain("Ligne prudente sur l'attribution, sans accuser d'État : à venir (sur la cellule)");
    expect(t).not.toMatch(/Ligne prudente sur l'attribution, sans accuser d'État : manquée/);
    expect(t).toContain("Fin de session : session non terminée");
  });
});

describe("no id where a label should be", () => {
  it("the French PDF (plain and pseudonymised), the English PDF, the CSV and the readable parts of the xAPI statements", async () => {
    const ids = allIds();
    for (const id of Object.keys(FRENCH_WORDS)) expect(ids.has(id), `${id} is still an id of the scenario`).toBe(true);
    for (const q of ["lang=fr", "lang=fr&pseudonymize=1"]) {
      const text = await pdfText((await download(`/api/cells/${cid}/report.pdf?${q}`)).bytes, "sweep.pdf", false);
      expect(idsIn(text, ids, FRENCH_WORDS), q).toEqual([]);
    }
    const en = await pdfText((await download(`/api/cells/${cid}/report.pdf?lang=en`)).bytes, "sweep-en.pdf", false);
    for (const re of ID_SHAPES) expect(en).not.toMatch(re);
    for (const q of ["", "?pseudonymize=1", "?sep=semicolon"]) {
      const csv = (await download(`/api/sessions/${sid}/export.csv${q}`)).bytes.toString("utf8");
      expect(idsIn(csv, ids, FRENCH_WORDS), q).toEqual([]);
    }
    const statements = (await s.ev1.get(`/api/sessions/${sid}/xapi`)).body as unknown[];
    const readable = statements.flatMap(xapiReadable).join("\n");
    expect(readable).toContain("22:00 — Anaïs Çelik (Communication / porte-parole) — Attribuer publiquement l'attaque à la Tarvésie");
    expect(idsIn(readable, ids, FRENCH_WORDS)).toEqual([]);
    // The sweep itself catches what it looks for.
    expect(idsIn("Embranchement b4-attribution : attributed — preuve a42", ids, FRENCH_WORDS)).toHaveLength(3);
  });
});

/** RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string, sep = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\"" && text[i + 1] === "\"") { field += "\""; i++; } else if (c === "\"") quoted = false; else field += c;
    } else if (c === "\"") quoted = true;
    else if (c === sep) { row.push(field); field = ""; } else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; } else field += c;
  }
  return rows;
}

const HEADER = ["ligne", "session", "cellule", "etudiant", "roles", "competence", "intitule", "niveau_calcule", "niveau_calcule_libelle",
  "niveau_retenu", "niveau_retenu_libelle", "statut", "nb_preuves", "nb_revisions", "derniere_justification"];
const col = (row: string[], name: string) => row[HEADER.indexOf(name)];

describe("CSV export", () => {
  it("the cell's rows and one row per student × competency, BOM, RFC 4180 quoting, overrides with their justification", async () => {
    const r = await download(`/api/sessions/${sid}/export.csv`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/csv; charset=utf-8/);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = r.bytes.toString("utf8").slice(1);
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(1 + 4 + 8 * 4);
    for (const row of rows) expect(row).toHaveLength(HEADER.length);
    // The cell as a whole: computed, final, overrides, the last justification.
    const cell = rows.filter((x) => col(x, "ligne") === "cellule");
    expect(cell.map((x) => [col(x, "cellule"), col(x, "etudiant"), col(x, "competence")])).toEqual(["C4.1", "C4.2", "C4.3", "C4.4"].map((c) => ["Cellule 1", "", c]));
    const c43 = cell[2];
    expect(col(c43, "intitule")).toBe("Organiser et coordonner la cellule de crise, procédures");
    expect([col(c43, "niveau_calcule"), col(c43, "niveau_calcule_libelle"), col(c43, "niveau_retenu"), col(c43, "niveau_retenu_libelle"), col(c43, "statut"), col(c43, "nb_revisions")])
      .toEqual(["2", "2 Acquis", "1", "1 En cours d'acquisition", "révisé", "1"]);
    expect(col(c43, "derniere_justification")).toBe("Main courante irrégulière, points de situation tardifs.");
    expect(Number(col(c43, "nb_preuves"))).toBeGreaterThan(10);
    expect(col(cell[0], "statut")).toBe("calculé");
    // The students: roles held, their own levels, "non évalué — aucune preuve" where they have no evidence.
    const anais = rows.filter((x) => col(x, "etudiant") === "Anaïs Çelik");
    expect(anais.map((x) => [col(x, "ligne"), col(x, "competence")])).toEqual(["C4.1", "C4.2", "C4.3", "C4.4"].map((c) => ["etudiant", c]));
    const c42 = anais[1];
    expect(col(c42, "roles")).toBe("Communication / porte-parole");
    expect([col(c42, "niveau_retenu"), col(c42, "statut"), col(c42, "nb_revisions")]).toEqual(["1", "révisé", "1"]);
    expect(col(c42, "derniere_justification")).toBe("Déclaration \"tardive\", mais claire ; relire Anaïs Çelik");
    expect(text).toContain("\"Déclaration \"\"tardive\"\", mais claire ; relire Anaïs Çelik\"");
    expect(Number(col(c42, "nb_preuves"))).toBeGreaterThan(0);
    const c41 = anais[0];
    expect([col(c41, "niveau_calcule"), col(c41, "niveau_calcule_libelle"), col(c41, "niveau_retenu"), col(c41, "niveau_retenu_libelle"), col(c41, "statut")])
      .toEqual(["", "non évalué — aucune preuve", "", "non évalué — aucune preuve", "calculé"]);
    // A text that starts like a formula is defused.
    expect(col(rows.find((x) => col(x, "etudiant") === "Noé Müller" && col(x, "competence") === "C4.1")!, "derniere_justification")).toBe("'=1+1 confirmé : qualification juridique complète.");
    const pseudo = (await download(`/api/sessions/${sid}/export.csv?pseudonymize=1`)).bytes.toString("utf8");
    for (const n of NAMES) expect(pseudo).not.toContain(n);
    expect(col(parseCsv(pseudo.slice(1)).filter((x) => col(x, "etudiant") === "Joueur 5")[1], "derniere_justification")).toBe("Déclaration \"tardive\", mais claire ; relire Joueur 5");
    // The French-Excel variant: semicolons between fields, a field holding a semicolon quoted.
    const semi = (await download(`/api/sessions/${sid}/export.csv?sep=semicolon`)).bytes.toString("utf8").slice(1);
    const semiRows = parseCsv(semi, ";");
    expect(semiRows.map((x) => x.length)).toEqual(rows.map(() => HEADER.length));
    expect(semiRows).toEqual(rows);
  });
});

describe("JSON export", () => {
  it("pseudonymises every place a name appears: join entries, players, free texts, annotation and assessment authors", async () => {
    const plain = await s.ev1.get(`/api/sessions/${sid}/export`);
    expect(plain.body.assessments.length).toBeGreaterThan(0);
    expect(JSON.stringify(plain.body)).toContain("Zoë Leclère");
    const r = await s.ev1.get(`/api/sessions/${sid}/export?pseudonymize=1`);
    const text = JSON.stringify(r.body);
    for (const n of [...NAMES, "jury1", "jury2"]) expect(text, n).not.toContain(n);
    expect(r.body.pseudonymized).toBe(true);
    expect(r.body.cells[0].players.map((p: { name: string }) => p.name)).toEqual(NAMES.map((_, i) => `Joueur ${i + 1}`));
    const retex = r.body.cells[0].log.find((e: { payload: { action?: string; params?: { forts?: string } } }) => e.payload.action === "retex" && e.payload.params?.forts?.includes("autour de"));
    expect(retex.payload.params.forts).toBe("Coordination claire autour de Joueur 3 ; décisions tracées.");
    expect(new Set(r.body.annotations.map((a: { author: string }) => a.author))).toEqual(new Set(["Évaluateur 2"]));
    expect(r.body.assessments[0]).toMatchObject({ author: "Évaluateur 1", justification: "Déclaration \"tardive\", mais claire ; relire Joueur 5" });
    expect(r.body.session.scenario.text.length).toBeGreaterThan(1000);
  });
});

const Iri = z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/?[^\s]+$/i, "IRI");
const LangMap = z.record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/), z.string());
const Uuid = z.uuid();
const ActivityRef = z.object({ objectType: z.literal("Activity").optional(), id: Iri });
/** The required fields of an xAPI 1.0.3 statement, as the spec states them. */
const Statement = z.object({
  id: Uuid,
  actor: z.object({
    objectType: z.literal("Agent").optional(), name: z.string().optional(),
    mbox: z.string().regex(/^mailto:/).optional(), mbox_sha1sum: z.string().optional(), openid: Iri.optional(),
    account: z.object({ homePage: Iri, name: z.string().min(1) }).optional(),
  }).refine((a) => ["mbox", "mbox_sha1sum", "openid", "account"].filter((k) => k in a).length === 1, "exactly one inverse functional identifier"),
  verb: z.object({ id: Iri, display: LangMap }),
  object: z.object({ objectType: z.literal("Activity"), id: Iri, definition: z.object({ name: LangMap, type: Iri }) }),
  result: z.object({
    score: z.object({ scaled: z.number().min(-1).max(1), raw: z.number(), min: z.number(), max: z.number() })
      .refine((x) => x.min <= x.raw && x.raw <= x.max, "min ≤ raw ≤ max").optional(),
    success: z.boolean().optional(), completion: z.boolean().optional(),
    extensions: z.record(Iri, z.unknown()).optional(),
  }).optional(),
  context: z.object({
    registration: Uuid,
    contextActivities: z.object({ parent: z.array(ActivityRef).optional(), grouping: z.array(ActivityRef).optional(), category: z.array(ActivityRef).optional() }),
    extensions: z.record(Iri, z.unknown()),
  }),
  timestamp: z.iso.datetime({ offset: true }),
});

describe("xAPI", () => {
  it("every statement satisfies the spec's required fields; ids are deterministic", async () => {
    const r = await s.ev1.get(`/api/sessions/${sid}/xapi`);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-experience-api-version")).toBe("1.0.3");
    const list = r.body as unknown[];
    expect(list.length).toBeGreaterThan(50);
    for (const st of list) {
      const p = Statement.safeParse(st);
      expect(p.success, p.success ? "" : `${JSON.stringify(st).slice(0, 300)}\n${p.error.message}`).toBe(true);
    }
    const verbs = new Set(list.map((x) => (x as { verb: { id: string } }).verb.id));
    expect([...verbs].sort()).toEqual(["http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/initialized",
      "http://adlnet.gov/expapi/verbs/scored", "https://w3id.org/xapi/seriousgames/verbs/used"]);
    const ids = list.map((x) => (x as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await s.ev1.get(`/api/sessions/${sid}/xapi`)).body.map((x: { id: string }) => x.id)).toEqual(ids);
    const regs = new Set(list.map((x) => (x as { context: { registration: string } }).context.registration));
    expect(regs.size).toBe(1);
    const scored = list.filter((x) => (x as { verb: { id: string } }).verb.id.endsWith("/scored")) as { actor: { name: string }; result: { score: { raw: number }; extensions: Record<string, unknown> }; object: { id: string } }[];
    const anais = scored.find((x) => x.actor.name === "Anaïs Çelik" && x.object.id.endsWith("/competencies/C4.2"))!;
    expect(anais.result.score.raw).toBe(1); // the evaluator's override wins
    const pseudo = JSON.stringify((await s.ev1.get(`/api/sessions/${sid}/xapi?pseudonymize=1`)).body);
    for (const n of NAMES) expect(pseudo).not.toContain(n);
  });

  it("posts the statements to the LRS with Basic auth and the xAPI version header", async () => {
    expect((await s.ev1.post(`/api/sessions/${sid}/xapi/send`, {})).body.error).toBe("lrs_not_configured");
    const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: unknown[] }[] = [];
    let answer = 200;
    const lrs: Server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (c: Buffer) => parts.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(parts).toString("utf8")) as unknown[];
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(answer, { "content-type": "application/json" });
        res.end(JSON.stringify(answer === 200 ? body.map((x) => (x as { id: string }).id) : { error: "refusé" }));
      });
    });
    await new Promise<void>((ok) => lrs.listen(0, "127.0.0.1", ok));
    try {
      const port = (lrs.address() as AddressInfo).port;
      s.app.ctx.config.lrs = { url: `http://127.0.0.1:${port}/xapi/`, key: "cle-lrs", secret: "secret-é" };
      const r = await s.ev1.post(`/api/sessions/${sid}/xapi/send`, {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const expected = (await s.ev1.get(`/api/sessions/${sid}/xapi?pseudonymize=1`)).body as { id: string }[];
      expect(r.body).toMatchObject({ sent: expected.length, batches: Math.ceil(expected.length / 500) });
      expect(seen.length).toBe(r.body.batches);
      for (const req of seen) {
        expect(req.method).toBe("POST");
        expect(req.url).toBe("/xapi/statements");
        expect(req.headers["x-experience-api-version"]).toBe("1.0.3");
        expect(req.headers["content-type"]).toBe("application/json");
        expect(req.headers.authorization).toBe(`Basic ${Buffer.from("cle-lrs:secret-é").toString("base64")}`);
      }
      expect(seen.flatMap((x) => x.body).map((x) => (x as { id: string }).id)).toEqual(expected.map((x) => x.id));
      expect(JSON.stringify(seen.map((x) => x.body))).not.toContain("Éloïse Brûlé"); // pseudonymised by default
      answer = 400;
      const refused = await s.ev1.post(`/api/sessions/${sid}/xapi/send`, {});
      expect([refused.status, refused.body.error]).toEqual([502, "lrs_refused"]);
      expect((await s.ev1.post(`/api/sessions/${sid}/xapi/send`, { pseudonymize: "oui" })).status).toBe(400);
    } finally {
      s.app.ctx.config.lrs = undefined;
      await new Promise((ok) => lrs.close(ok));
    }
  });
});
