import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Ack } from "../../shared/protocol.js";
import { freePort, spawnServer, type ChildServer } from "./child.js";
import { Http, MINI_JSON, okAck, Probe } from "./helpers.js";

/**
 * Property: a graceful stop (SIGTERM, SIGINT) with players connected and
 * messages in flight ends cleanly — exit 0, no unhandled rejection, no
 * error line — and every entry that was acknowledged is in the database.
 */

const dirs: string[] = [];
let child: ChildServer | undefined;
const probes: Probe[] = [];
afterAll(async () => {
  for (const p of probes) await p.close().catch(() => undefined);
  child?.proc.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(["SIGTERM", "SIGINT"] as const)("graceful stop (%s)", (signal) => {
  it("with clients connected and writing: exit 0, nothing unhandled, every ack durable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-stop-"));
    dirs.push(dir);
    child = await spawnServer(await freePort(), { DATA_DIR: dir, CLOCK_MS: "100", SNAPSHOT_EVERY: "5", SANGFROID_QUIET: "" });
    const url = child.url;
    const anim = new Http(url);
    expect((await anim.post("/api/setup", { token: child.setupToken, username: "anim", password: "un-mot-de-passe" })).status).toBe(201);
    const up = await anim.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });
    const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 2, seed: 3 })).body;
    const players: Probe[] = [];
    for (const [i, cell] of [s.cells[0], s.cells[0], s.cells[1]].entries()) {
      const seat = (await new Http(url).post("/api/join", { code: cell.code, name: `Joueur test ${i}` })).body;
      const p = await Probe.player(seat.cellId, seat.token, url);
      probes.push(p);
      players.push(p);
    }
    const staff = await Probe.staff(s.cells[0].id, anim, url);
    probes.push(staff);
    okAck(await players[0].intent({ type: "take_role", role: "director" }));
    okAck(await players[2].intent({ type: "take_role", role: "director" }));
    okAck(await staff.command({ type: "start", force: true }));
    const acked: { text: string; ack: Ack }[] = [];
    let stop = false;
    const writers = [players[0], players[2]].map(async (p, k) => {
      for (let i = 0; !stop && i < 200; i++) {
        const text = `m${k}-${i}`;
        const a = await p.intent({ type: "action", role: "director", action: "chat", params: { text } }).catch(() => undefined);
        if (a?.ok) acked.push({ text, ack: a });
      }
    });
    await new Promise((r) => setTimeout(r, 600));
    const exited = child.exited;
    child.proc.kill(signal); // messages still in flight
    const code = await exited;
    stop = true;
    await Promise.race([Promise.all(writers), new Promise((r) => setTimeout(r, 2000))]);
    const out = child.output.join("");
    expect(code).toBe(0);
    expect(out).not.toMatch(/unhandled|ERROR/);
    expect(acked.length).toBeGreaterThan(3);
    const db = new Database(join(dir, "sangfroid.db"), { readonly: true });
    const texts = new Set((db.prepare("SELECT payload FROM log_entries").all() as { payload: string }[]).map((r) => JSON.parse(r.payload).params?.text).filter(Boolean));
    db.close();
    expect(acked.filter((a) => !texts.has(a.text))).toEqual([]); // every acknowledged message is in the log
    for (const p of probes.splice(0)) await p.close().catch(() => undefined);
    child = undefined;
  }, 60_000);
});
