import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRefusalText, type HttpRefusal } from "../../shared/i18n/http-errors.js";
import { rosterProblemText } from "../../shared/i18n/roster-problems.js";
import { BODY_LIMITS } from "../../server/http/body-limits.js";
import { ENDPOINT, Http, instructor, miniSession, startServer, type TestServer } from "./helpers.js";

/**
 * An English reader on the receiving end of the HTTP API's refusals: real
 * failures against a real server (a wrong password, a bad join code, a
 * session that is over, a name already taken, a bad roster line, an upload
 * over the limit, a form with bad fields), each answered `{ error, params }`
 * with no prose but the French `message` for curl, and written by the
 * browser's function (shared/i18n/http-errors.ts, as client/i18n/refusal.ts
 * calls it) in English with no French word, no « », no accent, and the field
 * at fault by its English label.
 */

let server: TestServer;
let anim: Http;

const FRENCH = /[«»éèêàçùôîœ]|\b(le|la|les|des|du|une|est|vous|pas|ce|cette|votre|nom|ligne|réessayez)\b/i;

/** The refusal as an English reader reads it; its body is data (no French outside `message`, which is the French of the same code). */
function english(r: { status: number; body: HttpRefusal }, what: string): string {
  const { message, ...data } = r.body;
  expect(JSON.stringify(data), what).not.toMatch(FRENCH);
  const en = httpRefusalText(r.body, "en");
  const fr = httpRefusalText(r.body, "fr");
  expect(message, what).toBe(fr);
  expect(en, what).not.toBe("Refused by the server");
  expect(en, `${what}: ${en}`).not.toMatch(FRENCH);
  expect(fr, what).not.toBe(en);
  return en;
}

beforeAll(async () => {
  server = await startServer();
  anim = await instructor(server);
});
afterAll(async () => { await server?.close(); });

describe("HTTP refusals reach an English reader as codes, in English", () => {
  it("a wrong password, a bad join code, a session that is over", async () => {
    const wrong = await new Http().post("/api/login", { username: "anim", password: "pas-le-bon-mot-de-passe" });
    expect([wrong.status, wrong.body.error]).toEqual([401, "bad_credentials"]);
    expect(english(wrong, "wrong password")).toBe("Wrong username or password");

    const code = await new Http().post("/api/join", { code: "ZZZZZZ", name: "Bob" });
    expect([code.status, code.body.error]).toEqual([404, "unknown_code"]);
    expect(english(code, "bad join code")).toMatch(/^Unknown code or closed session/);

    const s = await miniSession(anim, 1);
    expect((await anim.post(`/api/sessions/${s.id}/command`, { command: { type: "end" } })).status).toBe(200);
    const over = await new Http().post("/api/join", { code: s.code, name: "Bob" });
    expect([over.status, over.body.error]).toEqual([409, "session_ended"]);
    expect(english(over, "session over")).toBe("This session is over");
  });

  it("a form with bad fields: every problem by its field's English label, and why", async () => {
    const r = await anim.post("/api/users", { username: "a", password: "court", role: "boss", extra: 1 });
    expect([r.status, r.body.error]).toEqual([400, "bad_request"]);
    expect(r.body.params?.problems).toEqual(expect.arrayContaining([
      { path: "username", code: "too_small", params: { detail: "string", count: 2 } },
      { path: "role", code: "invalid_value", params: { options: expect.any(Array) } },
    ]));
    const en = english(r, "bad fields");
    expect(en).toMatch(/^Invalid request — /);
    expect(en).toContain("“username”: at least 2 characters");
    expect(en).toContain("“password”: at least 10 characters");
    expect(en).toContain("“role”: one of “admin”, “instructor”, or “evaluator”");
    expect(en).toContain("unknown field: “extra”");
    expect(r.body.message).toContain("« identifiant » : 2 caractères au moins");

    const missing = await anim.post("/api/sessions", { cells: 2 });
    expect(english(missing, "missing field")).toContain("“scenario”: required");
  });

  it("a bad roster line: the refusal and each line's problem in English", async () => {
    const klass = (await anim.post("/api/classes", { name: "MSc 1" })).body.id as string;
    const csv = "numéro;prénom;nom\n2001;Zoé;Martin\n2002;;Petit\n";
    const r = await anim.post(`/api/classes/${klass}/roster`, { filename: "liste.csv", data: Buffer.from(csv, "utf8").toString("base64") });
    expect([r.status, r.body.error, r.body.params]).toEqual([400, "invalid_roster", { count: 1 }]);
    expect(httpRefusalText(r.body, "en")).toBe("File refused, nothing was imported: 1 problem");
    // The lines are codes (no prose, no French): the class screen (client/ui/school-classes.ts) writes them for an English reader.
    expect(r.body.lines).toEqual([{ line: 3, column: "firstName", code: "empty_value" }]);
    expect(rosterProblemText(r.body.lines[0], "en")).toBe("line 3, first name — empty first name");
  });

  it("an upload over the limit is refused before it is read, in English", async () => {
    const res = await fetch(`${ENDPOINT}/api/scenarios/library`, {
      method: "POST", headers: { "content-type": "application/json", cookie: anim.cookie, "content-length": String(BODY_LIMITS.upload + 1) },
      body: "x".repeat(BODY_LIMITS.upload + 1),
    }).catch(() => undefined);
    expect(res?.status).toBe(413);
    const body = await res!.json() as HttpRefusal;
    expect(body).toMatchObject({ error: "too_large", params: { detail: "request", max: BODY_LIMITS.upload } });
    expect(english({ status: 413, body }, "too large")).toBe(`Request too large (at most ${BODY_LIMITS.upload.toLocaleString("en")} bytes)`);
  });

  it("a name already taken in a class's session, a signed-out request, a foreign origin", async () => {
    const klass = (await anim.post("/api/classes", { name: "MSc 2" })).body.id as string;
    const csv = "numéro;prénom;nom\n3001;Lea;Martin\n";
    expect((await anim.post(`/api/classes/${klass}/roster`, { data: Buffer.from(csv).toString("base64") })).status).toBe(200);
    const up = await anim.get("/api/scenarios");
    const mini = (up.body as { id: string; file?: string }[]).find((x) => /^mini-\d+\.json$/.test(x.file ?? ""))!; // uploaded by miniSession
    const s = (await anim.post("/api/sessions", { scenario: mini.id, cells: 1, class: klass })).body as { code: string };
    const lea = (await new Http().get(`/api/join/${s.code}`)).body.students[0].id as string;
    expect((await new Http().post("/api/join", { code: s.code, student: lea })).status).toBe(201);
    const again = await new Http().post("/api/join", { code: s.code, student: lea });
    expect([again.status, again.body.error, again.body.params]).toEqual([409, "already_joined", { name: "Lea M." }]);
    expect(english(again, "name taken")).toMatch(/^“Lea M\.” already joined this session/);
    const name = await new Http().post("/api/join", { code: s.code, name: "Bob" });
    expect(english(name, "roster only")).toMatch(/^This session is the class “MSc 2”'s/);

    expect(english(await new Http().get("/api/me"), "signed out")).toBe("Access refused; sign in again");
    const foreign = await anim.req("POST", "/api/classes", { name: "x" }, { origin: "https://evil.example" });
    expect([foreign.status, english(foreign, "origin")]).toEqual([403, "Origin not allowed"]);
  });
});
