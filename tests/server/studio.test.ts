import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStorage } from "../../server/storage/postgres.js";
import { SqliteStorage } from "../../server/storage/sqlite.js";
import type { Storage } from "../../server/storage/types.js";
import { createTestDatabase, probePostgres, servicesFor } from "../services.js";
import { ENDPOINT, Http, instructor, startServer, type TestServer } from "./helpers.js";

/**
 * The studio's scenarios over HTTP, as instructors (and a hostile one) use
 * them, on the real SQLite file and on PostgreSQL: upload, versions with who
 * and when, drafts that no session can start from, a session that keeps its
 * version, duplicates of a bundled file, ownership (404 for someone else's;
 * sharing: studio-sharing.test.ts and access-matrix.test.ts),
 * and bad input — too big, binary, a YAML bomb, hostile names — refused or
 * kept as a located draft, the server still answering.
 */

const TUTORIAL = readFileSync(new URL("../../scenarios/tutorial.yaml", import.meta.url), "utf8");
const MINE = TUTORIAL.replace(/^id: tutorial$/m, "id: atelier-val");
/** A typo an author makes: an inject's channel that does not exist. */
const TYPO = MINE.replace(/^(\s+channel:\s*)mail$/m, "$1emial");
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

const withPostgres = await servicesFor("studio on PostgreSQL", probePostgres());
const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];
const kinds: [string, () => Promise<Storage>][] = [
  ["sqlite", async () => { const d = mkdtempSync(joinPath(tmpdir(), "sangfroid-studio-")); dirs.push(d); return new SqliteStorage(joinPath(d, "s.db")); }],
  ...(withPostgres ? [["postgres", async () => { const db = await createTestDatabase(); drops.push(db.drop); return PostgresStorage.open(db.url); }] as [string, () => Promise<Storage>]] : []),
];
afterAll(async () => { for (const d of drops) await d(); for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe.each(kinds)("studio scenarios on %s", (_kind, make) => {
  let server: TestServer;
  let anim: Http;
  let other: Http;
  let evaluator: Http;
  let id: string;

  beforeAll(async () => {
    server = await startServer({}, await make());
    anim = await instructor(server);
    for (const [name, role] of [["bea", "instructor"], ["eva", "evaluator"]] as const) {
      expect((await anim.post("/api/users", { username: name, password: "motdepasse-solide", role })).status).toBe(201);
    }
    other = new Http();
    expect((await other.post("/api/login", { username: "bea", password: "motdepasse-solide" })).status).toBe(200);
    evaluator = new Http();
    expect((await evaluator.post("/api/login", { username: "eva", password: "motdepasse-solide" })).status).toBe(200);
  });
  afterAll(async () => { await server?.close(); });

  it("uploads a file as version 1, by whom and when, listed in the catalogue", async () => {
    const before = Date.now();
    const up = await anim.post("/api/scenarios/library", { filename: "atelier val.yaml", text: MINE });
    expect(up.status).toBe(201);
    id = up.body.id;
    expect(up.body).toMatchObject({ filename: "atelier val.yaml", valid: true, latest: { version: 1, author: "anim", valid: true, text: MINE } });
    expect(up.body.latest.createdAt).toBeGreaterThanOrEqual(before);
    const cat = (await anim.get("/api/scenarios")).body as { id: string; source: string; version?: number; valid: boolean }[];
    expect(cat.find((s) => s.id === id)).toMatchObject({ source: "library", version: 1, valid: true });
  });

  it("keeps an invalid save as a draft, located, that no session can start from; the previous version stays whole", async () => {
    const save = await anim.post(`/api/scenarios/library/${id}/versions`, { text: TYPO });
    expect(save.status).toBe(201);
    expect(save.body).toMatchObject({ version: 2, valid: false, author: "anim" });
    const problem = save.body.problems.find((p: { severity: string }) => p.severity === "error");
    expect(problem).toMatchObject({ line: lineOf(TYPO, "emial") });
    expect(problem.text).toMatch(/^atelier val\.yaml:\d+:\d+ injects\[\d+\]\.channel: /);
    const refused = await anim.post("/api/sessions", { scenario: id, cells: 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_scenario");
    expect((await anim.get(`/api/scenarios/library/${id}/versions/1`)).body).toMatchObject({ version: 1, valid: true, text: MINE });
    expect((await anim.get(`/api/scenarios/library/${id}`)).body.versions.map((v: { version: number; valid: boolean }) => [v.version, v.valid])).toEqual([[1, true], [2, false]]);
  });

  it("starts a session from the latest valid version and keeps that version after later saves", async () => {
    const fixed = MINE.replace("Tutoriel", "Tutoriel corrigé");
    expect((await anim.post(`/api/scenarios/library/${id}/versions`, { text: fixed })).body).toMatchObject({ version: 3, valid: true });
    const s = await anim.post("/api/sessions", { scenario: id, cells: 1, seed: 1 });
    expect(s.status).toBe(201);
    expect((await anim.post(`/api/scenarios/library/${id}/versions`, { text: MINE })).body.version).toBe(4);
    const v = await anim.get(`/api/sessions/${s.body.id}/scenario-version`);
    expect(v.body).toMatchObject({ source: "library", version: 3, author: "anim", filename: "atelier val.yaml" });
    expect((await server.storage.getSession(s.body.id))?.scenarioText).toBe(fixed);
    const bundled = await anim.post("/api/sessions", { scenario: "tutorial", cells: 1 });
    expect((await anim.get(`/api/sessions/${bundled.body.id}/scenario-version`)).body).toMatchObject({ source: "file", filename: "tutorial.yaml" });
  });

  it("downloads any version byte for byte, and a bundled file", async () => {
    const res = await fetch(`${ENDPOINT}/api/scenarios/library/${id}/versions/1/file`, { headers: { cookie: anim.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="atelier val\.yaml"/);
    expect(await res.text()).toBe(MINE);
    const b = await fetch(`${ENDPOINT}/api/scenarios/bundled/tutorial/file`, { headers: { cookie: anim.cookie } });
    expect(await b.text()).toBe(TUTORIAL);
  });

  it("duplicates a bundled scenario: its id and file name marked as a copy, the rest untouched", async () => {
    const d = await anim.post("/api/scenarios/library/duplicate", { from: "tutorial" });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ filename: "tutorial-copie.yaml", valid: true, latest: { version: 1 } });
    expect(d.body.latest.text).toBe(TUTORIAL.replace(/^id: tutorial$/m, "id: tutorial-copie"));
    expect((await anim.post("/api/scenarios/library/duplicate", { from: "nope" })).status).toBe(404);
  });

  it("shows nobody else an instructor's scenario it has not shared: 404 for another instructor and for an evaluator", async () => {
    for (const [method, path, body] of [
      ["GET", `/api/scenarios/library/${id}`], ["GET", `/api/scenarios/library/${id}/versions/1`], ["GET", `/api/scenarios/library/${id}/versions/1/file`],
      ["POST", `/api/scenarios/library/${id}/versions`, { text: MINE }], ["DELETE", `/api/scenarios/library/${id}`],
      ["POST", "/api/scenarios/library/duplicate", { from: id }], ["POST", "/api/sessions", { scenario: id, cells: 1 }],
    ] as [string, string, unknown?][]) {
      const r = await other.req(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain("Tutoriel");
      if (method === "GET") expect((await evaluator.req(method, path)).status, `evaluator ${method} ${path}`).toBe(404);
    }
    expect(((await other.get("/api/scenarios/library")).body as unknown[]).length).toBe(0);
    expect(((await other.get("/api/scenarios")).body as { id: string }[]).some((s) => s.id === id)).toBe(false);
    expect((await evaluator.get("/api/scenarios/library")).body).toEqual([]);
    expect((await evaluator.post("/api/scenarios/library", { filename: "x.yaml", text: MINE })).status).toBe(403);
    expect((await new Http().get(`/api/scenarios/library/${id}`)).status).toBe(401);
    expect((await anim.get(`/api/scenarios/library/${id}/versions/4`)).body.version).toBe(4); // nothing changed
  });

  it("refuses what is not a scenario file, says where, stores nothing, and keeps answering", async () => {
    const count = async () => ((await anim.get("/api/scenarios/library")).body as unknown[]).length;
    const n = await count();
    const big = await anim.req("POST", "/api/scenarios/library", JSON.stringify({ filename: "gros.yaml", text: "a".repeat(5 * 1024 * 1024) }), { "content-type": "application/json" });
    expect(big.status).toBe(413);
    const bin = await anim.post("/api/scenarios/library", { filename: "image.yaml", text: "id: x\nmeta:\n  \u0000\u0001PNG" });
    expect(bin.status).toBe(400);
    expect(bin.body).toMatchObject({ error: "not_text", problems: [{ line: 3, col: 3, text: expect.stringMatching(/^image\.yaml:3:3 \(fichier\): ce fichier n'est pas un texte/) }] });
    for (const filename of ["../../etc/passwd.yaml", "a/b.yaml", "a\\b.yaml", "nul\u0000.yaml", "<img src=x onerror=alert(1)>.yaml", ".cache.yaml", "x.exe", `${"a".repeat(200)}.yaml`, ""]) {
      const r = await anim.post("/api/scenarios/library", { filename, text: MINE });
      expect(r.status, filename).toBe(400);
      expect(r.body.params.problems.map((p: { path: string }) => p.path), filename).toContain("filename");
    }
    const taken = await anim.post("/api/scenarios/library", { filename: "Tutorial.yml", text: MINE });
    expect(taken.status).toBe(409);
    // The name suggested is free: this account already has « tutorial-copie.yaml » (duplicated above).
    expect(taken.body).toMatchObject({ error: "name_taken", params: { name: "Tutorial.yml", suggestion: "tutorial-copie-2.yaml" }, message: expect.stringMatching(/fourni avec Sangfroid/) });
    expect((await anim.req("POST", "/api/scenarios/library", "{pas du json", { "content-type": "application/json" })).status).toBe(400);
    expect(await count()).toBe(n);

    // A billion laughs: kept as a draft whose problem says where, in well under the time a hang would take.
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    const b = await anim.post("/api/scenarios/library", { filename: "bombe.yaml", text: bomb });
    expect(b.status).toBe(201);
    expect(b.body.valid).toBe(false);
    expect(b.body.latest.problems[0]).toMatchObject({ line: expect.any(Number), col: expect.any(Number) });
    expect((await anim.post("/api/sessions", { scenario: b.body.id, cells: 1 })).status).toBe(400);
    expect((await anim.get("/api/me")).status).toBe(200);
  });

  it("checks a text as the author types, with lines and columns, storing nothing", async () => {
    const r = await anim.post("/api/scenarios/check", { filename: "atelier.yaml", text: TYPO });
    expect(r.body.valid).toBe(false);
    expect(r.body.problems.find((p: { severity: string }) => p.severity === "error")).toMatchObject({ line: lineOf(TYPO, "emial"), path: expect.stringMatching(/channel$/) });
    expect((await anim.post("/api/scenarios/check", { filename: "atelier.yaml", text: MINE })).body).toMatchObject({ valid: true });
  });

  it("renames one's own scenario's file as its next version (same text, who and when); earlier versions and sessions keep their names; bad names refused, nothing stored", async () => {
    const before = (await anim.get(`/api/scenarios/library/${id}`)).body as { versions: { filename: string }[]; latest: { text: string } };
    const n = before.versions.length;
    const sessions = (await anim.get("/api/sessions")).body as { id: string }[];
    const named = async () => Promise.all(sessions.map(async (s) => (await anim.get(`/api/sessions/${s.id}/scenario-version`)).body.filename));
    const was = await named();
    for (const filename of ["../x.yaml", "a/b.yaml", "x.exe", "", `${"a".repeat(200)}.yaml`]) {
      const r = await anim.post(`/api/scenarios/library/${id}/rename`, { filename });
      expect([r.status, r.body.params?.problems?.[0]?.path], filename).toEqual([400, "filename"]);
    }
    expect((await anim.post(`/api/scenarios/library/${id}/rename`, { filename: "ok.yaml", text: "x" })).status).toBe(400); // strict body
    expect((await anim.post(`/api/scenarios/library/${id}/rename`, { filename: "Tutorial.yaml" })).body).toMatchObject({ error: "name_taken" });
    expect((await other.post(`/api/scenarios/library/${id}/rename`, { filename: "vol.yaml" })).status).toBe(404);
    expect((await evaluator.post(`/api/scenarios/library/${id}/rename`, { filename: "vol.yaml" })).status).toBe(404);
    expect((await new Http().post(`/api/scenarios/library/${id}/rename`, { filename: "vol.yaml" })).status).toBe(401);
    expect((await anim.get(`/api/scenarios/library/${id}`)).body.versions).toHaveLength(n);

    const r = await anim.post(`/api/scenarios/library/${id}/rename`, { filename: "atelier du lundi.yaml" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ filename: "atelier du lundi.yaml", access: "owner", latest: { version: n + 1, author: "anim", filename: "atelier du lundi.yaml", text: before.latest.text } });
    expect(r.body.versions.slice(0, n).map((v: { filename: string }) => v.filename)).toEqual(before.versions.map((v) => v.filename));
    expect(((await anim.get("/api/scenarios/library")).body as { id: string; filename: string }[]).find((s) => s.id === id)?.filename).toBe("atelier du lundi.yaml");
    expect(await named()).toEqual(was);
    // The same name again: nothing stored.
    expect((await anim.post(`/api/scenarios/library/${id}/rename`, { filename: "atelier du lundi.yaml" })).body.versions).toHaveLength(n + 1);
  });

  it("keeps one account's scenario names apart: a name already one of its own is refused with a free one to use, a copy takes the next free name", async () => {
    const mine = ((await anim.get(`/api/scenarios/library/${id}`)).body as { filename: string }).filename;
    const shouting = mine.toUpperCase().replace(/\.YAML$/, ".yml");
    for (const [filename, suggestion] of [[mine, mine.replace(/\.yaml$/, "-copie.yaml")], [shouting, shouting.replace(/\.yml$/, "-copie.yml")]]) {
      const r = await anim.post("/api/scenarios/library", { filename, text: MINE });
      expect([r.status, r.body.error], filename).toEqual([409, "own_name_taken"]);
      expect(r.body.params.suggestion).toBe(suggestion);
      expect(r.body.message).toMatch(/déjà le nom d'un de vos scénarios/);
    }
    const made: string[] = [];
    try {
      // Another account may use the same name: names are per owner.
      const theirs = await other.post("/api/scenarios/library", { filename: mine, text: MINE });
      expect(theirs.status).toBe(201);
      // Duplicating twice: « -copie », then « -copie-2 »; a rename onto a name in use is refused, onto a free one done.
      const src = await anim.post("/api/scenarios/library", { filename: "veille.yaml", text: MINE });
      made.push(src.body.id);
      const first = await anim.post("/api/scenarios/library/duplicate", { from: src.body.id });
      const second = await anim.post("/api/scenarios/library/duplicate", { from: src.body.id });
      made.push(first.body.id, second.body.id);
      expect([first.body.filename, second.body.filename]).toEqual(["veille-copie.yaml", "veille-copie-2.yaml"]);
      expect((await anim.post("/api/scenarios/library/duplicate", { from: src.body.id, filename: "veille-copie.yaml" })).body.error).toBe("own_name_taken");
      const onto = await anim.post(`/api/scenarios/library/${second.body.id}/rename`, { filename: "Veille-Copie.yaml" });
      expect(onto.body).toMatchObject({ error: "own_name_taken", params: { suggestion: "Veille-Copie-copie.yaml" } });
      expect((await anim.post(`/api/scenarios/library/${second.body.id}/versions`, { text: MINE, filename: "veille.yaml" })).body.error).toBe("own_name_taken");
      expect((await anim.post(`/api/scenarios/library/${second.body.id}/rename`, { filename: "veille-bis.yaml" })).body.filename).toBe("veille-bis.yaml");
      await other.del(`/api/scenarios/library/${theirs.body.id}`);
    } finally {
      for (const x of made) await anim.del(`/api/scenarios/library/${x}`);
    }
  });

  it("deletes one's own scenario: gone from the lists, the sessions started from it still name their version", async () => {
    const sessions = (await anim.get("/api/sessions")).body as { id: string }[];
    expect((await anim.del(`/api/scenarios/library/${id}`)).status).toBe(204);
    expect((await anim.get(`/api/scenarios/library/${id}`)).status).toBe(404);
    expect(((await anim.get("/api/scenarios")).body as { id: string }[]).some((s) => s.id === id)).toBe(false);
    const versions = await Promise.all(sessions.map(async (s) => (await anim.get(`/api/sessions/${s.id}/scenario-version`)).body));
    expect(versions.some((v) => v.source === "library" && v.version === 3)).toBe(true);
  });
});
