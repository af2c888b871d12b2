import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { Client as SdkClient } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseReason, PROTOCOL_VERSION } from "../../shared/protocol.js";
import { ENDPOINT, Http, instructor, MINI_JSON, okAck, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * A school as its people would try it (issue 12): an administrator who
 * disables an account or resets a password (its logins and its room tokens
 * end at once, consoles included), an instructor who changes their own
 * password, a roster imported from Excel's semicolon CSV (a bad file
 * imports nothing and says which line is wrong), students joining a class's
 * session by picking their name or with their personal code (a name taken
 * is refused), the same pseudonymous id across two sessions as the xAPI
 * actor and in pseudonymised exports, and the portfolio of one student as
 * JSON, CSV and a PDF a jury reads (its text read back with pdftotext),
 * and the export of everything about that student for their class's owner.
 */

let server: TestServer;
let admin: Http, insA: Http, insB: Http, jury: Http;
const PASS = (u: string) => `mot-de-passe-de-${u}`;

async function login(username: string, password = PASS(username)): Promise<Http> {
  const h = new Http();
  const r = await h.post("/api/login", { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return h;
}
const idOf = async (username: string) => (await admin.get("/api/users")).body.find((u: { username: string }) => u.username === username).id as string;
const b64 = (b: Buffer) => b.toString("base64");

/** Wait until `p`'s room is left by the server, and return the close code. */
async function kicked(p: Probe): Promise<number> {
  const codes: number[] = [];
  p.conn.room!.onLeave((code: number) => codes.push(code));
  await p.waitFor(() => codes.length > 0, 4000, "the staff client closed by the server");
  return codes[0];
}

beforeAll(async () => {
  server = await startServer();
  admin = await instructor(server, "direction", PASS("direction"));
  for (const [username, role] of [["alice", "instructor"], ["bruno", "instructor"], ["jury", "evaluator"]]) {
    expect((await admin.post("/api/users", { username, password: PASS(username), role })).status).toBe(201);
  }
  [insA, insB, jury] = [await login("alice"), await login("bruno"), await login("jury")];
});
afterAll(async () => { await server?.close(); });

let uploads = 0; // one account's scenarios have names of their own
async function session(h: Http, klass?: string, name = "Séance") {
  const up = await h.post("/api/scenarios/library", { filename: `mini-${++uploads}.json`, text: MINI_JSON });
  const r = await h.post("/api/sessions", { scenario: up.body.id, cells: 1, seed: 4, name, ...(klass ? { class: klass } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; code: string; cells: { id: string; code: string }[] };
}

describe("accounts", () => {
  it("disabling an account ends its logins and room tokens at once; enabled again, it logs in afresh", async () => {
    const s = await session(insB, undefined, "Séance de Bruno");
    const other = await login("bruno");
    const seat = await Probe.staff(s.cells[0].id, insB);
    const unused = (await other.get<{ token: string }>("/api/staff-token")).body.token;
    const closed = kicked(seat);
    const r = await admin.req("PATCH", `/api/users/${await idOf("bruno")}`, { disabled: true });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ username: "bruno", disabledAt: expect.any(Number) });
    expect(await closed).toBe(CloseReason.Unauthorized);
    expect((await insB.get("/api/me")).status).toBe(401);
    expect((await other.get("/api/me")).status).toBe(401);
    await expect(new SdkClient(ENDPOINT).joinById(s.cells[0].id, { protocol: PROTOCOL_VERSION, staffToken: unused })).rejects.toMatchObject({ code: 401 });
    const refused = await new Http().post("/api/login", { username: "bruno", password: PASS("bruno") });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/désactivé/);
    // Its sessions are nobody's business meanwhile (nor an administrator's).
    expect((await admin.get(`/api/sessions/${s.id}`)).status).toBe(404);

    expect((await admin.req("PATCH", `/api/users/${await idOf("bruno")}`, { disabled: false })).status).toBe(200);
    expect((await insB.get("/api/me")).status).toBe(401); // old cookies stay dead
    insB = await login("bruno");
    expect((await insB.get(`/api/sessions/${s.id}`)).status).toBe(200);
    await seat.close();
  });

  it("changing one's password needs the current one and ends the other logins and their consoles; this browser stays in", async () => {
    const s = await session(insA, undefined, "Séance d'Alice");
    const laptop = await login("alice");
    const console2 = await Probe.staff(s.cells[0].id, laptop);
    const wrong = await insA.post("/api/me/password", { current: "pas-le-bon-mot-de-passe", password: "nouveau-mot-de-passe-alice" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: "bad_current_password", message: "Mot de passe actuel incorrect" });
    expect((await laptop.get("/api/me")).status).toBe(200);

    const closed = kicked(console2);
    const ok = await insA.post("/api/me/password", { current: PASS("alice"), password: "nouveau-mot-de-passe-alice" });
    expect(ok.status).toBe(200);
    expect(await closed).toBe(CloseReason.Unauthorized);
    expect((await laptop.get("/api/me")).status).toBe(401);
    expect((await insA.get("/api/me")).status).toBe(200);
    expect((await new Http().post("/api/login", { username: "alice", password: PASS("alice") })).status).toBe(401);
    await login("alice", "nouveau-mot-de-passe-alice");
    await console2.close();
  });

  it("an administrator's reset ends the account's logins; the last administrator cannot disable or demote themselves", async () => {
    const jury2 = await login("jury");
    expect((await admin.req("PATCH", `/api/users/${await idOf("jury")}`, { password: PASS("jury") + "-2" })).status).toBe(200);
    expect((await jury.get("/api/me")).status).toBe(401);
    expect((await jury2.get("/api/me")).status).toBe(401);
    jury = await login("jury", PASS("jury") + "-2");
    const self = await admin.req("PATCH", `/api/users/${await idOf("direction")}`, { disabled: true });
    expect(self.status).toBe(409);
    expect((await admin.req("PATCH", `/api/users/${await idOf("direction")}`, { role: "instructor" })).status).toBe(409);
    expect((await admin.get("/api/me")).body).toMatchObject({ role: "admin" });
  });
});

describe("classes, rosters, joining as oneself", () => {
  let klass: string, other: string;
  const students: { id: string; label: string }[] = [];

  it("a bad roster imports nothing and says where every problem is", async () => {
    klass = (await insA.post("/api/classes", { name: "MSc 1 Paris" })).body.id;
    const bad = "numéro;prénom;nom\n2001;Zoé;Martin\n2001;Yanis;Benali\n2003;=HYPERLINK(\"http://x\");Durand\n2004;;Petit\n";
    const r = await insA.post(`/api/classes/${klass}/roster`, { filename: "liste.csv", data: b64(Buffer.from(bad, "utf8")) });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid_roster");
    expect(r.body.message).toMatch(/rien n'a été importé/);
    const lines = r.body.lines.map((p: { line: number }) => p.line);
    expect(lines).toEqual(expect.arrayContaining([3, 4, 5]));
    expect(r.body.problems.join("\n")).toMatch(/ligne 3.*2001/s);
    expect((await insA.get(`/api/classes/${klass}`)).body.roster).toEqual([]);
    const noColumn = await insA.post(`/api/classes/${klass}/roster`, { data: b64(Buffer.from("prénom;nom\nZoé;Martin\n")) });
    expect(noColumn.status).toBe(400);
    expect(noColumn.body.problems[0]).toMatch(/numéro étudiant/);
  });

  it("imports Excel's semicolon CSV (Windows-1252) and a UTF-8 re-import updates without changing ids or codes", async () => {
    const excel = Buffer.from("N° étudiant;Prénom;Nom;Courriel\r\n2001;Zoé;Martin;zoe@ecole.fr\r\n2002;Yanis;Benali;\r\n2003;Hélène;Durand;\r\n2004;Loïc;Lefèvre;\r\n", "latin1");
    const r = await insA.post(`/api/classes/${klass}/roster`, { filename: "liste.csv", data: b64(excel) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ added: 4, updated: 0, students: 4, separator: "semicolon" });
    const before = (await insA.get(`/api/classes/${klass}`)).body.roster;
    expect(before.map((s: { firstName: string }) => s.firstName).sort()).toEqual(["Hélène", "Loïc", "Yanis", "Zoé"]);
    const again = await insA.post(`/api/classes/${klass}/roster`, { data: b64(Buffer.from("\uFEFFnumero,prenom,nom\n2001,Zoé,Martin-Roy\n2005,Inès,Moreau\n", "utf8")) });
    expect(again.body).toMatchObject({ added: 1, updated: 1, students: 5 });
    const after = (await insA.get(`/api/classes/${klass}`)).body.roster;
    const zoe = (l: { number: string }[]) => l.find((s) => s.number === "2001") as unknown as { id: string; code: string; pseudoId: string; lastName: string };
    expect(zoe(after)).toMatchObject({ id: zoe(before).id, code: zoe(before).code, pseudoId: zoe(before).pseudoId, lastName: "Martin-Roy" });
    other = (await insB.post("/api/classes", { name: "MSc 2 Lyon" })).body.id;
    expect((await insB.post(`/api/classes/${other}/roster`, { data: b64(Buffer.from("numero;prenom;nom\n9001;Zoé;Autre\n")) })).status).toBe(200);
  });

  it("students of a class's session pick themselves or use their personal code; a taken name is refused; a display name is not offered", async () => {
    const s = await session(insA, klass, "Séance MSc 1");
    const info = await new Http().get(`/api/join/${s.code}`);
    expect(info.body).toMatchObject({ roster: true, class: "MSc 1 Paris" });
    students.push(...info.body.students);
    expect(students.map((x) => x.label).sort()).toEqual(["Hélène D.", "Inès M.", "Loïc L.", "Yanis B.", "Zoé M."]);
    const byName = await new Http().post("/api/join", { code: s.code, name: "Zoé" });
    expect(byName.status).toBe(400);
    expect(byName.body.error).toBe("roster_only");
    const zoe = students.find((x) => x.label === "Zoé M.")!;
    const first = await new Http().post("/api/join", { code: s.code, student: zoe.id });
    expect(first.status).toBe(201);
    expect(first.body.name).toBe("Zoé Martin-Roy");
    const taken = await new Http().post("/api/join", { code: s.code, student: zoe.id });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/« Zoé M\. » a déjà rejoint cette session/);
    // Eight classmates picking Hélène at the same instant: one gets her seat, seven are told it is taken.
    const helene = students.find((x) => x.label === "Hélène D.")!;
    const race = await Promise.all(Array.from({ length: 8 }, () => new Http().post("/api/join", { code: s.code, student: helene.id })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    // Her personal code gives her own seat back on another device; the first device's token stops working.
    const code = (await insA.get(`/api/classes/${klass}`)).body.roster.find((x: { number: string }) => x.number === "2001").code as string;
    const back = await new Http().post("/api/join", { code: s.code, personal: code.toLowerCase().replace("-", " ") });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ playerId: first.body.playerId, resumed: true });
    await expect(Probe.player(first.body.cellId, first.body.token)).rejects.toBeDefined();
    const lyon = (await insB.get(`/api/classes/${other}`)).body.roster[0].code;
    expect((await new Http().post("/api/join", { code: s.code, personal: lyon })).status).toBe(404);
    // A session without a class still takes display names, and lists no roster.
    const plain = await session(insA, undefined, "Séance libre");
    expect((await new Http().get(`/api/join/${plain.code}`)).body).toEqual({ roster: false });
    expect((await new Http().post("/api/join", { code: plain.code, name: "Invité" })).status).toBe(201);
  });

  it("the same student has one pseudonymous id across sessions: xAPI actor account, pseudonymised exports; the portfolio gathers both sessions", async () => {
    const roster = (await insA.get(`/api/classes/${klass}`)).body.roster as { number: string; pseudoId: string; code: string }[];
    const yanis = roster.find((x) => x.number === "2002")!;
    const played: string[] = [];
    for (const name of ["Séance du lundi", "Séance du jeudi"]) {
      const s = await session(insA, klass, name);
      const seat = (await new Http().post("/api/join", { code: s.code, personal: yanis.code })).body;
      const p = await Probe.player(seat.cellId, seat.token);
      okAck(await p.intent({ type: "take_role", role: "director" }));
      okAck(await insA.post(`/api/sessions/${s.id}/command`, { command: { type: "start", force: true } }).then((r) => ({ ok: r.status === 200 }) as never));
      okAck(await p.intent({ type: "action", role: "director", action: "chat", params: { text: "Je prends la direction de la cellule." } }));
      await p.close();
      expect((await insA.post(`/api/sessions/${s.id}/shares`, { username: "jury", access: "assess" })).status).toBe(200);
      const statements = (await jury.get(`/api/sessions/${s.id}/xapi`)).body as { actor: { name: string; account: { name: string } } }[];
      const actors = new Set(statements.filter((x) => x.actor.name.includes("Yanis") || x.actor.name.includes(yanis.pseudoId)).map((x) => x.actor.account.name));
      expect([...actors]).toEqual([yanis.pseudoId]);
      const pseudo = JSON.stringify((await jury.get(`/api/sessions/${s.id}/export?pseudonymize=1`)).body);
      expect(pseudo).toContain(`Étudiant ${yanis.pseudoId}`);
      expect(pseudo).not.toContain("Benali");
      // The jury's override, with its justification: the portfolio shows it.
      const cell = s.cells[0].id;
      okAck(await jury.post(`/api/cells/${cell}/assessments`, { scope: "student", subject: seat.playerId, competency: "C4.2", level: name.includes("lundi") ? 1 : 3, justification: `Jury ${name} : pilotage observé` })
        .then((r) => ({ ok: r.status === 201, code: String(r.status), message: JSON.stringify(r.body) }) as never));
      okAck(await insA.post(`/api/sessions/${s.id}/command`, { command: { type: "end" } }).then((r) => ({ ok: r.status === 200 }) as never));
      played.push(s.id);
    }
    const pf = await jury.get(`/api/students/${yanis.pseudoId}`);
    expect(pf.status).toBe(200);
    expect(pf.body.student).toMatchObject({ name: "Yanis Benali", pseudoId: yanis.pseudoId });
    expect(pf.body.sessions.map((x: { session: string }) => x.session)).toEqual(["Séance du lundi", "Séance du jeudi"]);
    const c42 = pf.body.competencies.find((c: { competency: string }) => c.competency === "C4.2");
    expect(c42.sessions.map((x: { value: number }) => x.value)).toEqual([1, 3]);
    expect(c42.trend.word).toBe("en progression (+2)");
    expect(c42.sessions[1].overrides[0]).toMatchObject({ who: "jury", justification: "Jury Séance du jeudi : pilotage observé" });
    expect(pf.body.canManage).toBe(false);

    const csv = await jury.get(`/api/students/${yanis.pseudoId}/portfolio.csv`);
    expect(String(csv.body)).toContain("Yanis Benali");
    expect(String(csv.body).split("\r\n").filter((l) => l.includes("C4.2"))).toHaveLength(2);
    // The jury's PDF: a page per competency, the levels in words, the justification, a page to sign.
    const pdf = await fetch(`${ENDPOINT}/api/students/${yanis.pseudoId}/portfolio.pdf`, { headers: { cookie: jury.cookie } });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(joinPath(tmpdir(), "sangfroid-portfolio-"));
    try {
      writeFileSync(joinPath(dir, "p.pdf"), Buffer.from(await pdf.arrayBuffer()));
      const text = execFileSync("pdftotext", ["-layout", joinPath(dir, "p.pdf"), "-"], { encoding: "utf8" });
      expect(text).toContain("Portfolio de compétences — Yanis Benali");
      // The levels grid names each competency, not only its code.
      const grid = text.slice(text.indexOf("Niveaux par compétence et par session"), text.indexOf("Les niveaux au fil des sessions"));
      for (const name of ["Analyser et", "Communiquer", "Organiser et", "Évaluer les"]) expect(grid).toContain(name);
      expect(text).toContain("Séance du jeudi");
      expect(text).toMatch(/maîtrisé/);
      expect(text).toContain("pilotage observé");
      expect(text).toContain("Décision du jury");
      expect(text).not.toMatch(/\bp_[\w-]{6,}|\bs_[\w-]{6,}|\bc_[\w-]{6,}/); // no internal id
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [joinPath(dir, "p.pdf")], { encoding: "utf8" }))![1]);
      expect(pages).toBeGreaterThanOrEqual(6); // summary, four competencies, the jury's page
    } finally { rmSync(dir, { recursive: true, force: true }); }

    // Access (GDPR art. 15): everything about Yanis, for the owner of his class only; the jury reads his portfolio but is told the export is not theirs.
    const all = await insA.get(`/api/students/${yanis.pseudoId}/export`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ format: "sangfroid-student/1", roster: [{ class: "MSc 1 Paris", number: "2002", firstName: "Yanis", lastName: "Benali", pseudoId: yanis.pseudoId }] });
    expect(all.body.sessions).toHaveLength(2);
    for (const x of all.body.sessions) {
      expect(x.roles).toEqual(["director"]);
      expect(x.entries.some((e: { params?: { text?: string } }) => e.params?.text === "Je prends la direction de la cellule.")).toBe(true);
    }
    expect(all.body.portfolio.sessions).toHaveLength(2);
    expect((await jury.get(`/api/students/${yanis.pseudoId}/export`)).status).toBe(403);
    // Bruno has no access to that class or those sessions: the student does not exist for him.
    expect((await insB.get(`/api/students/${yanis.pseudoId}`)).status).toBe(404);
    // The roster sheet: each student's personal code, for the class's runners.
    const sheet = await fetch(`${ENDPOINT}/api/classes/${klass}/roster.pdf`, { headers: { cookie: insA.cookie } });
    expect(sheet.status).toBe(200);
    const sdir = mkdtempSync(joinPath(tmpdir(), "sangfroid-sheet-"));
    try {
      writeFileSync(joinPath(sdir, "s.pdf"), Buffer.from(await sheet.arrayBuffer()));
      const text = execFileSync("pdftotext", ["-raw", joinPath(sdir, "s.pdf"), "-"], { encoding: "utf8" });
      for (const st of roster) expect(text).toContain(st.code);
      expect(text).toContain("Hélène Durand");
    } finally { rmSync(sdir, { recursive: true, force: true }); }
  }, 60_000);
});
