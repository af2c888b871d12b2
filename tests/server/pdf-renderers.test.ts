import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEvalServer, type EvalServer } from "./eval-server.js";
import { testPort } from "./helpers.js";

/**
 * The PDF renderers seen from outside, as an unlucky operator would: they
 * are processes of the server's own (server/report/pdf-pool.ts), so one can
 * be killed (kill -9, the kernel's out-of-memory killer) in the middle of a
 * report. The staff member exporting it gets a clear 503 to try again, the
 * server stays up, and the next export is drawn by a fresh renderer. Four
 * staff asking for the same report at once get the same bytes.
 */

let s: EvalServer;
let cid: string;
beforeAll(async () => {
  s = await startEvalServer(testPort(2613));
  cid = s.recorded.cells[0].id;
}, 120_000);
afterAll(async () => { await s?.close(); });

const exportPdf = async (query: string) => {
  const res = await fetch(`${s.base}/api/cells/${cid}/report.pdf?${query}`, { headers: { cookie: s.anim.cookie } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, body: res.headers.get("content-type")?.includes("json") ? JSON.parse(bytes.toString()) : undefined };
};

/** Renderer processes of this test's process (the server runs in it): pid and CPU time used so far (clock ticks). */
function renderers(): { pid: number; ticks: number }[] {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (f[1] !== String(process.pid) || !readFileSync(`/proc/${d}/cmdline`, "utf8").includes("pdf-worker.mjs")) return [];
      return [{ pid: Number(d), ticks: Number(f[11]) + Number(f[12]) }];
    } catch { return []; }
  });
}

describe("PDF renderers", () => {
  it("four exports at once of the same report: the same PDF for each", async () => {
    const four = await Promise.all(Array.from({ length: 4 }, () => exportPdf("lang=fr")));
    expect(four.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(four[0].bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(four.every((r) => r.bytes.equals(four[0].bytes))).toBe(true);
  }, 120_000);

  it("a renderer killed while drawing: 503 to try again, the server stays up, the next export is drawn by a fresh renderer", async () => {
    const [before] = renderers();
    expect(before).toBeDefined();
    const pending = exportPdf("lang=en&pseudonymize=1"); // not drawn yet: the renderer has work to do
    for (let i = 0; i < 200 && renderers().find((r) => r.pid === before.pid)!.ticks === before.ticks; i++) await new Promise((r) => setTimeout(r, 20));
    process.kill(before.pid, "SIGKILL");
    const killed = await pending;
    expect([killed.status, killed.body?.error]).toEqual([503, "renderer_lost"]);
    expect(killed.body.message).toMatch(/réessayez/);
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    const again = await exportPdf("lang=en&pseudonymize=1");
    expect(again.status).toBe(200);
    expect(again.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(renderers().map((r) => r.pid)).not.toContain(before.pid);
  }, 120_000);
});
