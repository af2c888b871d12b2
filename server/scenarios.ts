import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { compileScenario, type CompiledScenario } from "../shared/engine/index.js";
import { formatProblem, loadScenario } from "../shared/scenario/load.js";
import type { Scenario } from "../shared/scenario/schema.js";
import type { Access } from "./access-rules.js";
import { mayUse, visibleScenarios } from "./scenario-access.js";
import type { Storage, UserRow } from "./storage/types.js";

/**
 * The scenario catalogue: files bundled in scenarios/ plus the studio's
 * library (the scenarios an account owns or that were shared with it). A session copies the scenario's text when it is created, so a
 * later edit of the file never changes a session already played (replays
 * stay exact). Compiled scenarios are cached by the hash of their text.
 */

export interface ScenarioSummary {
  /** Catalogue key, passed back to create a session: the file name for bundled files, the library id (`sc_…`, `u_…` for files uploaded before the studio) otherwise. */
  id: string;
  scenarioId?: string;
  source: ScenarioSource["source"];
  /** Library scenarios: the latest version's number (the one a session would start from). */
  version?: number;
  file: string;
  title?: unknown; summary?: unknown; languages?: string[]; duration?: string; tutorial?: boolean; competencies?: string[];
  /** Who the scenario is written for (programme, specialisation, cell size), shown in the console's catalogue. */
  audience?: unknown;
  roles?: number; valid: boolean; problems: string[]; warnings: string[];
  /** Library scenarios: the account's access (owner, edit, use), and for one shared with it its owner's name (the new-session picker says whose it is). */
  access?: Access; owner?: string;
}

export interface ScenarioSource { key: string; source: "bundled" | "library"; file: string; text: string; version?: number }

export type Loaded = { ok: true; scenario: Scenario; warnings: string[] } | { ok: false; problems: string[] };

/** Validate with the same loader and the same messages as `npm run scenario -- validate`. */
export function validateScenarioText(text: string, file: string, stored = false): Loaded {
  const r = loadScenario(text, file, { stored });
  return r.ok ? { ok: true, scenario: r.scenario, warnings: r.warnings.map(formatProblem) } : { ok: false, problems: r.problems.map(formatProblem) };
}

const compiledCache = new Map<string, CompiledScenario>();

/** Compile a stored scenario text (cached). Throws if the text is not a valid scenario: callers store only validated texts. */
export function compileText(text: string, file: string): CompiledScenario {
  const hash = createHash("sha256").update(text).digest("hex");
  const hit = compiledCache.get(hash);
  if (hit) return hit;
  const loaded = validateScenarioText(text, file, true);
  if (!loaded.ok) throw new Error(`scénario invalide : ${loaded.problems.slice(0, 3).join(" ; ")}`);
  const compiled = compileScenario(loaded.scenario);
  if (compiledCache.size > 64) compiledCache.clear();
  compiledCache.set(hash, compiled);
  return compiled;
}

export class ScenarioCatalog {
  constructor(private dir: string, private storage: Storage) {}

  /** The bundled files (read at each call: an operator may drop a file in the folder). */
  bundled(): ScenarioSource[] {
    let files: string[] = [];
    try { files = readdirSync(this.dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith(".schema.json")); } catch { return []; }
    return files.sort().map((f) => ({ key: basename(f, extname(f)), source: "bundled" as const, file: f, text: readFileSync(join(this.dir, f), "utf8") }));
  }

  /** A scenario by catalogue key; a library scenario only for an account that may use it (its latest version). */
  async get(key: string, user?: UserRow): Promise<ScenarioSource | undefined> {
    const b = this.bundled().find((s) => s.key === key);
    if (b) return b;
    const lib = await this.storage.library.get(key);
    return lib && user && await mayUse(this.storage, user, lib) ? this.latestOf(lib.id) : undefined;
  }

  private async latestOf(id: string): Promise<ScenarioSource | undefined> {
    const v = await this.storage.library.latest(id);
    return v && { key: id, source: "library", file: v.filename, text: v.text, version: v.version };
  }

  /** Bundled, and the library scenarios this account may use (`user` absent: none of them), each with its access and, shared, its owner's name. */
  async list(user?: UserRow): Promise<ScenarioSummary[]> {
    const mine = user ? await visibleScenarios(this.storage, user) : [];
    const names = new Map<string, string | undefined>();
    const library = await Promise.all(mine.map(async ({ scenario, access }): Promise<ScenarioSummary | undefined> => {
      const src = await this.latestOf(scenario.id);
      if (!src) return undefined;
      if (access !== "owner" && !names.has(scenario.ownerId)) names.set(scenario.ownerId, (await this.storage.getUser(scenario.ownerId))?.username);
      const owner = access === "owner" ? undefined : names.get(scenario.ownerId);
      return { ...summarize(src), access, ...(owner ? { owner } : {}) };
    }));
    return [...this.bundled().map((s) => summarize(s)), ...library.filter((s): s is ScenarioSummary => s !== undefined)];
  }
}

/**
 * Files uploaded before the studio (the old `POST /api/scenarios`, which kept
 * no versions and showed every upload to every staff member) become library
 * scenarios of their uploader, with the same key, as version 1: sessions and
 * links that name them keep working, and they follow the ownership rules
 * from then on. Run at start-up; a scenario already adopted is left alone
 * (idempotent, and two processes racing lose nothing: the second insert fails
 * on the key and is ignored).
 */
export async function adoptLegacyUploads(storage: Storage): Promise<number> {
  let adopted = 0;
  for (const u of await storage.listScenarios()) {
    if (await storage.library.get(u.id)) continue;
    const author = await storage.getUser(u.uploadedBy);
    const valid = validateScenarioText(u.text, u.filename).ok;
    try {
      await storage.library.create({ id: u.id, ownerId: u.uploadedBy, createdAt: u.createdAt },
        { filename: u.filename, text: u.text, authorId: u.uploadedBy, authorName: author?.username ?? "?", createdAt: u.createdAt, valid });
      adopted++;
    } catch (err) {
      if (!(await storage.library.get(u.id))) throw err; // not a race with another process: a real failure
    }
  }
  return adopted;
}

const summaryCache = new Map<string, ScenarioSummary>();

/** Validated summary of a scenario (cached by content: the catalogue is listed often, files rarely change). */
export function summarize(s: ScenarioSource): ScenarioSummary {
  const key = createHash("sha256").update(`${s.key}\u0000${s.source}\u0000${s.file}\u0000${s.version ?? ""}\u0000${s.text}`).digest("hex");
  const hit = summaryCache.get(key);
  if (hit) return hit;
  const out = summarizeNow(s);
  if (summaryCache.size > 256) summaryCache.clear();
  summaryCache.set(key, out);
  return out;
}

function summarizeNow(s: ScenarioSource): ScenarioSummary {
  const loaded = validateScenarioText(s.text, s.file);
  const base = { id: s.key, source: s.source, file: s.file, ...(s.version !== undefined ? { version: s.version } : {}) };
  if (!loaded.ok) return { ...base, valid: false, problems: loaded.problems, warnings: [] };
  const sc = loaded.scenario;
  return {
    ...base, scenarioId: sc.id, title: sc.meta.title, summary: sc.meta.summary, audience: sc.meta.audience, languages: [...sc.meta.languages],
    duration: sc.meta.duration, tutorial: sc.meta.tutorial, competencies: [...sc.meta.competencies], roles: sc.roles.length,
    valid: true, problems: [], warnings: loaded.warnings,
  };
}
