import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth.js";
import { PostgresStorage } from "../../server/storage/postgres.js";
import { SqliteStorage } from "../../server/storage/sqlite.js";
import type { Storage } from "../../server/storage/types.js";
import { createTestDatabase, probePostgres, servicesFor } from "../services.js";
import { Http, instructor, join, startServer, type TestServer } from "./helpers.js";

/**
 * Property (issue 15, "an instructor's scenarios are theirs and shareable"):
 * the owner of a library scenario shares it with named colleagues — `use`
 * (read, download, duplicate into one's own, start sessions) or `edit` (also
 * save new versions); an evaluator account only ever reads it. A share
 * withdrawn, or a scenario deleted, is at once a 404 with the very bytes of
 * a scenario that never existed. A session started from a shared scenario
 * keeps the version it started with, and names that version's author. Files
 * uploaded by the old route (no versions, seen by every staff member) become
 * their uploader's library scenarios at start-up. On SQLite and PostgreSQL.
 */

const TUTORIAL = readFileSync(new URL("../../scenarios/tutorial.yaml", import.meta.url), "utf8");
const MINE = TUTORIAL.replace(/^id: tutorial$/m, "id: atelier-partage");

const withPostgres = await servicesFor("studio sharing on PostgreSQL", probePostgres());
const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];
const tmp = () => { const d = mkdtempSync(joinPath(tmpdir(), "sangfroid-share-")); dirs.push(d); return d; };
const kinds: [string, () => Promise<Storage>][] = [
  ["sqlite", async () => new SqliteStorage(joinPath(tmp(), "s.db"))],
  ...(withPostgres ? [["postgres", async () => { const db = await createTestDatabase(); drops.push(db.drop); return PostgresStorage.open(db.url); }] as [string, () => Promise<Storage>]] : []),
];
afterAll(async () => { for (const d of drops) await d(); for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function login(username: string): Promise<Http> {
  const h = new Http();
  expect((await h.post("/api/login", { username, password: "motdepasse-solide" })).status).toBe(200);
  return h;
}

describe.each(kinds)("sharing studio scenarios on %s", (_kind, make) => {
  let server: TestServer;
  let anim: Http, bea: Http, cara: Http, eva: Http;
  let id: string;

  beforeAll(async () => {
    server = await startServer({}, await make());
    anim = await instructor(server);
    for (const [name, role] of [["bea", "instructor"], ["cara", "instructor"], ["eva", "evaluator"]] as const) {
      expect((await anim.post("/api/users", { username: name, password: "motdepasse-solide", role })).status).toBe(201);
    }
    [bea, cara, eva] = await Promise.all(["bea", "cara", "eva"].map(login));
    const up = await anim.post("/api/scenarios/library", { filename: "atelier partagé.yaml", text: MINE });
    expect(up.status).toBe(201);
    id = up.body.id;
  });
  afterAll(async () => { await server?.close(); });

  it("a use share: the colleague reads, downloads, duplicates and starts sessions, but may not save, delete or share (403)", async () => {
    const shared = await anim.post(`/api/scenarios/library/${id}/shares`, { username: "bea", access: "use" });
    expect(shared.status).toBe(200);
    expect(shared.body).toEqual([{ username: "bea", role: "instructor", access: "use" }]);
    expect((await bea.get("/api/scenarios/library")).body).toMatchObject([{ id, access: "use", owner: "anim", version: 1, author: "anim" }]);
    expect((await bea.get(`/api/scenarios/library/${id}`)).body).toMatchObject({ id, access: "use", owner: "anim", latest: { text: MINE } });
    // The new-session picker's list says whose it is and which version, by name.
    expect((await bea.get("/api/scenarios")).body.find((s: { id: string }) => s.id === id)).toMatchObject({ access: "use", owner: "anim", version: 1 });
    expect((await anim.get("/api/scenarios")).body.find((s: { id: string }) => s.id === id)).toMatchObject({ access: "owner", version: 1 });
    expect((await anim.get("/api/scenarios")).body.find((s: { id: string }) => s.id === id).owner).toBeUndefined();
    expect((await bea.get(`/api/scenarios/library/${id}/versions/1/file`)).body).toBe(MINE);
    const copy = await bea.post("/api/scenarios/library/duplicate", { from: id });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ access: "owner", latest: { author: "bea" } });
    for (const [method, path, body] of [
      ["POST", `/api/scenarios/library/${id}/versions`, { text: MINE }], ["DELETE", `/api/scenarios/library/${id}`],
      ["GET", `/api/scenarios/library/${id}/shares`], ["POST", `/api/scenarios/library/${id}/shares`, { username: "cara", access: "use" }],
    ] as [string, string, unknown?][]) {
      const r = await bea.req(method, path, body);
      expect([r.status, r.body.error], `${method} ${path}`).toEqual([403, "forbidden"]);
    }
    // The owner's copy is untouched by what was refused.
    expect((await anim.get(`/api/scenarios/library/${id}`)).body.versions).toHaveLength(1);
  });

  it("a session from a shared scenario keeps its version when the owner saves again, and names the version's author", async () => {
    const s = await bea.post("/api/sessions", { scenario: id, cells: 1, seed: 5 });
    expect(s.status).toBe(201);
    const v2 = MINE.replace("Tutoriel", "Tutoriel revu");
    expect((await anim.post(`/api/scenarios/library/${id}/versions`, { text: v2 })).body).toMatchObject({ version: 2, author: "anim" });
    const v = await bea.get(`/api/sessions/${s.body.id}/scenario-version`);
    expect(v.body).toMatchObject({ source: "library", version: 1, author: "anim", filename: "atelier partagé.yaml" });
    expect((await server.storage.getSession(s.body.id))?.scenarioText).toBe(MINE);
    // The session is bea's: its scenario line is nobody else's business.
    const foreign = await cara.get(`/api/sessions/${s.body.id}/scenario-version`), missing = await cara.get("/api/sessions/s_nexistepas/scenario-version");
    expect([foreign.status, foreign.body]).toEqual([missing.status, missing.body]);
    expect(foreign.status).toBe(404);
    // The player's first inject comes from version 1's text.
    const p = await join(s.body.cells[0].code, "Élève");
    expect(p.cellId).toBe(s.body.cells[0].id);
  });

  it("an edit share: the co-author saves new versions under their own name; a session started then names them", async () => {
    expect((await anim.post(`/api/scenarios/library/${id}/shares`, { username: "bea", access: "edit" })).body).toMatchObject([{ username: "bea", access: "edit" }]);
    const v3 = MINE.replace("Tutoriel", "Tutoriel de Béa");
    const saved = await bea.post(`/api/scenarios/library/${id}/versions`, { text: v3 });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ version: 3, author: "bea", valid: true });
    expect((await anim.get(`/api/scenarios/library/${id}`)).body.versions.map((v: { author: string }) => v.author)).toEqual(["anim", "anim", "bea"]);
    const s = await anim.post("/api/sessions", { scenario: id, cells: 1 });
    expect((await anim.get(`/api/sessions/${s.body.id}/scenario-version`)).body).toMatchObject({ version: 3, author: "bea" });
    expect((await bea.del(`/api/scenarios/library/${id}`)).status).toBe(403); // deleting stays the owner's
    // So does renaming, by its own route or by a save under another name; the same name is a save like any other.
    expect((await bea.post(`/api/scenarios/library/${id}/rename`, { filename: "de-bea.yaml" })).status).toBe(403);
    const renamed = await bea.post(`/api/scenarios/library/${id}/versions`, { text: v3, filename: "de-bea.yaml" });
    expect([renamed.status, renamed.body.error]).toEqual([403, "forbidden"]);
    expect((await bea.post(`/api/scenarios/library/${id}/versions`, { text: v3, filename: "atelier partagé.yaml" })).status).toBe(201);
    expect((await anim.get(`/api/scenarios/library/${id}`)).body.filename).toBe("atelier partagé.yaml");
  });

  it("an evaluator account reads a scenario shared with it, never writes it nor starts a session; an edit share to it is refused", async () => {
    const refused = await anim.post(`/api/scenarios/library/${id}/shares`, { username: "eva", access: "edit" });
    expect([refused.status, refused.body.error]).toEqual([400, "not_instructor"]);
    expect((await eva.get(`/api/scenarios/library/${id}`)).status).toBe(404);
    expect((await anim.post(`/api/scenarios/library/${id}/shares`, { username: "eva", access: "use" })).status).toBe(200);
    expect((await eva.get(`/api/scenarios/library/${id}`)).body).toMatchObject({ access: "use", owner: "anim" });
    expect((await eva.get("/api/scenarios/library")).body.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await eva.post(`/api/scenarios/library/${id}/versions`, { text: MINE })).status).toBe(403);
    expect((await eva.post("/api/sessions", { scenario: id, cells: 1 })).status).toBe(403);
    expect((await eva.post("/api/scenarios/library/duplicate", { from: id })).status).toBe(403);
    expect((await eva.post(`/api/scenarios/library/${id}/rename`, { filename: "eva.yaml" })).status).toBe(403);
    // What the studio needs to read there: the schema (hover help) and the bundled scenarios, text and problems.
    expect((await eva.get("/api/scenarios/schema")).body).toMatchObject({ type: "object" });
    expect((await eva.get("/api/scenarios/bundled/tutorial")).body).toMatchObject({ id: "tutorial", filename: "tutorial.yaml", access: "bundled", valid: true, versions: [] });
    expect((await eva.get("/api/scenarios/bundled/nope")).status).toBe(404);
    expect((await new Http().get("/api/scenarios/bundled/tutorial")).status).toBe(401);
  });

  it("refuses shares that make no sense: unknown or disabled accounts, the owner, an unknown level", async () => {
    expect((await anim.post("/api/users", { username: "dora", password: "motdepasse-solide", role: "instructor" })).status).toBe(201);
    const dora = (await anim.get("/api/users")).body.find((u: { username: string }) => u.username === "dora").id;
    expect((await anim.req("PATCH", `/api/users/${dora}`, { disabled: true })).status).toBe(200);
    for (const [body, code] of [
      [{ username: "personne", access: "use" }, "unknown_user"], [{ username: "dora", access: "use" }, "unknown_user"],
      [{ username: "anim", access: "edit" }, "owner"], [{ username: "bea", access: "run" }, "bad_request"], [{ username: "bea", access: "use", extra: 1 }, "bad_request"],
    ] as [unknown, string][]) {
      const r = await anim.post(`/api/scenarios/library/${id}/shares`, body);
      expect([r.status, r.body.error], JSON.stringify(body)).toEqual([400, code]);
    }
  });

  it("a withdrawn share, then a deleted scenario: 404 with the bytes of a scenario that never existed", async () => {
    const same = async (h: Http, path: string) => {
      const a = await h.get(path.replace(":id", id)), b = await h.get(path.replace(":id", "sc_nexistepas"));
      expect([a.status, a.body], path).toEqual([404, b.body]);
      expect(b.status).toBe(404);
    };
    expect((await anim.post(`/api/scenarios/library/${id}/shares`, { username: "bea", access: "none" })).body.map((s: { username: string }) => s.username)).toEqual(["eva"]);
    for (const path of ["/api/scenarios/library/:id", "/api/scenarios/library/:id/versions/1", "/api/scenarios/library/:id/versions/1/file"]) await same(bea, path);
    expect((await bea.get("/api/scenarios")).body.some((s: { id: string }) => s.id === id)).toBe(false);
    expect((await anim.del(`/api/scenarios/library/${id}`)).status).toBe(204);
    for (const path of ["/api/scenarios/library/:id", "/api/scenarios/library/:id/shares"]) { await same(eva, path); await same(anim, path); }
    expect((await eva.get("/api/scenarios/library")).body).toEqual([]);
  });
});

describe("files uploaded before the studio", () => {
  it("become their uploader's library scenarios at start-up (same key, version 1), no longer seen by every staff member", async () => {
    // A database as the old route left it: two accounts, and a file uploaded by one of them.
    const file = joinPath(tmp(), "legacy.db");
    const before = new SqliteStorage(file);
    const passwordHash = await hashPassword("motdepasse-solide");
    await before.createUser({ id: "u_anim", username: "anim", role: "admin", passwordHash, createdAt: 1 });
    await before.createUser({ id: "u_bea", username: "bea", role: "instructor", passwordHash, createdAt: 2 });
    await before.putScenario({ id: "u_ancien", filename: "ancien.yaml", text: MINE, uploadedBy: "u_anim", createdAt: 1_700_000_000_000 });
    await before.close();
    let server = await startServer({}, new SqliteStorage(file));
    try {
      const anim = await login("anim"), bea = await login("bea");
      expect((await anim.get("/api/scenarios/library/u_ancien")).body).toMatchObject({ access: "owner", filename: "ancien.yaml", latest: { version: 1, author: "anim", text: MINE } });
      expect((await bea.get("/api/scenarios")).body.some((s: { id: string }) => s.id === "u_ancien")).toBe(false);
      expect((await bea.get("/api/scenarios/library/u_ancien")).status).toBe(404);
      const s = await anim.post("/api/sessions", { scenario: "u_ancien", cells: 1 });
      expect(s.status).toBe(201);
      expect((await anim.get(`/api/sessions/${s.body.id}/scenario-version`)).body).toMatchObject({ source: "library", version: 1 });
    } finally { await server.close(); }
    // A second start adopts nothing twice.
    server = await startServer({}, new SqliteStorage(file));
    try { expect(await server.storage.library.versions("u_ancien")).toHaveLength(1); } finally { await server.close(); }
  });
});
