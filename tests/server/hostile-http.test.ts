import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { matchMaker } from "@colyseus/core";
import { Client as SdkClient } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseReason } from "../../shared/protocol.js";
import { freePort, spawnServer } from "./child.js";
import { ENDPOINT, Http, instructor, join, miniSession, okAck, Probe, sleep, startServer, type TestServer } from "./helpers.js";
import { PROTOCOL_VERSION } from "../../shared/protocol.js";

/**
 * The HTTP edge as a hostile student sees it (fetch and the official SDK
 * against a real server): seat reservations without a valid token take no
 * seat, and the class then plays normally.
 */

let server: TestServer;
let anim: Http;
let s: Awaited<ReturnType<typeof miniSession>>;

/** Seats the room counts: connected clients plus reservations not yet used. */
async function seatsTaken(cellId: string): Promise<number> {
  const [listing] = await matchMaker.query({ roomId: cellId });
  return listing?.clients ?? -1;
}

/** A JSON object body gets this client's protocol version (a join without it is refused 426 before its token is read). */
const withProtocol = (body: string) => {
  try { const o = JSON.parse(body); return o && typeof o === "object" && !Array.isArray(o) ? JSON.stringify({ protocol: PROTOCOL_VERSION, ...o }) : body; } catch { return body; }
};
const reserve = (cellId: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${ENDPOINT}/matchmake/joinById/${cellId}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: withProtocol(body) });

const clientDir = mkdtempSync(joinPath(tmpdir(), "sangfroid-client-"));

beforeAll(async () => {
  writeFileSync(joinPath(clientDir, "index.html"), "<!doctype html><title>Sangfroid</title>");
  mkdirSync(joinPath(clientDir, "assets"));
  writeFileSync(joinPath(clientDir, "assets", "app.js"), "console.log(1)");
  server = await startServer({ clientDir, pdfWorkers: 1, pdfQueue: 1 });
  anim = await instructor(server);
  s = await miniSession(anim, 2);
});
afterAll(async () => { await server?.close(); rmSync(clientDir, { recursive: true, force: true }); });

describe("seat reservations", () => {
  it("without a token, with a forged one or with another cell's token: refused fast with 401, no seat taken", async () => {
    const cell = s.cells[0].id;
    const other = await join(s.cells[1].code, "Ailleurs");
    const forgedStaff = Buffer.from(JSON.stringify({ userId: "u_x", role: "instructor", username: "x", sid: "s", exp: Date.now() + 60_000 })).toString("base64url") + ".AAAA";
    const bodies = [
      "{}", JSON.stringify({ token: "p_nobody.secret" }), JSON.stringify({ token: other.token }), JSON.stringify({ staffToken: forgedStaff }),
      JSON.stringify({ staffToken: 42 }), JSON.stringify({ token: { $ne: null } }), "[]", "null",
    ];
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => reserve(cell, bodies[i % bodies.length]).then(async (r) => ({ status: r.status, body: await r.json() }))));
    const ms = performance.now() - t0;
    for (const a of answers) {
      // A body that is not an object carries no protocol version: refused as from another version (426), the rest for their token (401).
      expect([401, 426]).toContain(a.status);
      expect(a.body).toMatchObject({ code: a.status });
      expect(String(a.body.error)).toMatch(a.status === 401 ? /^seat_/ : /^protocol_mismatch$/); // refusal codes the client translates (protocol 2)
    }
    expect(ms).toBeLessThan(10_000); // 100 refusals, no seat reservation timeout waited for
    expect(await seatsTaken(cell)).toBe(0);
  });

  it("with a student's own valid token, never used: at most 10 reservations in 15 s, the rest refused with 429; the room keeps its seats for the class", async () => {
    const cell = s.cells[1].id;
    const mallory = await join(s.cells[1].code, "Mallory");
    const answers = await Promise.all(Array.from({ length: 100 }, () => reserve(cell, JSON.stringify({ token: mallory.token })).then((r) => r.status)));
    expect(answers.filter((x) => x === 200)).toHaveLength(10);
    expect(answers.filter((x) => x === 429)).toHaveLength(90);
    expect(await seatsTaken(cell)).toBeLessThanOrEqual(10);
    // Another student of the cell still gets in at once.
    const bob = await join(s.cells[1].code, "Bob");
    expect((await reserve(cell, JSON.stringify({ token: bob.token }))).status).toBe(200);
  });

  it("the official SDK with a forged token gets a 401 error, and the instructor and the students then join and play", async () => {
    const cell = s.cells[0].id;
    const sdk = new SdkClient(ENDPOINT);
    await expect(sdk.joinById(cell, { protocol: PROTOCOL_VERSION, token: "p_forged.secret" })).rejects.toMatchObject({ code: 401 });
    await expect(sdk.joinById(cell, { protocol: PROTOCOL_VERSION })).rejects.toMatchObject({ code: 401 });
    expect(await seatsTaken(cell)).toBe(0);

    const staff = await Probe.staff(cell, anim);
    const [ja, jb, jc] = [await join(s.cells[0].code, "Alice"), await join(s.cells[0].code, "Bruno"), await join(s.cells[0].code, "Chloé")];
    const players = [await Probe.player(cell, ja.token), await Probe.player(cell, jb.token), await Probe.player(cell, jc.token)];
    okAck(await players[0].intent({ type: "take_role", role: "rssi" }));
    okAck(await players[1].intent({ type: "take_role", role: "com" }));
    okAck(await players[2].intent({ type: "take_role", role: "director" }));
    okAck(await staff.command({ type: "start" }));
    await players[0].waitFor(() => players[0].all("status").some((u) => u.status === "running"), 8000, "running");
    expect(await seatsTaken(cell)).toBe(4);
    for (const p of [staff, ...players]) await p.close();
    await sleep(100);
  });
});

/** POST `bytes` of JSON-looking data; the answer's status, or the network error when the server closed first. */
async function bigPost(base: string, path: string, bytes: number, chunked = false): Promise<{ status: number | string; ms: number }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const t0 = performance.now();
  const body = chunked
    ? new ReadableStream({ start(c) { c.enqueue(Buffer.from('{"token":"')); for (let n = 0; n < bytes; n += chunk.length) c.enqueue(chunk); c.enqueue(Buffer.from('"}')); c.close(); } })
    : Buffer.concat([Buffer.from('{"token":"'), Buffer.alloc(bytes, 0x61), Buffer.from('"}')]);
  try {
    const r = await fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, body, ...(chunked ? { duplex: "half" } : {}) } as RequestInit);
    await r.arrayBuffer();
    return { status: r.status, ms: performance.now() - t0 };
  } catch (err) {
    return { status: String((err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message), ms: performance.now() - t0 };
  }
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

describe("request bodies", () => {
  it("50 MB bodies to /matchmake and /api are refused fast, with or without Content-Length; the server's memory and event loop do not notice", async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), "sangfroid-hostile-"));
    const child = await spawnServer(await freePort(), { DATA_DIR: dir });
    try {
      const health = async () => (await (await fetch(`${child.url}/healthz`)).json()) as { eventLoop: { max: number } };
      const cell = "c_unknown";
      await bigPost(child.url, "/api/login", 1024); // warm-up
      await health();
      const rss0 = rssMb(child.proc.pid!);
      const results: Record<string, { status: number | string; ms: number }> = {};
      for (const path of [`/matchmake/joinById/${cell}`, "/api/login", "/api/scenarios/library", "/api/join"]) {
        results[path] = await bigPost(child.url, path, 50 * 1024 * 1024);
        results[`${path} (chunked)`] = await bigPost(child.url, path, 50 * 1024 * 1024, true);
      }
      const loop = (await health()).eventLoop;
      const grown = rssMb(child.proc.pid!) - rss0;
      console.log("50 MB bodies:", JSON.stringify(results), `server rss +${grown.toFixed(1)} MB, event loop max ${loop.max} ms`);
      for (const [what, r] of Object.entries(results)) {
        expect([411, 413, "ECONNRESET", "UND_ERR_SOCKET", "EPIPE"], what).toContain(r.status);
        expect(r.ms, what).toBeLessThan(5000);
      }
      expect(grown).toBeLessThan(30);
      expect(loop.max).toBeLessThan(500);
    } finally {
      child.proc.kill("SIGTERM");
      await child.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("small bodies still work, a scenario file up to the upload limit too", async () => {
    expect((await reserve(s.cells[0].id, "x".repeat(5000))).status).toBe(413);
    expect((await anim.post("/api/sessions", { scenario: "nope", name: "x".repeat(70_000) })).status).toBe(413);
    const big = JSON.stringify({ filename: "grand.yaml", text: "# " + "é".repeat(600_000) });
    const r = await anim.req("POST", "/api/scenarios/check", big);
    expect(r.status).toBe(200); // read and validated: not a scenario, but not refused for its size
    expect(r.body.valid).toBe(false);
  });
});

describe("login throttling", () => {
  it("a flood of wrong passwords for the instructor from the shared address: their own browser logs in at once, a new one within seconds; X-Forwarded-For changes nothing", async () => {
    const wrong = (xff?: string) => new Http().req("POST", "/api/login", { username: "anim", password: "pas-le-bon-mot" }, xff ? { "x-forwarded-for": xff } : {});
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await wrong()).status);
    expect(first).toEqual([401, 401, 401, 401, 401]);
    // Forged addresses from a local client: counted under 127.0.0.1 all the same (trusted, each would be a fresh address: ten 401s).
    const forged: number[] = [];
    for (let i = 0; i < 10; i++) forged.push((await wrong(`10.0.${i}.${i + 1}`)).status);
    expect(forged.filter((x) => x === 401).length).toBeLessThanOrEqual(2);
    expect(forged.filter((x) => x === 429).length).toBeGreaterThanOrEqual(8);
    // The flood goes on: 30 more wrong tries, in parallel.
    const flood = await Promise.all(Array.from({ length: 30 }, () => wrong()));
    expect(flood.every((r) => r.status === 429 || r.status === 401)).toBe(true);
    const refused = flood.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ error: "too_many_attempts" });
    const floodEnd = performance.now();

    // The instructor's own browser (its device cookie from the earlier login) is not slowed by strangers.
    const own = new Http();
    own.cookie = anim.cookie;
    expect((await own.post("/api/login", { username: "anim", password: "motdepasse-solide" })).status).toBe(200);
    // Another account from the same address is not slowed either (the count is per account and address).
    expect((await new Http().post("/api/login", { username: "personne", password: "x" })).status).toBe(401);
    // A browser that never logged in: told how long to wait, then in.
    const fresh = new Http();
    let r = await fresh.post("/api/login", { username: "anim", password: "motdepasse-solide" });
    while (r.status === 429) {
      await sleep(Number(r.headers.get("retry-after")) * 1000);
      r = await fresh.post("/api/login", { username: "anim", password: "motdepasse-solide" });
    }
    expect(r.status).toBe(200);
    const waited = (performance.now() - floodEnd) / 1000;
    console.log(`login: fresh browser in after ${waited.toFixed(1)} s (flood of ${5 + 10 + 30} wrong tries)`);
    expect(waited).toBeLessThan(35);
    expect((await fresh.get("/api/me")).status).toBe(200);
  }, 60_000); // on a loaded machine, 45 scrypt checks and the wait (at most 35 s, checked above) outlast vitest's 30 s default

  it("a password change checks the current password under the login's counters: wrong ones are slowed alike, a try while waiting gets 429 unchecked (the right password too), and a stranger's login waits with it", async () => {
    const [old, next] = ["camille-premier-mot", "camille-second-mot"];
    expect((await anim.post("/api/users", { username: "camille", password: old, role: "instructor" })).status).toBe(201);
    const camille = new Http();
    expect((await camille.post("/api/login", { username: "camille", password: old })).status).toBe(200);
    const change = (current: string) => camille.post("/api/me/password", { current, password: next });
    const free: number[] = [];
    for (let i = 0; i < 5; i++) free.push((await change("pas-le-bon-mot")).status);
    expect(free).toEqual([400, 400, 400, 400, 400]);
    // Two more wrong ones (waiting out the first delay if it is met): the seventh failure makes the account wait 2 s.
    for (let failures = 5; failures < 7;) {
      const r = await change("pas-le-bon-mot");
      if (r.status === 429) { await sleep(Number(r.headers.get("retry-after")) * 1000); continue; }
      expect(r.status).toBe(400);
      failures++;
    }
    const refused = await change(old);
    expect(refused.status).toBe(429);
    const retry = Number(refused.headers.get("retry-after"));
    expect([1, 2]).toContain(retry);
    expect(refused.body).toMatchObject({ error: "too_many_attempts", params: { count: retry }, retryAfter: retry });
    const stranger = await new Http().post("/api/login", { username: "camille", password: old });
    expect(stranger.status).toBe(429);
    expect(stranger.body).toMatchObject({ error: "too_many_attempts" });

    await sleep(retry * 1000);
    expect((await change(old)).status).toBe(200);
    // The success cleared the counters: a stranger's browser logs in with the new password at once.
    expect((await new Http().post("/api/login", { username: "camille", password: next })).status).toBe(200);
  });
});

describe("security headers", () => {
  it("the client page, its assets and the API carry a strict CSP, no framing, nosniff and no referrer", async () => {
    for (const path of ["/", "/console", "/assets/app.js", "/api/setup", "/api/me", "/api/nope"]) {
      const r = await fetch(ENDPOINT + path);
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self';");
      expect(csp, path).toContain("style-src 'self';");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
      expect(r.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(r.headers.get("x-frame-options"), path).toBe("DENY");
      expect(r.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(r.headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
      expect(r.headers.get("x-powered-by"), path).toBeNull();
    }
  });
});

describe("RETEX PDF exports", () => {
  it("beyond the renderers and their queue, a clear 503 with Retry-After; the accepted ones are real PDFs", async () => {
    // Six different reports (two cells × language × pseudonymisation): the same one asked twice would share one drawing (report/pdf-cache.ts).
    const answers = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      const r = await fetch(`${ENDPOINT}/api/cells/${s.cells[i % 2].id}/report.pdf?lang=${i % 4 < 2 ? "fr" : "en"}&pseudonymize=${i < 4 ? 0 : 1}`, { headers: { cookie: anim.cookie } });
      return { status: r.status, retry: r.headers.get("retry-after"), body: Buffer.from(await r.arrayBuffer()) };
    }));
    const ok = answers.filter((a) => a.status === 200), busy = answers.filter((a) => a.status === 503);
    expect(ok.length).toBeGreaterThanOrEqual(2); // one drawing, one waiting
    expect(ok.length + busy.length).toBe(6);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of ok) expect(a.body.subarray(0, 5).toString()).toBe("%PDF-");
    for (const a of busy) {
      expect(Number(a.retry)).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(a.body.toString())).toMatchObject({ error: "busy", params: { count: expect.any(Number) }, message: expect.stringMatching(/réessayez dans \d+ secondes?$/) });
    }
  });
});

describe("staff room tokens", () => {
  it("stop working right after logout: the token is refused at reservation and connected clients of that login are closed with 4401", async () => {
    const cell = s.cells[1].id;
    expect((await anim.post("/api/users", { username: "jury", password: "mot-de-passe-jury", role: "evaluator" })).status).toBe(201);
    expect((await anim.post(`/api/sessions/${s.id}/shares`, { username: "jury", access: "assess" })).status).toBe(200);
    const jury = new Http(), other = new Http();
    expect((await jury.post("/api/login", { username: "jury", password: "mot-de-passe-jury" })).status).toBe(200);
    expect((await other.post("/api/login", { username: "jury", password: "mot-de-passe-jury" })).status).toBe(200);
    const token = (await jury.get<{ token: string }>("/api/staff-token")).body.token;
    const connected = await Probe.staff(cell, jury);
    const elsewhere = await Probe.staff(s.cells[0].id, other); // the same account, another login (another cell: one live connection per seat): not revoked
    const leaves: number[] = [];
    connected.conn.room!.onLeave((code: number) => leaves.push(code));

    expect((await jury.post("/api/logout")).status).toBe(204);
    await connected.waitFor(() => leaves.length > 0, 3000, "the revoked staff client closed");
    expect(leaves).toEqual([CloseReason.Unauthorized]);
    expect(connected.conn.status).toBe("closed");
    await expect(new SdkClient(ENDPOINT).joinById(cell, { protocol: PROTOCOL_VERSION, staffToken: token })).rejects.toMatchObject({ code: 401 });
    expect((await jury.get("/api/staff-token")).status).toBe(401);

    expect(elsewhere.conn.status).toBe("connected");
    okAck(await elsewhere.conn.send("annotate", { at: 0, text: "toujours là" } as never));
    await elsewhere.close();
    await connected.close();
  });
});
