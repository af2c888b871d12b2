import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { checkDeployment } from "../../server/storage/open.js";

/** Several processes need one shared database: the server says so clearly instead of starting. */

const ROOT = resolve(import.meta.dirname, "../..");
const problems = (env: Record<string, string>) => checkDeployment(loadConfig({ DATA_DIR: "/tmp/unused", ...env }));

describe("deployment configuration", () => {
  it("accepts one process on SQLite, and PostgreSQL with Redis", () => {
    expect(problems({})).toEqual([]);
    expect(problems({ DATABASE_URL: "postgres://u:p@db:5432/sf", REDIS_URL: "redis://r:6379", PUBLIC_ADDRESS: "game.example.org/p1" })).toEqual([]);
    expect(loadConfig({ PORT: "3001" }).publicAddress).toBe("127.0.0.1:3001");
  });

  it("refuses Redis with SQLite unless explicitly allowed, and malformed URLs, saying which variable", () => {
    expect(problems({ REDIS_URL: "redis://127.0.0.1:6379" }).join()).toMatch(/REDIS_URL.*DATABASE_URL=postgres/);
    expect(problems({ REDIS_URL: "redis://127.0.0.1:6379", ALLOW_SQLITE_CLUSTER: "1" })).toEqual([]);
    expect(problems({ DATABASE_URL: "mysql://x" }).join()).toMatch(/DATABASE_URL/);
    expect(problems({ REDIS_URL: "127.0.0.1:6379", DATABASE_URL: "postgres://a@b/c" }).join()).toMatch(/REDIS_URL/);
    expect(problems({ PUBLIC_ADDRESS: "http://x:1" }).join()).toMatch(/PUBLIC_ADDRESS/);
  });

  it("the server exits with the message instead of starting", async () => {
    const proc = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT, env: { ...process.env, PORT: "0", DATA_DIR: "/tmp/sangfroid-refused", REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "" }, stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((r) => proc.on("exit", r));
    expect(code).toBe(1);
    expect(out).toMatch(/ne démarre pas.*\n?.*REDIS_URL/s);
  });
});
