import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Ack } from "../../shared/protocol.js";
import { freePort, spawnServer, type ChildServer } from "./child.js";
import { Http, MINI_JSON, okAck, Probe } from "./helpers.js";

/**
 * Messages written while the server is down are not lost, not doubled and not
 * refused: 70 per player wait in the client during a kill -9, the server comes
 * back, and each client sends its backlog paced under its seat's budget
 * (honouring any retry-after). Every message is acknowledged exactly once and
 * logged exactly once (counted by ref), nobody is kicked, no message is
 * reported failed. The ack delays after the restart are printed.
 */

const QUEUED = 70;
const dataDir = mkdtempSync(joinPath(tmpdir(), "sangfroid-backlog-"));
let child: ChildServer | undefined;
const probes: Probe[] = [];

afterAll(async () => {
  for (const p of probes) await p.close().catch(() => undefined);
  child?.proc.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

const percentile = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

describe("a backlog across a restart", () => {
  it(`${QUEUED} queued messages per client while the server is down: each acknowledged and logged exactly once, no kick`, async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, CLOCK_MS: "200" };
    child = await spawnServer(port, env);
    const url = child.url;
    const anim = new Http(url);
    expect((await anim.post("/api/setup", { token: child.setupToken, username: "anim", password: "un-mot-de-passe" })).status).toBe(201);
    const up = await anim.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });
    const cell = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 1, seed: 5 })).body.cells[0];
    const roles = ["rssi", "com", "director"];
    for (const [i, name] of ["Ana", "Ben", "Cy"].entries()) {
      const seat = (await new Http(url).post("/api/join", { code: cell.code, name })).body;
      const p = await Probe.player(cell.id, seat.token, url);
      okAck(await p.intent({ type: "take_role", role: roles[i] }));
      probes.push(p);
    }
    const staff = await Probe.staff(cell.id, anim, url);
    okAck(await staff.command({ type: "start" }));
    await staff.close();

    child.proc.kill("SIGKILL");
    await child.exited;
    await Promise.all(probes.map((p) => p.waitFor(() => p.conn.status !== "connected", 10_000, "drop")));
    // Written while the server is down: the clients keep them.
    const pending: { text: string; ack: Promise<Ack>; at?: number }[] = [];
    probes.forEach((p, i) => {
      for (let n = 0; n < QUEUED; n++) {
        const text = `pendant la panne ${i}-${n}`;
        const item: (typeof pending)[number] = { text, ack: p.intent({ type: "action", role: roles[i], action: "chat", params: { text } }) };
        void item.ack.then(() => { item.at = Date.now(); });
        pending.push(item);
      }
    });
    expect(probes.every((p) => p.conn.unacknowledged === QUEUED)).toBe(true);

    child = await spawnServer(port, env);
    const back = Date.now();
    const acks = await Promise.all(pending.map((x) => x.ack));
    const delays = pending.map((x) => x.at! - back);
    console.log(`[backlog] ${pending.length} messages (${QUEUED} per client × ${probes.length}) after the restart: ack p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${Math.max(...delays)} ms`);

    expect(acks.filter((a) => !a.ok)).toEqual([]);
    expect(new Set(acks.map((a) => a.ok && a.seq)).size).toBe(pending.length); // one entry each
    for (const p of probes) {
      expect(p.conn.status).toBe("connected");
      expect(p.statuses).not.toContain("closed"); // never kicked
    }
    const db = new Database(joinPath(dataDir, "sangfroid.db"), { readonly: true });
    const rows = db.prepare("SELECT ref, payload FROM log_entries WHERE cell_id = ?").all(cell.id) as { ref: string | null; payload: string }[];
    db.close();
    const chats = rows.filter((r) => pending.some((x) => r.payload.includes(`"${x.text}"`)));
    expect(chats).toHaveLength(pending.length); // each text once
    const refs = new Map<string, number>();
    for (const r of chats) refs.set(r.ref!, (refs.get(r.ref!) ?? 0) + 1);
    expect(refs.size).toBe(pending.length);
    expect([...refs.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
