import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { ColyseusTestServer } from "@colyseus/testing";
import { Room as SdkRoom } from "@colyseus/sdk";
import { createApp, type App } from "../../server/app.js";
import { loadConfig, type ServerConfig } from "../../server/config.js";
import { prepareSetup } from "../../server/http/staff.js";
import { MemoryStorage } from "../../server/storage/memory.js";
import type { Storage } from "../../server/storage/types.js";
import { CellConnection } from "../../shared/net/cell-connection.js";
import type { Ack, JoinOptions, ServerMessages, ViewUpdate } from "../../shared/protocol.js";
import { miniInput } from "../fixtures/engine-mini.js";

/**
 * Integration-test kit: a real server (createApp) listening on 2568 (plus
 * SF_TEST_PORT_OFFSET, so that several checkouts can run their tests at once), an HTTP client with a cookie jar, and players connected through
 * the real SDK (via CellConnection) whose raw incoming frames are recorded,
 * so tests can search the bytes a role received.
 */

process.env.SANGFROID_QUIET ??= "1";

// Record every raw frame each SDK room receives (patched before any connection exists).
const proto = SdkRoom.prototype as unknown as { onMessageCallback(ev: MessageEvent): void; __raw?: Buffer[] };
const original = proto.onMessageCallback;
proto.onMessageCallback = function (this: { __raw?: Buffer[] }, ev: MessageEvent) {
  (this.__raw ??= []).push(Buffer.from(ev.data as ArrayBuffer));
  return original.call(this, ev);
};

/** A test port, shifted by SF_TEST_PORT_OFFSET (two working copies on one machine never fight over ports). */
export const testPort = (base: number): number => base + Number(process.env.SF_TEST_PORT_OFFSET ?? 0);
export const PORT = testPort(2568);
export const ENDPOINT = `http://127.0.0.1:${PORT}`;
/** The engine's mini scenario plus an action of the communication role that needs the director's approval. */
export const MINI_JSON = JSON.stringify({
  ...miniInput,
  actions: [...(miniInput.actions ?? []), {
    id: "announce", kind: "statement", name: "Annoncer", roles: ["com"], approval: "director",
    params: [{ id: "text", label: "Texte", type: "text", required: true }],
  }],
}, null, 1);

export function testConfig(over: Partial<ServerConfig> = {}): ServerConfig {
  // Integration tests use MemoryStorage: the data directory is never written. PDF renderers at the normal priority, never
  // resting, as for every server the tests start (vite.config.ts: an idle-class renderer gets almost nothing of a machine the runner saturates).
  const env = { DATA_DIR: joinPath(tmpdir(), "sangfroid-test-unused"), PDF_NICE: process.env.PDF_NICE ?? "0", PDF_SCHED: process.env.PDF_SCHED ?? "nice", PDF_DUTY: process.env.PDF_DUTY ?? "100" };
  return { ...loadConfig(env), port: PORT, clockMs: 100, quiet: true, ...over };
}

export interface TestServer { colyseus: ColyseusTestServer; app: App; storage: Storage; config: ServerConfig; close(): Promise<void> }

export async function startServer(over: Partial<ServerConfig> = {}, storage: Storage = new MemoryStorage()): Promise<TestServer> {
  const config = testConfig(over);
  const app = await createApp(config, storage);
  // @colyseus/testing's boot() always listens on 2568: listen on PORT, then wrap the running server.
  await app.server.listen(PORT);
  const colyseus = new ColyseusTestServer(app.server);
  return {
    colyseus, app, storage, config,
    async close() { await colyseus.shutdown(); app.dispose(); await storage.close(); },
  };
}

/** fetch with a cookie jar (every cookie the server sets, cleared ones removed) and JSON in/out. */
export class Http {
  jar = new Map<string, string>();
  get cookie(): string { return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "); }
  set cookie(v: string) { this.jar.clear(); for (const part of v.split(";")) { const i = part.indexOf("="); if (i > 0) this.jar.set(part.slice(0, i).trim(), part.slice(i + 1).trim()); } }
  constructor(private base = ENDPOINT) {}
  async req<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await fetch(this.base + path, {
      method, headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(";");
      const i = pair.indexOf("=");
      if (/Max-Age=0/i.test(set)) this.jar.delete(pair.slice(0, i)); else this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* text */ }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get = <T = any>(p: string) => this.req<T>("GET", p);
  post = <T = any>(p: string, b?: unknown) => this.req<T>("POST", p, b ?? {});
  del = <T = any>(p: string) => this.req<T>("DELETE", p);
}

/** The first instructor, through the real setup flow; returns a logged-in client. */
export async function instructor(server: TestServer, username = "anim", password = "motdepasse-solide"): Promise<Http> {
  const http = new Http();
  const token = await prepareSetup(server.app.ctx);
  if (token) {
    const r = await http.post("/api/setup", { token, username, password });
    if (r.status !== 201) throw new Error(`setup: ${r.status} ${JSON.stringify(r.body)}`);
  } else {
    const r = await http.post("/api/login", { username, password });
    if (r.status !== 200) throw new Error(`login: ${r.status}`);
  }
  return http;
}

let miniUploads = 0; // one account's scenarios have names of their own (a second « mini.json » is refused)
export async function miniSession(http: Http, cells = 1): Promise<{ id: string; code: string; cells: { id: string; code: string }[] }> {
  const up = await http.post("/api/scenarios/library", { filename: `mini-${++miniUploads}.json`, text: MINI_JSON });
  if (up.status !== 201) throw new Error(`upload: ${JSON.stringify(up.body)}`);
  const s = await http.post("/api/sessions", { scenario: up.body.id, cells, seed: 42 });
  if (s.status !== 201) throw new Error(`session: ${JSON.stringify(s.body)}`);
  return s.body;
}

/** A connected test client: every view, update, ack and error it received, and its raw frames. */
export class Probe {
  views: ServerMessages["view"][] = [];
  updates: ServerMessages["update"][] = [];
  errors: ServerMessages["error"][] = [];
  statuses: string[] = [];
  conn: CellConnection;
  constructor(cellId: string, auth: () => JoinOptions | Promise<JoinOptions>, endpoint = ENDPOINT) {
    this.conn = new CellConnection({
      endpoint, cellId, auth, maxDelay: 500,
      onView: (m) => { this.views.push(m); this.mark = this.updates.length; if (this.conn.room) this.rooms.add(this.conn.room); }, onUpdate: (m) => this.updates.push(m), onError: (m) => this.errors.push(m),
      onStatus: (s) => this.statuses.push(s),
    });
  }
  static async player(cellId: string, token: string, endpoint = ENDPOINT): Promise<Probe> {
    const p = new Probe(cellId, () => ({ token }), endpoint);
    await p.conn.connect();
    await p.waitFor(() => p.views.length > 0);
    return p;
  }
  static async staff(cellId: string, http: Http, endpoint = ENDPOINT): Promise<Probe> {
    const p = new Probe(cellId, async () => ({ staffToken: (await http.get<{ token: string }>("/api/staff-token")).body.token }), endpoint);
    await p.conn.connect();
    await p.waitFor(() => p.views.length > 0);
    return p;
  }
  get view() { return this.views[this.views.length - 1]; }
  private mark = 0;
  /** The actions as the client knows them now: the last full view, then the updates received after it. */
  actionsNow() {
    const byId = new Map(this.view.view.actions.map((a) => [a.id, a]));
    for (const u of this.updates.slice(this.mark).flatMap((x) => x.updates)) if (u.type === "action") byId.set(u.action.id, u.action);
    return [...byId.values()];
  }
  /** Every update of `type` received since the last view. */
  all<T extends ViewUpdate["type"]>(type: T): Extract<ViewUpdate, { type: T }>[] {
    return this.updates.flatMap((u) => u.updates).filter((u): u is Extract<ViewUpdate, { type: T }> => u.type === type);
  }
  private rooms = new Set<object>();
  /** Every raw frame received, over every (re)connection. */
  raw(): Buffer {
    if (this.conn.room) this.rooms.add(this.conn.room);
    return Buffer.concat([...this.rooms].flatMap((r) => (r as { __raw?: Buffer[] }).__raw ?? []));
  }
  intent(intent: Record<string, unknown>): Promise<Ack> { return this.conn.send("intent", { intent } as never); }
  command(command: Record<string, unknown>): Promise<Ack> { return this.conn.send("command", { command } as never); }
  async waitFor(cond: () => boolean, ms = 8000, what = "condition"): Promise<void> {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > ms) throw new Error(`timeout waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  close() { return this.conn.close(); }
}

export async function join(code: string, name: string, http = new Http()): Promise<{ playerId: string; token: string; cellId: string; sessionId: string }> {
  const r = await http.post("/api/join", { code, name });
  if (r.status !== 201) throw new Error(`join: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const okAck = (a: Ack) => { if (!a.ok) throw new Error(`refused: ${a.code} ${JSON.stringify(a.params ?? {})}`); return a; };
