import { randomBytes } from "node:crypto";
import { Socket } from "node:net";
import pg from "pg";

/**
 * The outside services some tests need (PostgreSQL, Redis): where they are,
 * whether they answer, and a throwaway database per test. On a developer
 * machine without them those tests skip with a message; in CI
 * (`CI_REQUIRE_SERVICES=1`, set by .ci/run) a missing service fails the run.
 *
 * TEST_DATABASE_URL: a role allowed to CREATE DATABASE (default: the one
 * scripts/ci-services.sh creates). TEST_REDIS_URL: default redis://127.0.0.1:6379.
 */

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || "postgres://sangfroid:sangfroid-ci@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
export const servicesRequired = process.env.CI_REQUIRE_SERVICES === "1";

export interface Probe { ok: boolean; reason: string }

export async function probePostgres(url = TEST_DATABASE_URL): Promise<Probe> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return { ok: true, reason: "" };
  } catch (err) {
    return { ok: false, reason: `PostgreSQL not reachable at ${redactUrl(url)}: ${(err as Error).message}` };
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A PING over a raw socket: no client library needed to know whether Redis is there. */
export function probeRedis(url = TEST_REDIS_URL): Promise<Probe> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = new Socket();
    const fail = (why: string) => { s.destroy(); resolve({ ok: false, reason: `Redis not reachable at ${url}: ${why}` }); };
    s.setTimeout(2000, () => fail("timeout"));
    s.once("error", (err) => fail(err.message));
    s.connect(Number(u.port || 6379), u.hostname, () => s.write("PING\r\n"));
    s.once("data", (d) => { s.destroy(); resolve(d.toString().startsWith("+PONG") ? { ok: true, reason: "" } : { ok: false, reason: `Redis answered ${d.toString().trim()}` }); });
  });
}

/**
 * Whether a suite needing these services runs: true when they answer; when
 * they do not, false with a printed note — or, under CI_REQUIRE_SERVICES=1,
 * an error that fails the file.
 */
export async function servicesFor(what: string, ...probes: Promise<Probe>[]): Promise<boolean> {
  const failed = (await Promise.all(probes)).filter((p) => !p.ok);
  if (failed.length === 0) return true;
  const why = failed.map((p) => p.reason).join("; ");
  if (servicesRequired) throw new Error(`${what}: required service missing (CI_REQUIRE_SERVICES=1): ${why}`);
  console.warn(`[skipped] ${what}: ${why}. Run scripts/ci-services.sh (or set TEST_DATABASE_URL / TEST_REDIS_URL) to run these tests.`);
  return false;
}

/** A fresh database `sangfroid_test_<random>` on the test server; `drop()` removes it (closing leftover connections). */
export async function createTestDatabase(base = TEST_DATABASE_URL): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `sangfroid_test_${randomBytes(6).toString("hex")}`;
  await admin(base, `CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(), name,
    drop: () => admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

function redactUrl(url: string): string {
  try { const u = new URL(url); if (u.password) u.password = "***"; return u.toString(); } catch { return url; }
}
