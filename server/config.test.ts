import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseCspConnectSrc, parseTrustProxy } from "./config.js";

describe("TRUST_PROXY", () => {
  it("trusts nobody by default, so no client chooses the address it is counted under", () => {
    expect(loadConfig({ DATA_DIR: "/tmp/unused" }).trustProxy).toBe(false);
    expect(parseTrustProxy("")).toBe(false);
    expect(parseTrustProxy("0")).toBe(false);
  });

  it("takes addresses, CIDR ranges, Express' names and hop counts", () => {
    expect(parseTrustProxy("loopback")).toEqual(["loopback"]);
    expect(parseTrustProxy("10.0.0.5, 192.168.0.0/16,::1,fd00::/8")).toEqual(["10.0.0.5", "192.168.0.0/16", "::1", "fd00::/8"]);
    expect(parseTrustProxy("2")).toBe(2);
  });

  it("refuses anything else, saying what", () => {
    for (const bad of ["true", "*", "nginx", "10.0.0.0/33", "10.0.0.1/8/2", "300.1.1.1"]) {
      expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

describe("CSP_CONNECT_SRC", () => {
  it("takes origins only", () => {
    expect(parseCspConnectSrc(undefined)).toEqual([]);
    expect(parseCspConnectSrc("wss://p2.example.org, ws://10.0.0.2:2568 https://[::1]:8443")).toEqual(["wss://p2.example.org", "ws://10.0.0.2:2568", "https://[::1]:8443"]);
    for (const bad of ["*", "wss:", "'unsafe-inline'", "wss://x.org/path", "javascript://x", "wss://a.org;script-src"]) {
      expect(() => parseCspConnectSrc(bad), bad).toThrow(/CSP_CONNECT_SRC/);
    }
  });
});

/**
 * Property: a malformed numeric variable is refused at start with a message
 * naming it — never silently replaced by its default (RETENTION_DAYS=abc
 * used to mean 365) nor clamped; RETENTION_DAYS=0, which would erase every
 * session at start, is refused too.
 */

const problems = (env: Record<string, string>): string[] => {
  try { loadConfig({ DATA_DIR: "/tmp/unused", ...env }); return []; } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
};

describe("configuration", () => {
  it("takes the defaults when nothing is set, and well-formed values as given", () => {
    const c = loadConfig({ DATA_DIR: "/tmp/unused" });
    expect([c.port, c.retentionDays, c.snapshotEvery, c.clockMs, c.sqliteSynchronous]).toEqual([2567, 365, 200, 1000, "FULL"]);
    const d = loadConfig({ DATA_DIR: "/tmp/unused", PORT: "0", RETENTION_DAYS: " 30 ", RATE_PER_SECOND: "2.5", SQLITE_SYNCHRONOUS: "normal", CLOCK_MS: "" });
    expect([d.port, d.retentionDays, d.ratePerSecond, d.sqliteSynchronous, d.clockMs]).toEqual([0, 30, 2.5, "NORMAL", 1000]);
  });

  it.each([
    ["RETENTION_DAYS", "0"], ["RETENTION_DAYS", "abc"], ["RETENTION_DAYS", "-5"], ["RETENTION_DAYS", "1.5"], ["RETENTION_DAYS", "12abc"],
    ["PORT", "70000"], ["PORT", "http"], ["SNAPSHOT_EVERY", "0"], ["CLOCK_MS", "10"], ["RECONNECT_SECONDS", "-1"], ["DATABASE_POOL", "many"],
    ["CELL_LEASE_MS", "1e3"], ["RATE_BURST", "0"], ["RATE_PER_SECOND", "NaN"], ["RATE_KICK_AFTER", "Infinity"], ["JOINS_PER_MINUTE", "0x10"],
    ["RATE_BURST_WINDOW_SECONDS", "0"], ["JOINS_PER_SEAT_PER_MINUTE", "lots"], ["PRESENCE_GRACE_MS", "-3"], ["PDF_WORKERS", "0"], ["PDF_QUEUE", "two"],
    ["SQLITE_SYNCHRONOUS", "OFF"], ["PDF_SCHED", "realtime"], ["PDF_DUTY", "0"], ["PDF_DUTY", "0.5"], ["PDF_DUTY", "150"],
  ])("refuses %s=%s, naming the variable and the value", (name, value) => {
    const p = problems({ [name]: value });
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(name);
    expect(p[0]).toContain(`« ${value} »`);
  });

  it("lists every problem at once, the parsers' own included", () => {
    const p = problems({ RETENTION_DAYS: "abc", PORT: "-1", CLOCK_MS: "x", TRUST_PROXY: "nginx" });
    expect(p).toHaveLength(4);
    expect(p[3]).toMatch(/^TRUST_PROXY : « nginx »/);
  });

  it("the server exits with the message instead of starting (RETENTION_DAYS=0 purges nothing)", async () => {
    const proc = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: resolve(import.meta.dirname, ".."), env: { ...process.env, PORT: "0", DATA_DIR: "/tmp/sangfroid-refused-config", RETENTION_DAYS: "0", DATABASE_URL: "", REDIS_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((r) => proc.on("exit", r));
    expect(code).toBe(1);
    expect(out).toMatch(/ne démarre pas : configuration refusée :\n\s+- RETENTION_DAYS doit être un nombre entier \(jours\) entre 1 et 36500 \(reçu « 0 »\)/);
  }, 30_000);
});
