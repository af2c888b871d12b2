import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";

/**
 * E2E kit: build the client once (if stale), start the real server as a
 * child process on a free port with a temp DATA_DIR, read its one-time setup
 * token, and drive headless Chromium (Debian's /usr/bin/chromium) with
 * playwright-core — one browser context per person. Screenshots go to
 * test-artifacts/ (gitignored).
 */
export const ROOT = resolve(import.meta.dirname, "../..");
export const ARTIFACTS = join(ROOT, "test-artifacts");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
export const VIEWPORT = { width: 1366, height: 768 };

export function chromiumAvailable(): boolean { return existsSync(CHROMIUM); }

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => { const p = (s.address() as { port: number }).port; s.close(() => res(p)); });
  });
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** `vite build` into dist/client unless it is newer than every client and shared source. */
export function ensureClientBuilt(force = false): void {
  const index = join(ROOT, "dist/client/index.html");
  const src = Math.max(newest(join(ROOT, "client")), newest(join(ROOT, "shared")), statSync(join(ROOT, "vite.config.ts")).mtimeMs);
  if (!force && existsSync(index) && statSync(index).mtimeMs > src) return;
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface RunningServer {
  url: string; port: number; setupToken?: string; dataDir: string; proc: ChildProcess; log: () => string;
  /** Stop and delete the data directory. */
  stop: () => Promise<void>;
  /** Kill the process (SIGKILL: a crash), keeping the data directory for a restart. */
  crash: () => Promise<void>;
}

/** Start the real server; pass `port` and `dataDir` of a crashed one to restart it on the same data. */
export async function startServer(env: Record<string, string> = {}, reuse?: { port: number; dataDir: string }): Promise<RunningServer> {
  const port = reuse?.port ?? await freePort();
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), "sangfroid-e2e-"));
  let out = "";
  const proc = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server/main.ts")], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: `http://127.0.0.1:${port}`, SANGFROID_QUIET: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d) => { out += d; });
  proc.stderr!.on("data", (d) => { out += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!/prêt|ready/i.test(out)) {
    if (proc.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const setupToken = /setup\?token=([\w-]+)/.exec(out)?.[1];
  const exited = () => new Promise((r) => { if (proc.exitCode !== null || proc.signalCode !== null) r(null); else proc.once("exit", () => r(null)); });
  return {
    url, port, setupToken, dataDir, proc, log: () => out,
    crash: async () => { proc.kill("SIGKILL"); await exited(); },
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        await new Promise((r) => { const t = setTimeout(() => { proc.kill("SIGKILL"); r(null); }, 5000); proc.once("exit", () => { clearTimeout(t); r(null); }); });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * The frame every browser test file shares: before its tests, the client
 * built, the real server started with `env`, Chromium launched, then
 * `ready(server, browser)` (the file keeps them in its own variables and may
 * set more up there); after them, `done()` (its own artifacts), the browser
 * closed, the server's output saved as `test-artifacts/<name>-server.log`
 * and the server stopped. A file that restarts its server hands the new one
 * back through the returned `setServer`, so the right one is stopped.
 */
export function browserSuite(
  name: string,
  env: Record<string, string>,
  ready: (server: RunningServer, browser: Browser) => void | Promise<void>,
  done?: () => void,
): { setServer: (server: RunningServer) => void } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer(env);
    browser = await launch();
    await ready(server, browser);
  }, 240_000);
  afterAll(async () => {
    done?.();
    await browser?.close();
    if (server) { saveArtifact(`${name}-server.log`, server.log()); await server.stop(); }
  });
  return { setServer: (s) => { server = s; } };
}

/** Every Content-Security-Policy violation seen by any page of this test file: the file fails unless there is none. */
const cspViolations: string[] = [];
// Only inside vitest: `npm run bench` imports this kit outside any test file.
if (process.env.VITEST) afterAll(() => { expect(cspViolations, "Content-Security-Policy violations in the browser").toEqual([]); });

/** A fresh, isolated browser context (its own localStorage and cookies), as a separate person's laptop. */
export async function person(browser: Browser, opts: { reducedMotion?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "fr-FR", reducedMotion: opts.reducedMotion ? "reduce" : "no-preference" });
  // Every Content-Security-Policy violation becomes a console error the tests see (they expect none).
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); if (m.text().startsWith("CSP violation")) cspViolations.push(m.text()); });
  return { context, page, errors };
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export function saveArtifact(name: string, text: string): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), text);
}

/** JSON over HTTP with a cookie jar, for setting things up without a browser. */
export class Api {
  private cookie = "";
  constructor(private base: string) {}
  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method, headers: { "content-type": "application/json", origin: this.base, ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0];
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Sign a staff account in from the console's form (the page then shows the staff home). */
export async function signInStaff(page: Page, url: string, username = "animatrice", password = "motdepasse-solide"): Promise<void> {
  await page.goto(`${url}/#/staff`);
  await page.getByLabel("Identifiant").fill(username);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.locator("[data-link=evaluate]").waitFor();
}

/** First instructor through the setup API, then a session of `scenario`: returns the API client and the session. */
export async function sessionFor(server: RunningServer, scenario = "tutorial", cells = 1): Promise<{ api: Api; session: { id: string; code: string; cells: { id: string; code: string }[] } }> {
  const api = new Api(server.url);
  await api.call("POST", "/api/setup", { token: server.setupToken, username: "animatrice", password: "motdepasse-solide" });
  const session = await api.call("POST", "/api/sessions", { scenario, cells });
  return { api, session };
}
