import { execFileSync } from "node:child_process";
import { mkdtempSync, openSync, closeSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { ChildServer } from "./child.js";
import { chat, health, playSession, stop } from "./damage-kit.js";
import { Probe } from "./helpers.js";

/**
 * A real full disk: the data directory on a 8 MB tmpfs (needs root, as CI
 * runs; skipped with a note otherwise), filled up by another file while the
 * server runs. Properties: the player's refused message says the disk is
 * full and that nothing was saved (code `storage_failed`, not `internal`);
 * /healthz answers 503 `failed` / `disk_full`; reads (the overview) still
 * work; once space is freed, /healthz and writes recover by themselves; no
 * acknowledged entry is missing.
 */

const mountpoint = mkdtempSync(join(tmpdir(), "sangfroid-tmpfs-"));
let mounted = false;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountpoint], { stdio: "ignore" });
  mounted = true;
} catch {
  console.warn("[skipped] disk-full test: cannot mount a tmpfs here (needs root); CI runs it as root");
}
let child: ChildServer | undefined;
const probes: Probe[] = [];
afterAll(async () => {
  for (const p of probes) await p.close().catch(() => undefined);
  child?.proc.kill("SIGKILL");
  await child?.exited;
  if (mounted) execFileSync("umount", ["-l", mountpoint]);
  rmSync(mountpoint, { recursive: true, force: true });
});

/** Fill the filesystem up with one file; returns its path. */
function fill(dir: string): string {
  const file = join(dir, "filler");
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try { for (;;) writeSync(fd, chunk); } catch (err) { if ((err as { code?: string }).code !== "ENOSPC") throw err; }
  try { for (;;) writeSync(fd, chunk, 0, 512); } catch { /* the last bytes */ }
  closeSync(fd);
  return file;
}

describe.runIf(mounted)("a full disk", () => {
  it("is named to the player and in /healthz (503), reads go on, and everything recovers when space is back", async () => {
    const played = await playSession(mountpoint, 2, 3);
    child = played.child;
    const seat = played.seats[0];
    const p = await Probe.player(seat.cellId, seat.token, child.url);
    probes.push(p);
    const acked: string[] = [];
    const filler = fill(mountpoint);
    let refusal;
    for (let i = 0; i < 400 && !refusal; i++) {
      const a = await chat(p, `sur un disque plein ${i}`);
      if (a.ok) acked.push(`sur un disque plein ${i}`); else refusal = a;
    }
    expect(refusal).toMatchObject({ ok: false, code: "storage_failed", params: { detail: "full" } });
    const h = await health(child.url);
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, storage: { state: "failed", lastError: { kind: "full" } } });
    expect(h.body.storage.reasons[0]).toMatchObject({ code: "disk_full", message: expect.stringMatching(/disque plein/) });
    expect((await played.anim.get(`/api/sessions/${played.session.id}/overview`)).status).toBe(200);
    expect(child.output.join("")).toMatch(/log append failed: storage.*"kind":"full"/);

    unlinkSync(filler);
    await new Promise((r) => setTimeout(r, 5200)); // one probe write per 5 s while failing
    let back = await health(child.url);
    for (let i = 0; i < 20 && back.status !== 200; i++) { await new Promise((r) => setTimeout(r, 500)); back = await health(child.url); }
    expect(back.status).toBe(200);
    expect(back.body.storage.state).toBe("ok");
    const after = await chat(p, "la place est revenue");
    expect(after).toMatchObject({ ok: true });
    acked.push("la place est revenue");
    await p.close();
    probes.splice(0);
    expect(await stop(child)).toBe(0);
    child = undefined;
    const d = new Database(join(mountpoint, "sangfroid.db"), { readonly: true });
    const texts = new Set((d.prepare("SELECT payload FROM log_entries WHERE cell_id = ?").all(seat.cellId) as { payload: string }[]).map((r) => JSON.parse(r.payload).params?.text));
    d.close();
    expect(acked.filter((t) => !texts.has(t))).toEqual([]);
  }, 120_000);
});
