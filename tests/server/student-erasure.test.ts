import { join as joinPath } from "node:path";
import { describe, expect, it } from "vitest";
import { chat, grepDir, scratch, serve, stop, verify } from "./damage-kit.js";
import { Http, MINI_JSON, okAck, Probe } from "./helpers.js";

/**
 * Property (issue 12, GDPR erasure of one student, SQLite): once the owner
 * of a class erases one of its students, no byte of their name, their
 * student number, their e-mail or their own free texts is left in the
 * database file or its WAL — while the server runs and after it stops —
 * nor in the session's exports; their classmates' data stay (the grep finds
 * them), names of the erased student inside others' texts become
 * « [effacé] », levels do not move, and `npm run replay -- verify` still
 * passes on every session they played.
 */

const { children, probes, tmp } = scratch("sangfroid-student-erase-");
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("erasing one student reaches the bytes on disk", () => {
  it("DELETE /api/students/:pseudo leaves no trace of them in the .db, the WAL or the exports, and replays still verify", async () => {
    const dir = tmp();
    const { child, anim } = await serve(dir, { SANGFROID_QUIET: "", SNAPSHOT_EVERY: "5" }, true);
    children.push(child);
    const klass = (await anim.post("/api/classes", { name: "MSc 2 spécialité crise" })).body.id;
    const roster = "numero;prenom;nom;email\n77123456;Zéphyrine;Quatremer;zephyrine.q@ecole.example\n77999999;Gaspard;Restant;\n";
    expect((await anim.post(`/api/classes/${klass}/roster`, { data: b64(roster) })).status).toBe(200);
    const students = (await anim.get(`/api/classes/${klass}`)).body.roster as { number: string; code: string; pseudoId: string }[];
    const zeph = students.find((s) => s.number === "77123456")!, gaspard = students.find((s) => s.number === "77999999")!;
    const up = await anim.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });

    const sessions: string[] = [];
    for (const name of ["Séance A", "Séance B"]) {
      const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 1, seed: 8, name, class: klass })).body;
      sessions.push(s.id);
      const z = (await new Http(child.url).post("/api/join", { code: s.code, personal: zeph.code })).body;
      const g = (await new Http(child.url).post("/api/join", { code: s.code, personal: gaspard.code })).body;
      const pz = await Probe.player(z.cellId, z.token, child.url), pg = await Probe.player(g.cellId, g.token, child.url);
      probes.push(pz, pg);
      okAck(await pz.intent({ type: "take_role", role: "director" }));
      okAck(await pg.intent({ type: "take_role", role: "com" }));
      expect((await anim.post(`/api/sessions/${s.id}/command`, { command: { type: "start", force: true } })).status).toBe(200);
      for (let i = 0; i < 8; i++) okAck(await chat(pz, `mon plan confidentiel n°${i}\nligne deux du plan`));
      okAck(await pg.intent({ type: "action", role: "com", action: "chat", params: { text: "Gaspard écrit : merci Zéphyrine Quatremer pour le point" } }));
      expect((await anim.post(`/api/cells/${z.cellId}/annotations`, { at: 0, text: "Quatremer a bien piloté ; Gaspard discret" })).status).toBe(201);
      expect((await anim.post(`/api/sessions/${s.id}/command`, { command: { type: "end" } })).status).toBe(200);
      await pz.close(); await pg.close();
    }
    const needles = ["Zéphyrine", "Quatremer", "77123456", "zephyrine.q@", "plan confidentiel", zeph.code];
    expect(Object.keys(grepDir(dir, needles)).length).toBeGreaterThan(0); // the grep sees them while they exist
    // Levels as figures (the items also carry the student's name, which goes).
    const levels = async (id: string) => ((await anim.get(`/api/sessions/${id}/assessment`)).body.cells[0].levels as Record<string, unknown>[])
      .map((l) => [l.scope, l.subject, l.competency, l.computed, l.level]);
    const levelsBefore = await Promise.all(sessions.map(levels));

    const erased = await anim.del(`/api/students/${zeph.pseudoId}`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body).toMatchObject({ sessions: 2, cells: 2, rosterRows: 1, changed: [] });
    expect(grepDir(dir, needles)).toEqual({}); // running: .db, -wal, -shm
    expect(Object.keys(grepDir(dir, ["Gaspard", "Restant"])).length).toBeGreaterThan(0);
    expect((await anim.get(`/api/students/${zeph.pseudoId}`)).status).toBe(404);
    expect((await anim.get(`/api/students/${gaspard.pseudoId}`)).status).toBe(200);
    for (const [i, id] of sessions.entries()) {
      const exported = JSON.stringify((await anim.get(`/api/sessions/${id}/export`)).body) + String((await anim.get(`/api/sessions/${id}/export.csv`)).body);
      for (const n of needles) expect(exported).not.toContain(n);
      expect(exported).toContain("Étudiant effacé");
      expect(exported).toContain("merci [effacé] pour le point");
      expect(await levels(id)).toEqual(levelsBefore[i]);
    }

    expect(await stop(child)).toBe(0);
    expect(grepDir(dir, needles)).toEqual({}); // stopped
    for (const id of sessions) {
      const v = verify(id, joinPath(dir, "sangfroid.db"));
      expect(v.code, v.out).toBe(0);
    }
    const output = child.output.join("");
    expect(output).toMatch(/student erased/);
    for (const n of needles) expect(output).not.toContain(n);
  }, 180_000);
});
