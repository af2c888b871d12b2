import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStorage } from "../../server/storage/postgres.js";
import { SqliteStorage } from "../../server/storage/sqlite.js";
import type { Storage } from "../../server/storage/types.js";
import { createTestDatabase, probePostgres, servicesFor } from "../services.js";
import { Http, instructor, join, MINI_JSON, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * Property (issue 12, ownership and sharing): for every account role
 * (administrator, instructor, evaluator) and every relation to a session —
 * its owner, a co-instructor it was shared with (run), an evaluator it was
 * shared with (assess), a stranger — every session and cell route answers
 * exactly: the route's answer when the relation allows it, 403 when the
 * account sees the session but may not do that, and 404, as for a session
 * that does not exist, for a stranger. The same for classes, for the
 * studio's library scenarios (owner, shared to use, shared to edit,
 * stranger: issue 15), for the account routes by role, and for staff seats
 * and commands in the cell rooms. Walked on SQLite and on PostgreSQL.
 */

type Rel = "own" | "run" | "assess" | "foreign";
type Role = "admin" | "instructor" | "evaluator";
type Need = "see" | "run" | "assess" | "manage";

const ALLOWS: Record<Need, Rel[]> = { see: ["own", "run", "assess"], run: ["own", "run"], assess: ["own", "run", "assess"], manage: ["own"] };
/** What an account of this role may hold (an evaluator owns nothing; a run share to an evaluator is refused by the share route). */
const RELATIONS: Record<Role, Rel[]> = { admin: ["own", "run", "assess", "foreign"], instructor: ["own", "run", "assess", "foreign"], evaluator: ["assess", "foreign"] };

interface Fixture { session: string; cell: string; player: string }
interface Route { name: string; need: Need; call(h: Http, f: Fixture): Promise<{ status: number; body: any }>; ok: number }

const ROUTES: Route[] = [
  { name: "GET /sessions/:id", need: "see", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}`) },
  { name: "GET /sessions/:id/overview", need: "see", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/overview`) },
  { name: "POST /sessions/:id/command", need: "run", ok: 200, call: (h, f) => h.post(`/api/sessions/${f.session}/command`, { command: { type: "speed", speed: 2 } }) },
  { name: "GET /sessions/:id/assessment", need: "assess", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/assessment`) },
  { name: "GET /sessions/:id/compare", need: "assess", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/compare`) },
  { name: "GET /sessions/:id/series", need: "assess", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/series`) },
  { name: "GET /sessions/:id/export", need: "assess", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/export`) },
  { name: "GET /sessions/:id/export.csv", need: "assess", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/export.csv`) },
  { name: "GET /sessions/:id/xapi", need: "assess", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/xapi`) },
  // No LRS in tests: an account that may send is told so (409), which no stranger hears.
  { name: "POST /sessions/:id/xapi/send", need: "assess", ok: 409, call: (h, f) => h.post(`/api/sessions/${f.session}/xapi/send`, {}) },
  { name: "GET /sessions/:id/students", need: "assess", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/students`) },
  { name: "GET /cells/:id/replay", need: "assess", ok: 200, call: (h, f) => h.get(`/api/cells/${f.cell}/replay`) },
  { name: "GET /cells/:id/report.pdf", need: "assess", ok: 200, call: (h, f) => h.get(`/api/cells/${f.cell}/report.pdf`) },
  { name: "GET /cells/:id/annotations", need: "assess", ok: 200, call: (h, f) => h.get(`/api/cells/${f.cell}/annotations`) },
  { name: "POST /cells/:id/annotations", need: "assess", ok: 201, call: (h, f) => h.post(`/api/cells/${f.cell}/annotations`, { at: 0, text: "note du jury" }) },
  { name: "POST /cells/:id/assessments", need: "assess", ok: 201,
    call: (h, f) => h.post(`/api/cells/${f.cell}/assessments`, { scope: "student", subject: f.player, competency: "C4.1", level: 2, justification: "vu en séance, niveau acquis" }) },
  { name: "GET /sessions/:id/shares", need: "manage", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/shares`) },
  { name: "POST /sessions/:id/shares", need: "manage", ok: 200, call: (h, f) => h.post(`/api/sessions/${f.session}/shares`, { username: "spare", access: "none" }) },
  { name: "POST /sessions/:id/class", need: "manage", ok: 200, call: (h, f) => h.post(`/api/sessions/${f.session}/class`, { class: null }) },
  { name: "GET /sessions/:id/scenario-version", need: "see", ok: 200, call: (h, f) => h.get(`/api/sessions/${f.session}/scenario-version`) },
];

/** A library scenario's relations: its owner, a colleague it was shared with to use or to edit, a stranger (an evaluator never owns one, and an edit share to it is refused). */
type ScenarioRel = "own" | "use" | "edit" | "foreign";
type ScenarioNeed = "see" | "edit" | "manage";
const SCENARIO_ALLOWS: Record<ScenarioNeed, ScenarioRel[]> = { see: ["own", "use", "edit"], edit: ["own", "edit"], manage: ["own"] };
const SCENARIO_RELATIONS: Record<Role, ScenarioRel[]> = { admin: ["own", "use", "edit", "foreign"], instructor: ["own", "use", "edit", "foreign"], evaluator: ["use", "foreign"] };
interface ScenarioRoute {
  name: string; need: ScenarioNeed; ok: number;
  /** Writes a scenario or starts a session: an evaluator account is refused by its role (403), whatever the scenario. */
  authors?: boolean;
  call(h: Http, id: string): Promise<{ status: number; body: any }>;
}
const SCENARIO_ROUTES: ScenarioRoute[] = [
  { name: "GET /scenarios/library/:id", need: "see", ok: 200, call: (h, id) => h.get(`/api/scenarios/library/${id}`) },
  { name: "GET /scenarios/library/:id/versions/1", need: "see", ok: 200, call: (h, id) => h.get(`/api/scenarios/library/${id}/versions/1`) },
  { name: "GET /scenarios/library/:id/versions/1/file", need: "see", ok: 200, call: (h, id) => h.get(`/api/scenarios/library/${id}/versions/1/file`) },
  { name: "POST /scenarios/library/duplicate", need: "see", ok: 201, authors: true, call: (h, id) => h.post("/api/scenarios/library/duplicate", { from: id }) },
  { name: "POST /sessions (library scenario)", need: "see", ok: 201, authors: true, call: (h, id) => h.post("/api/sessions", { scenario: id, cells: 1 }) },
  { name: "POST /scenarios/library/:id/versions", need: "edit", ok: 201, call: (h, id) => h.post(`/api/scenarios/library/${id}/versions`, { text: MINI_JSON }) },
  { name: "GET /scenarios/library/:id/shares", need: "manage", ok: 200, call: (h, id) => h.get(`/api/scenarios/library/${id}/shares`) },
  { name: "POST /scenarios/library/:id/shares", need: "manage", ok: 200, call: (h, id) => h.post(`/api/scenarios/library/${id}/shares`, { username: "spare", access: "none" }) },
  { name: "POST /scenarios/library/:id/rename", need: "manage", ok: 200, call: (h, id) => h.post(`/api/scenarios/library/${id}/rename`, { filename: "renomme.json" }) },
  { name: "DELETE /scenarios/library/:id", need: "manage", ok: 204, call: (h, id) => h.del(`/api/scenarios/library/${id}`) }, // last: the owner's deletes it
];

const storages: [string, () => Promise<{ storage: Storage; cleanup(): Promise<void> }>][] = [
  ["sqlite", async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), "sangfroid-matrix-"));
    return { storage: new SqliteStorage(joinPath(dir, "matrix.db")), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }],
  ["postgres", async () => {
    const db = await createTestDatabase();
    return { storage: await PostgresStorage.open(db.url), cleanup: () => db.drop() };
  }],
];
const withPostgres = await servicesFor("access matrix on PostgreSQL", probePostgres());

describe.each(storages.filter(([name]) => name !== "postgres" || withPostgres))("authorization matrix on %s", (_name, open) => {
  let server: TestServer;
  let cleanup: () => Promise<void>;
  const accounts = new Map<string, Http>();
  const fixtures = new Map<string, Fixture & { owner: string }>(); // key `${username}:${rel}`
  const roleOf = (u: string): Role => (u.startsWith("adm") ? "admin" : u.startsWith("ins") ? "instructor" : "evaluator");
  const viewers = ["adm2", "ins2", "eva"];

  beforeAll(async () => {
    const opened = await open();
    cleanup = opened.cleanup;
    server = await startServer({}, opened.storage);
    const admin = await instructor(server, "adm", "mot-de-passe-admin");
    accounts.set("adm", admin);
    for (const [username, role] of [["adm2", "admin"], ["ins1", "instructor"], ["ins2", "instructor"], ["eva", "evaluator"], ["spare", "evaluator"]] as const) {
      expect((await admin.post("/api/users", { username, password: `mot-de-passe-${username}`, role })).status).toBe(201);
      const h = new Http();
      expect((await h.post("/api/login", { username, password: `mot-de-passe-${username}` })).status).toBe(200);
      accounts.set(username, h);
    }
    // One session per (viewer, relation): owned by the viewer, or by ins1 and shared (or not) with the viewer.
    const up = await accounts.get("ins1")!.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });
    expect(up.status).toBe(201);
    for (const viewer of viewers) {
      for (const rel of RELATIONS[roleOf(viewer)]) {
        const owner = rel === "own" ? viewer : "ins1";
        const h = accounts.get(owner)!;
        const scenario = owner === "ins1" ? up.body.id : (await h.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON })).body.id;
        const s = await h.post("/api/sessions", { scenario, cells: 1, seed: 3, name: `Séance ${viewer} ${rel}` });
        expect(s.status).toBe(201);
        if (rel === "run" || rel === "assess") expect((await h.post(`/api/sessions/${s.body.id}/shares`, { username: viewer, access: rel })).status).toBe(200);
        const p = await join(s.body.cells[0].code, `Élève ${viewer} ${rel}`);
        fixtures.set(`${viewer}:${rel}`, { session: s.body.id, cell: s.body.cells[0].id, player: p.playerId, owner });
      }
    }
  }, 120_000);

  afterAll(async () => { await server?.close(); await cleanup?.(); });

  it("every session and cell route answers by relation: the route's answer, 403 when seen but not allowed, 404 for a stranger", async () => {
    const wrong: string[] = [];
    for (const viewer of viewers) {
      for (const rel of RELATIONS[roleOf(viewer)]) {
        const f = fixtures.get(`${viewer}:${rel}`)!;
        for (const route of ROUTES) {
          const want = ALLOWS[route.need].includes(rel) ? route.ok : rel === "foreign" ? 404 : 403;
          const got = await route.call(accounts.get(viewer)!, f);
          if (got.status !== want) wrong.push(`${roleOf(viewer)} ${rel} ${route.name}: ${got.status} (want ${want}) ${JSON.stringify(got.body).slice(0, 120)}`);
          if (want === 404) expect(got.body).toMatchObject({ error: expect.stringMatching(/^unknown_(session|cell)$/) });
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  it("a stranger cannot tell a foreign session from one that does not exist; lists show own and shared sessions only, codes to runners only", async () => {
    for (const viewer of viewers) {
      const h = accounts.get(viewer)!;
      const foreign = fixtures.get(`${viewer}:foreign`)!;
      const a = await h.get(`/api/sessions/${foreign.session}`), b = await h.get("/api/sessions/s_nexistepas");
      expect([a.status, a.body]).toEqual([b.status, b.body]);
      const list = (await h.get("/api/sessions")).body as { id: string; code?: string; access: string }[];
      const mine = RELATIONS[roleOf(viewer)].filter((r) => r !== "foreign").map((r) => fixtures.get(`${viewer}:${r}`)!.session);
      expect(list.map((s) => s.id).sort()).toEqual(mine.sort());
      for (const s of list) expect(s.code !== undefined).toBe(s.access === "owner" || s.access === "run");
    }
  });

  it("staff seats in a cell room: a stranger's room token is refused; an assess share is an evaluator seat (no commands); run and own command", async () => {
    for (const viewer of viewers) {
      for (const rel of RELATIONS[roleOf(viewer)]) {
        const f = fixtures.get(`${viewer}:${rel}`)!;
        const h = accounts.get(viewer)!;
        if (rel === "foreign") {
          await expect(Probe.staff(f.cell, h)).rejects.toMatchObject({ code: 401 });
          continue;
        }
        const p = await Probe.staff(f.cell, h);
        const ack = await p.command({ type: "speed", speed: 3 });
        if (ALLOWS.run.includes(rel)) expect(ack, `${viewer} ${rel}`).toMatchObject({ ok: true });
        else expect(ack, `${viewer} ${rel}`).toMatchObject({ ok: false, code: "forbidden" });
        await p.close();
      }
    }
  }, 120_000);

  it("an evaluator is never a co-instructor: a run share to an evaluator is refused", async () => {
    const f = fixtures.get("ins2:own")!;
    const r = await accounts.get("ins2")!.post(`/api/sessions/${f.session}/shares`, { username: "eva", access: "run" });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("not_instructor");
  });

  it("account routes by role: accounts managed by administrators only, sessions and classes created by runners only", async () => {
    const target = (await accounts.get("adm")!.get("/api/users")).body.find((u: { username: string }) => u.username === "spare").id;
    const expected: Record<Role, Record<string, number>> = {
      admin: { list: 200, create: 201, patch: 200, session: 201, klass: 201 },
      instructor: { list: 200, create: 403, patch: 403, session: 201, klass: 201 },
      evaluator: { list: 403, create: 403, patch: 403, session: 403, klass: 403 },
    };
    const scenario = (await accounts.get("ins1")!.get("/api/scenarios")).body.find((s: { id: string }) => s.id === "tutorial").id;
    for (const viewer of viewers) {
      const h = accounts.get(viewer)!;
      const got = {
        list: (await h.get("/api/users")).status,
        create: (await h.post("/api/users", { username: `new-${viewer}`, password: "un-long-mot-de-passe", role: "evaluator" })).status,
        patch: (await h.req("PATCH", `/api/users/${target}`, { role: "evaluator" })).status,
        session: (await h.post("/api/sessions", { scenario, cells: 1 })).status,
        klass: (await h.post("/api/classes", { name: `Classe de ${viewer}` })).status,
      };
      expect(got, viewer).toEqual(expected[roleOf(viewer)]);
    }
    expect((await new Http().get("/api/users")).status).toBe(401);
  }, 60_000);

  it("classes: the same relations for every class route", async () => {
    const owner = accounts.get("ins1")!;
    const csv = Buffer.from("numero;prenom;nom\n1001;Zoé;Martin\n1002;Yanis;Benali\n", "utf8").toString("base64");
    const classes = new Map<string, string>();
    for (const viewer of viewers) {
      for (const rel of RELATIONS[roleOf(viewer)]) {
        const h = rel === "own" ? accounts.get(viewer)! : owner;
        const k = await h.post("/api/classes", { name: `Classe ${viewer} ${rel}` });
        expect(k.status).toBe(201);
        expect((await h.post(`/api/classes/${k.body.id}/roster`, { filename: "liste.csv", data: csv })).status).toBe(200);
        if (rel === "run" || rel === "assess") expect((await h.post(`/api/classes/${k.body.id}/shares`, { username: viewer, access: rel })).status).toBe(200);
        classes.set(`${viewer}:${rel}`, k.body.id);
      }
    }
    const routes: { name: string; need: Need; ok: number; call(h: Http, id: string): Promise<{ status: number }> }[] = [
      { name: "GET /classes/:id", need: "see", ok: 200, call: (h, id) => h.get(`/api/classes/${id}`) },
      { name: "POST /classes/:id/roster", need: "run", ok: 200, call: (h, id) => h.post(`/api/classes/${id}/roster`, { filename: "liste.csv", data: csv }) },
      { name: "GET /classes/:id/roster.pdf", need: "run", ok: 200, call: (h, id) => h.get(`/api/classes/${id}/roster.pdf`) },
      { name: "GET /classes/:id/shares", need: "manage", ok: 200, call: (h, id) => h.get(`/api/classes/${id}/shares`) },
      { name: "POST /classes/:id/shares", need: "manage", ok: 200, call: (h, id) => h.post(`/api/classes/${id}/shares`, { username: "spare", access: "none" }) },
      { name: "DELETE /classes/:id", need: "manage", ok: 204, call: (h, id) => h.del(`/api/classes/${id}`) }, // last: the owner's deletes it
    ];
    const wrong: string[] = [];
    for (const route of routes) {
      for (const viewer of viewers) {
        for (const rel of RELATIONS[roleOf(viewer)]) {
          const want = ALLOWS[route.need].includes(rel) ? route.ok : rel === "foreign" ? 404 : 403;
          const got = await route.call(accounts.get(viewer)!, classes.get(`${viewer}:${rel}`)!);
          if (got.status !== want) wrong.push(`${roleOf(viewer)} ${rel} ${route.name}: ${got.status} (want ${want})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("library scenarios: every studio route by relation — the route's answer, 403 when shared but not for that, 404 with the bytes of a missing one for a stranger", async () => {
    const scenarios = new Map<string, string>();
    for (const viewer of viewers) {
      for (const rel of SCENARIO_RELATIONS[roleOf(viewer)]) {
        const h = accounts.get(rel === "own" ? viewer : "ins1")!;
        const up = await h.post("/api/scenarios/library", { filename: `mini-${viewer}-${rel}.json`, text: MINI_JSON });
        expect(up.status).toBe(201);
        if (rel === "use" || rel === "edit") expect((await h.post(`/api/scenarios/library/${up.body.id}/shares`, { username: viewer, access: rel })).status).toBe(200);
        scenarios.set(`${viewer}:${rel}`, up.body.id);
      }
    }
    // Lists: own and shared, each with its access and, when shared, its owner by name; never a stranger's.
    for (const viewer of viewers) {
      const seen = new Map(((await accounts.get(viewer)!.get("/api/scenarios/library")).body as { id: string; access: string; owner?: string }[]).map((s) => [s.id, s]));
      for (const rel of SCENARIO_RELATIONS[roleOf(viewer)]) {
        const item = seen.get(scenarios.get(`${viewer}:${rel}`)!);
        if (rel === "foreign") expect(item, `${viewer} ${rel}`).toBeUndefined();
        else expect(item, `${viewer} ${rel}`).toMatchObject(rel === "own" ? { access: "owner" } : { access: roleOf(viewer) === "evaluator" ? "use" : rel, owner: "ins1" });
      }
      for (const item of seen.values()) expect(item.access === "owner" || item.owner === "ins1", viewer).toBe(true);
    }
    const wrong: string[] = [];
    for (const route of SCENARIO_ROUTES) {
      for (const viewer of viewers) {
        for (const rel of SCENARIO_RELATIONS[roleOf(viewer)]) {
          const id = scenarios.get(`${viewer}:${rel}`)!;
          const byRole = route.authors && roleOf(viewer) === "evaluator";
          const want = byRole ? 403 : SCENARIO_ALLOWS[route.need].includes(rel) ? route.ok : rel === "foreign" ? 404 : 403;
          const got = await route.call(accounts.get(viewer)!, id);
          if (got.status !== want) wrong.push(`${roleOf(viewer)} ${rel} ${route.name}: ${got.status} (want ${want}) ${JSON.stringify(got.body).slice(0, 120)}`);
          if (want === 404) {
            const missing = await route.call(accounts.get(viewer)!, "sc_nexistepas");
            const same = (r: { status: number; body: unknown }, key: string) => [r.status, JSON.stringify(r.body).replaceAll(key, "ID")];
            if (JSON.stringify(same(got, id)) !== JSON.stringify(same(missing, "sc_nexistepas"))) wrong.push(`${roleOf(viewer)} foreign ${route.name}: ${JSON.stringify(got.body)} ≠ ${JSON.stringify(missing.body)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  it("DELETE /sessions/:id: the owner only; 403 to those it is shared with, 404 to strangers", async () => {
    for (const viewer of viewers) {
      for (const rel of RELATIONS[roleOf(viewer)]) {
        const f = fixtures.get(`${viewer}:${rel}`)!;
        const got = await accounts.get(viewer)!.del(`/api/sessions/${f.session}`);
        expect(got.status, `${viewer} ${rel}`).toBe(rel === "own" ? 204 : rel === "foreign" ? 404 : 403);
      }
    }
  }, 60_000);
});
