import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";

/**
 * The real server in a child process (`node --import tsx server/main.ts`),
 * as `npm start` runs it: for the kill -9 recovery test and the load bench
 * (SQLite unless `env` sets DATABASE_URL / REDIS_URL: a developer's own are not inherited).
 */

const ROOT = resolve(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on("error", ko);
  });
}

export interface ChildServer { proc: ChildProcess; port: number; url: string; setupToken?: string; output: string[]; exited: Promise<number | null> }

/** Start the server and resolve once it printed "Sangfroid prêt" (with the setup token if it printed one). */
export function spawnServer(port: number, env: Record<string, string>, timeoutMs = 30_000): Promise<ChildServer> {
  const extra = process.env.SANGFROID_DIAG ? ["--import", process.env.SANGFROID_DIAG] : [];
  const proc = spawn(process.execPath, ["--import", "tsx", ...extra, "server/main.ts"], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), SANGFROID_QUIET: "1", DATABASE_URL: "", REDIS_URL: "", ...env }, stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  return new Promise((ok, ko) => {
    let setupToken: string | undefined;
    const timer = setTimeout(() => ko(new Error(`server not ready in ${timeoutMs} ms:\n${output.join("")}`)), timeoutMs);
    proc.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
    proc.stdout!.on("data", (d: Buffer) => {
      const text = d.toString();
      output.push(text);
      const m = /setup\?token=(\S+)/.exec(text);
      if (m) setupToken = m[1];
      if (text.includes("Sangfroid prêt")) {
        clearTimeout(timer);
        ok({ proc, port, url: `http://127.0.0.1:${port}`, setupToken, output, exited });
      }
    });
    proc.on("exit", (code) => { clearTimeout(timer); ko(new Error(`server exited (${code}):\n${output.join("")}`)); });
  });
}
