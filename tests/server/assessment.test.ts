import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Http, join, MINI_JSON, testPort } from "./helpers.js";
import { startEvalServer, type EvalServer } from "./eval-server.js";

/**
 * Evaluators' HTTP API on a real server and SQLite file: who may use it,
 * overrides that need a justification, subjects that must exist, final
 * levels and inter-rater agreement on a crafted case, annotations on an
 * ended cell.
 */

let s: EvalServer;
let sid: string, cid: string;
beforeAll(async () => {
  s = await startEvalServer(testPort(2611));
  sid = s.recorded.session.id;
  cid = s.recorded.cells[0].id;
}, 60_000);
afterAll(async () => { await s?.close(); });

describe("authorization", () => {
  it("refuses every new route without a staff cookie (401), with a forged cookie, or to a student", async () => {
    const routes: [string, string][] = [
      ["GET", `/api/sessions/${sid}/assessment`], ["POST", `/api/cells/${cid}/assessments`], ["GET", `/api/cells/${cid}/annotations`],
      ["POST", `/api/cells/${cid}/annotations`], ["GET", `/api/cells/${cid}/report.pdf`], ["GET", `/api/sessions/${sid}/export.csv`],
      ["GET", `/api/sessions/${sid}/xapi`], ["POST", `/api/sessions/${sid}/xapi/send`],
    ];
    // A real student of a live session: their token is not a staff credential.
    const up = await s.anim.post("/api/scenarios/library", { filename: "mini-eleve.json", text: MINI_JSON });
    const live = (await s.anim.post("/api/sessions", { scenario: up.body.id, cells: 1, seed: 3 })).body;
    const student = await join(live.code, "Étudiante", new Http(s.base));
    const anonymous = new Http(s.base);
    const forged = new Http(s.base); forged.cookie = `sf_staff=${student.token}`;
    for (const [method, path] of routes) {
      for (const h of [anonymous, forged]) {
        const r = await h.req(method, path, method === "POST" ? {} : undefined);
        expect([401, 403], `${method} ${path}`).toContain(r.status);
        expect(r.body.message).toBeTypeOf("string");
      }
    }
  });

  it("instructors may assess too, on a live cell, for a player of the cell", async () => {
    const up = await s.anim.post("/api/scenarios/library", { filename: "mini-instructeur.json", text: MINI_JSON });
    const live = (await s.anim.post("/api/sessions", { scenario: up.body.id, cells: 1, seed: 3 })).body;
    const student = await join(live.code, "Étudiante", new Http(s.base));
    const r = await s.anim.post(`/api/cells/${live.cells[0].id}/assessments`, { scope: "cell", subject: "cell", competency: "C4.3", level: 2, justification: "Cellule bien organisée dès le début." });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.assessment).toMatchObject({ author: "anim", scope: "cell", level: 2 });
    // Every override needs its justification, whatever the computed level (here: none yet).
    const bare = await s.anim.post(`/api/cells/${live.cells[0].id}/assessments`, { scope: "student", subject: student.playerId, competency: "C4.1", level: 1 });
    expect(bare.body.error).toBe("justification_required");
    const st = await s.anim.post(`/api/cells/${live.cells[0].id}/assessments`, { scope: "student", subject: student.playerId, competency: "C4.1", level: 1, justification: "Observée en salle : cartographie orale." });
    expect(st.status).toBe(201);
    expect(st.body.item).toMatchObject({ computed: null, level: 1, status: "override", name: "Étudiante" });
    // A player of another cell is not a subject here.
    const other = await s.anim.post(`/api/cells/${cid}/assessments`, { scope: "student", subject: student.playerId, competency: "C4.1", level: 1, justification: "justification assez longue" });
    expect(other.body.error).toBe("unknown_subject");
  });
});

describe("overrides", () => {
  it("every override needs a justification of 10 characters, in French, even one that confirms the computed level; nothing is stored otherwise", async () => {
    const cur = (await s.ev1.get(`/api/sessions/${sid}/assessment`)).body.cells[0].levels;
    const c43 = cur.find((l: { scope: string; competency: string }) => l.scope === "cell" && l.competency === "C4.3");
    expect(c43.computed).toBe(2);
    const bad = await s.ev1.post(`/api/cells/${cid}/assessments`, { scope: "cell", subject: "cell", competency: "C4.3", level: 0, justification: "trop bref" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("justification_required");
    expect(bad.body.params).toEqual({ count: 10, level: 2 });
    expect(bad.body.message).toMatch(/Justification obligatoire \(10 caractères au moins\).*niveau calculé : 2/);
    const bare = await s.ev1.post(`/api/cells/${cid}/assessments`, { scope: "cell", subject: "cell", competency: "C4.3", level: 2 });
    expect([bare.status, bare.body.error]).toEqual([400, "justification_required"]);
    const huge = await s.ev1.post(`/api/cells/${cid}/assessments`, { scope: "cell", subject: "cell", competency: "C4.3", level: 1e308, justification: "justification assez longue" });
    expect([huge.status, huge.body.error]).toEqual([400, "bad_request"]);
    expect(huge.body.params.problems).toEqual(expect.arrayContaining([{ path: "level", code: "too_big", params: { detail: "number", count: 3 } }]));
    expect(huge.body.message).toMatch(/« niveau » : 3 au plus/);
    const negative = await s.ev1.post(`/api/cells/${cid}/assessments`, { scope: "cell", subject: "cell", competency: "C4.3", level: -5, justification: "justification assez longue" });
    expect(negative.status).toBe(400);
    const after = (await s.ev1.get(`/api/sessions/${sid}/assessment`)).body.cells[0].assessments;
    expect(after.filter((a: { competency: string }) => a.competency === "C4.3")).toEqual([]);
    const same = await s.ev1.post(`/api/cells/${cid}/assessments`, { scope: "cell", subject: "cell", competency: "C4.3", level: 2, justification: "Conforme au niveau calculé : rôles tenus." });
    expect(same.status).toBe(201);
    expect(same.body.assessment).toMatchObject({ computed: 2, level: 2 });
  });

  it("validates the body and the subject with clear errors", async () => {
    const post = (b: unknown) => s.ev1.post(`/api/cells/${cid}/assessments`, b);
    expect((await post({ scope: "cell", subject: "cell", competency: "C4.9", level: 2 })).body.message).toMatch(/« compétence » : une valeur parmi « C4\.1 », « C4\.2 », « C4\.3 » ou « C4\.4 »/);
    expect((await post({ scope: "cell", subject: "cell", competency: "C4.1", level: 4 })).status).toBe(400);
    expect((await post({ scope: "groupe", subject: "cell", competency: "C4.1", level: 2 })).status).toBe(400);
    const role = await post({ scope: "role", subject: "astronaute", competency: "C4.1", level: 2, justification: "justification assez longue" });
    expect([role.status, role.body.error, role.body.params, role.body.message]).toEqual([400, "unknown_subject", { detail: "role" }, "Ce rôle n'existe pas dans ce scénario"]);
    const student = await post({ scope: "student", subject: "p_inconnu", competency: "C4.1", level: 2, justification: "justification assez longue" });
    expect(student.body.message).toBe("Ce joueur n'est pas dans cette cellule");
    expect((await post({ scope: "cell", subject: "director", competency: "C4.1", level: 2 })).status).toBe(400);
    expect((await s.ev1.post(`/api/cells/c_inconnue/assessments`, { scope: "cell", subject: "cell", competency: "C4.1", level: 2 })).status).toBe(404);
    const ok = await post({ scope: "role", subject: "communication", competency: "C4.2", level: 1, justification: "Messages contradictoires sur les chiffres." });
    expect(ok.status).toBe(201);
    const pid = Object.keys(s.recorded.players)[0];
    const st = await post({ scope: "student", subject: pid, competency: "C4.4", level: 3, justification: "RETEX très complet, plan d'action chiffré." });
    expect(st.status).toBe(201);
    expect(st.body.item).toMatchObject({ scope: "student", subject: pid, competency: "C4.4", status: "override", level: 3 });
  });

  it("keeps computed and override, shows each evaluator when they disagree, and the agreement figures", async () => {
    const post = (h: Http, competency: string, level: number) =>
      h.post(`/api/cells/${cid}/assessments`, { scope: "cell", subject: "cell", competency, level, justification: "Appréciation argumentée du jury." });
    // The cell computes C4.1 3, C4.2 3, C4.3 2, C4.4 3. ev1 already gave C4.3 = 2 above.
    for (const [c, l] of [["C4.1", 3], ["C4.2", 1], ["C4.2", 2], ["C4.4", 1]] as const) expect((await post(s.ev1, c, l)).status).toBe(201);
    for (const [c, l] of [["C4.1", 3], ["C4.2", 3], ["C4.3", 0], ["C4.4", 1]] as const) expect((await post(s.ev2, c, l)).status).toBe(201);
    const r = await s.ev2.get(`/api/sessions/${sid}/assessment?lang=en`);
    expect(r.status).toBe(200);
    const cell = r.body.cells[0];
    expect(cell.score.cell.competencies.map((c: { level: number }) => c.level)).toEqual([3, 3, 2, 3]);
    const level = (c: string) => cell.levels.find((l: { scope: string; competency: string }) => l.scope === "cell" && l.competency === c);
    expect([level("C4.1").status, level("C4.1").level]).toEqual(["agreed", 3]);
    expect([level("C4.2").status, level("C4.2").level, level("C4.2").overrides]).toEqual(["disagreement", null, 3]);
    expect(level("C4.2").evaluators.map((e: { author: string; level: number }) => [e.author, e.level])).toEqual([["jury1", 2], ["jury2", 3]]);
    expect([level("C4.3").status, level("C4.3").spread]).toEqual(["disagreement", 2]);
    expect([level("C4.4").status, level("C4.4").level, level("C4.4").computed]).toEqual(["agreed", 1, 3]);
    const ov = cell.assessments.find((a: { competency: string; level: number; scope: string }) => a.scope === "cell" && a.competency === "C4.4");
    expect(ov).toMatchObject({ computed: 3, level: 1, justification: "Appréciation argumentée du jury." });
    // Pairs on the 4 cell items: (3,3) (2,3) (2,0) (1,1) → exact 0.5, within one 0.75, κ 0.385 (see agreement.test.ts).
    expect(cell.agreement).toMatchObject({ items: 4, pairs: 4, exact: 0.5, withinOne: 0.75, kappa: 0.385, kappaItems: 4 });
    expect(r.body.agreement.evaluators).toBe(2);
    expect(cell.levels.find((l: { scope: string; subject: string }) => l.scope === "role" && l.subject === "director").name).toBe("Crisis director");
  });
});

describe("annotations", () => {
  it("annotates an ended cell from the replay and lists the notes", async () => {
    const r = await s.ev1.post(`/api/cells/${cid}/annotations`, { at: 2700, entry: 40, competency: "C4.2", text: "+ Déclaration d'attente publiée à temps par Anaïs Çelik." });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ cell: cid, author: "jury1", at: 2700, entry: 40, competency: "C4.2" });
    expect((await s.ev2.post(`/api/cells/${cid}/annotations`, { at: 3600, text: "- La main courante s'interrompt pendant une heure." })).status).toBe(201);
    expect((await s.anim.post(`/api/cells/${cid}/annotations`, { at: 100, entry: 999_999, text: "x" })).body.error).toBe("unknown_entry");
    expect((await s.anim.post(`/api/cells/${cid}/annotations`, { at: -1, text: "x" })).status).toBe(400);
    expect((await s.anim.post(`/api/cells/${cid}/annotations`, { at: 1, text: "  " })).body.message).toMatch(/« texte » : 1 caractère au moins/);
    const list = await s.anim.get(`/api/cells/${cid}/annotations`);
    expect(list.body.map((a: { text: string }) => a.text)).toEqual(["+ Déclaration d'attente publiée à temps par Anaïs Çelik.", "- La main courante s'interrompt pendant une heure."]);
    const a = await s.anim.get(`/api/sessions/${sid}/assessment`);
    expect(a.body.cells[0].annotations).toHaveLength(2);
  });
});
