import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { newId } from "../auth.js";
import type { AppContext } from "../context.js";
import { check, requireSession, type Access } from "../access.js";
import { AUTHORS, scenarioAccess, visibleScenarios, type LibraryNeed } from "../scenario-access.js";
import { binaryAt, binaryProblem, checkText, ScenarioFilename, ScenarioText } from "../scenario-text.js";
import { summarize, validateScenarioText, type ScenarioSource } from "../scenarios.js";
import type { LibraryScenarioRow, LibraryVersionRow } from "../storage/library.js";
import type { UserRow } from "../storage/types.js";
import { scenarioJsonSchemaText } from "../../shared/scenario/json-schema.js";
import { problemView, type Problem } from "../../shared/scenario/load.js";
import { HttpError, parse, requireStaff, route } from "./util.js";

const unknown = () => new HttpError(404, "unknown_scenario");

/**
 * The library scenario of the route (`:id`) if the signed-in account may
 * `need` it (scenario-access.ts): 401 signed out; 404 unknown, deleted, or
 * neither owned nor shared — the same bytes in every case; 403 when it is
 * shared but not for that (a `use` share saving, a co-author deleting).
 */
export async function requireLibraryScenario(ctx: AppContext, req: Request, need: LibraryNeed): Promise<{ user: UserRow; scenario: LibraryScenarioRow; access: Access }> {
  const user = await requireStaff(ctx, req);
  const scenario = await ctx.storage.library.get(String(req.params.id));
  const access = scenario && await scenarioAccess(ctx.storage, user, scenario);
  return { user, scenario: scenario!, access: check(access, need, unknown) };
}

/**
 * The studio's scenarios over HTTP (`/api/scenarios/library…`, under the
 * upload body limit): upload a file, save a new version, read or download any
 * version, duplicate a bundled, an own or a shared scenario, delete one's
 * own; and the validator as you type (`/api/scenarios/check`). Every save is
 * a new version with its author and time; one that does not validate is kept
 * as a draft (its problems shown, no session can start from it: the session
 * route validates the latest version). Who may do what: scenario-access.ts;
 * sharing: shares.ts.
 */

const Upload = z.strictObject({ filename: ScenarioFilename, text: ScenarioText });
const Save = z.strictObject({ text: ScenarioText, filename: ScenarioFilename.optional() });
const Duplicate = z.strictObject({ from: z.string().min(1).max(120), filename: ScenarioFilename.optional() });
const Rename = z.strictObject({ filename: ScenarioFilename });

/** A problem as the editor places it and the list prints it (shared: the page's own validator sends the same). */
const view = (p: Problem) => problemView(p);

/** The text must be text: a binary file is refused outright (400, located), never stored. */
function refuseBinary(text: string, file: string): void {
  const at = binaryAt(text);
  if (at) throw new HttpError(400, "not_text", undefined, { problems: [view(binaryProblem(file, at))] });
}

const EXT = /\.(ya?ml|json)$/i;
const stem = (f: string) => f.toLowerCase().replace(EXT, "");

/** `filename` (unless `copy`), or its first « -copie », « -copie-2 »… that no name in `used` (stems) has. */
function freeName(used: Set<string>, filename: string, copy = false): string {
  const base = filename.replace(EXT, ""), ext = EXT.exec(filename)?.[0] ?? ".yaml";
  for (let n = copy ? 1 : 0; ; n++) {
    const candidate = n === 0 ? base : n === 1 ? `${base}-copie` : `${base}-copie-${n}`;
    if (!used.has(stem(candidate))) return candidate + ext;
  }
}

interface TakenNames { bundled: Set<string>; own: Set<string>; all: Set<string> }

/** The stems taken for an account: the bundled files' and its own scenarios' (their latest versions), but `except`'s. */
async function takenNames(ctx: AppContext, ownerId: string, except?: string): Promise<TakenNames> {
  const lib = ctx.storage.library;
  const mine = (await lib.list({ ownerId })).filter((s) => s.id !== except);
  const own = new Set((await Promise.all(mine.map(async (s) => (await lib.latest(s.id))?.filename))).flatMap((f) => (f ? [stem(f)] : [])));
  const bundled = new Set(ctx.catalog.bundled().map((b) => stem(b.file)));
  return { bundled, own, all: new Set([...bundled, ...own]) };
}

/**
 * A name is taken when a bundled file has it (`tutorial.yaml`, `Tutorial.yml`…: a copy must say it is one) or when
 * another of the owner's scenarios is named so (two « crise.yaml » in one list could not be told apart): 409 with a free name to suggest.
 */
function refuseTakenName(taken: TakenNames, filename: string): void {
  const key = stem(filename);
  if (taken.bundled.has(key)) throw new HttpError(409, "name_taken", { name: filename, suggestion: freeName(taken.all, `${key}.yaml`, true) });
  if (taken.own.has(key)) throw new HttpError(409, "own_name_taken", { name: filename, suggestion: freeName(taken.all, filename, true) });
}

function versionInfo(v: LibraryVersionRow, withText = false) {
  const checked = checkText(v.text, v.filename);
  return {
    version: v.version, filename: v.filename, author: v.authorName, createdAt: v.createdAt, valid: checked.valid,
    problems: checked.problems.map(view), ...(withText ? { text: v.text } : {}),
  };
}

/** A scenario as the studio shows it to an account with `access`: its owner by name, its latest version with text and problems, every version's who and when. */
async function detail(ctx: AppContext, id: string, access: Access) {
  const [s, versions] = await Promise.all([ctx.storage.library.get(id), ctx.storage.library.versions(id)]);
  const latest = versions.at(-1);
  if (!s || !latest) throw unknown();
  const summary = summarize({ key: id, source: "library", file: latest.filename, text: latest.text, version: latest.version });
  const owner = access === "owner" ? undefined : await ctx.storage.getUser(s.ownerId);
  return {
    id, createdAt: s.createdAt, filename: latest.filename, title: summary.title, valid: summary.valid, access, ...(owner ? { owner: owner.username } : {}),
    latest: versionInfo(latest, true),
    versions: versions.map((v) => ({ version: v.version, filename: v.filename, author: v.authorName, createdAt: v.createdAt, valid: v.valid })),
  };
}

const draftOrValid = (text: string, filename: string, user: UserRow, now: number) =>
  ({ filename, text, authorId: user.id, authorName: user.username, createdAt: now, valid: checkText(text, filename).valid });

/** `attachment; filename=…` for a name the routes already validated (plain characters), with its UTF-8 form for accents. */
function sendFile(res: Response, filename: string, text: string): void {
  const ascii = filename.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "") || "scenario.yaml";
  res.setHeader("Content-Disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  res.type(/\.json$/i.test(filename) ? "application/json" : "application/yaml").send(text);
}

/** A copy's scenario id: the original's with « -copie » (the line `id:` rewritten in place, the rest of the text untouched). */
function renameCopy(text: string): string {
  return text.replace(/^id:[ \t]*(["']?)([\w-]+)\1[ \t]*$/m, (_m, q: string, id: string) => `id: ${q}${id}-copie${q}`);
}

/** Remember which library version a session was created from (a no-op for bundled files). */
export async function recordSessionVersion(ctx: AppContext, sessionId: string, src: ScenarioSource): Promise<void> {
  if (src.source === "library" && src.version !== undefined) await ctx.storage.library.linkSession({ sessionId, scenarioId: src.key, version: src.version });
}

let schemaText: string | undefined;

export function studioRoutes(ctx: AppContext): Router {
  const r = Router();
  const lib = () => ctx.storage.library;

  /** The scenario language's JSON Schema, for the editor's completion and hover help (the same one `npm run scenario -- schema` writes): every staff member, since evaluators read scenarios in the studio too. */
  r.get("/scenarios/schema", route(async (req, res) => {
    await requireStaff(ctx, req);
    res.type("application/json").send(schemaText ??= scenarioJsonSchemaText());
  }));

  /** The validator as you type: every problem with its line and column. Nothing stored. */
  r.post("/scenarios/check", route(async (req, res) => {
    await requireStaff(ctx, req, AUTHORS);
    const body = parse(Upload, req.body);
    const at = binaryAt(body.text);
    if (at) { res.json({ valid: false, problems: [view(binaryProblem(body.filename, at))] }); return; }
    const checked = checkText(body.text, body.filename);
    res.json({ valid: checked.valid, problems: checked.problems.map(view) });
  }));

  r.get("/scenarios/library", route(async (req, res) => {
    const user = await requireStaff(ctx, req);
    res.json(await Promise.all((await visibleScenarios(ctx.storage, user)).map(async ({ scenario: s, access }) => {
      const d = await detail(ctx, s.id, access);
      return {
        id: s.id, filename: d.filename, title: d.title, valid: d.valid, version: d.latest.version, author: d.latest.author, updatedAt: d.latest.createdAt,
        problems: d.latest.problems.filter((p) => p.severity === "error").length, access, ...(d.owner ? { owner: d.owner } : {}),
      };
    })));
  }));

  /** Upload a file: a new scenario whose version 1 is that text (a draft when it does not validate). */
  r.post("/scenarios/library", route(async (req, res) => {
    const user = await requireStaff(ctx, req, AUTHORS);
    const body = parse(Upload, req.body);
    refuseBinary(body.text, body.filename);
    refuseTakenName(await takenNames(ctx, user.id), body.filename);
    const now = Date.now();
    const id = newId("sc", 8);
    await lib().create({ id, ownerId: user.id, createdAt: now }, draftOrValid(body.text, body.filename, user, now));
    res.status(201).json(await detail(ctx, id, "owner"));
  }));

  /** A new scenario of one's own from a bundled one or a library one the account may read: the same text, its id and file name marked as a copy. */
  r.post("/scenarios/library/duplicate", route(async (req, res) => {
    const user = await requireStaff(ctx, req, AUTHORS);
    const body = parse(Duplicate, req.body);
    const src = await ctx.catalog.get(body.from, user);
    if (!src) throw unknown();
    // Without a name asked for: the first free « -copie » one (duplicating twice gives « -copie » then « -copie-2 »).
    const taken = await takenNames(ctx, user.id);
    const filename = body.filename ?? freeName(taken.all, src.file, true);
    refuseTakenName(taken, filename);
    const text = renameCopy(src.text);
    const now = Date.now();
    const id = newId("sc", 8);
    await lib().create({ id, ownerId: user.id, createdAt: now }, draftOrValid(text, filename, user, now));
    res.status(201).json(await detail(ctx, id, "owner"));
  }));

  r.get("/scenarios/library/:id", route(async (req, res) => {
    const { scenario, access } = await requireLibraryScenario(ctx, req, "see");
    res.json(await detail(ctx, scenario.id, access));
  }));

  /** Save: the next version (never a replacement), with who and when. A new file name with it is a rename: the owner's (as below). */
  r.post("/scenarios/library/:id/versions", route(async (req, res) => {
    const { user, scenario, access } = await requireLibraryScenario(ctx, req, "edit");
    const body = parse(Save, req.body);
    const was = (await lib().latest(scenario.id))!.filename;
    const filename = body.filename ?? was;
    if (filename !== was) check(access, "manage", unknown);
    refuseBinary(body.text, filename);
    if (filename !== was) refuseTakenName(await takenNames(ctx, scenario.ownerId, scenario.id), filename);
    const v = await lib().addVersion(scenario.id, draftOrValid(body.text, filename, user, Date.now()));
    res.status(201).json(versionInfo(v));
  }));

  const versionOf = async (id: string, raw: unknown) => {
    const n = z.coerce.number().int().min(1).max(1_000_000).safeParse(raw);
    const v = n.success ? await lib().version(id, n.data) : undefined;
    if (!v) throw new HttpError(404, "unknown_version");
    return v;
  };

  r.get("/scenarios/library/:id/versions/:version", route(async (req, res) => {
    const { scenario } = await requireLibraryScenario(ctx, req, "see");
    res.json(versionInfo(await versionOf(scenario.id, req.params.version), true));
  }));

  r.get("/scenarios/library/:id/versions/:version/file", route(async (req, res) => {
    const { scenario } = await requireLibraryScenario(ctx, req, "see");
    const v = await versionOf(scenario.id, req.params.version);
    sendFile(res, v.filename, v.text);
  }));

  /**
   * Rename one's own scenario's file (the owner's, as deleting is): the next
   * version, the same text under the new name, by whom and when — earlier
   * versions keep their names, sessions started from them name them as they
   * were. The same name again stores nothing.
   */
  r.post("/scenarios/library/:id/rename", route(async (req, res) => {
    const { user, scenario } = await requireLibraryScenario(ctx, req, "manage");
    const { filename } = parse(Rename, req.body);
    const latest = (await lib().latest(scenario.id))!;
    if (filename !== latest.filename) {
      refuseTakenName(await takenNames(ctx, scenario.ownerId, scenario.id), filename);
      await lib().addVersion(scenario.id, draftOrValid(latest.text, filename, user, Date.now()));
    }
    res.json(await detail(ctx, scenario.id, "owner"));
  }));

  /** Delete one's own scenario: gone from its owner's list and from those it was shared with; its versions stay for the sessions started from them. */
  r.delete("/scenarios/library/:id", route(async (req, res) => {
    const { scenario } = await requireLibraryScenario(ctx, req, "manage");
    await lib().markDeleted(scenario.id, Date.now());
    res.status(204).end();
  }));

  /** A bundled scenario as the studio shows it, to read (every staff member): its text and problems; nobody's to change, no versions. */
  r.get("/scenarios/bundled/:key", route(async (req, res) => {
    await requireStaff(ctx, req);
    const b = ctx.catalog.bundled().find((s) => s.key === String(req.params.key));
    if (!b) throw unknown();
    const checked = checkText(b.text, b.file);
    res.json({
      id: b.key, filename: b.file, title: summarize(b).title, valid: checked.valid, access: "bundled", versions: [],
      latest: { version: 0, filename: b.file, author: "", createdAt: 0, valid: checked.valid, problems: checked.problems.map(view), text: b.text },
    });
  }));

  /** Download a bundled file as it is on disk. */
  r.get("/scenarios/bundled/:key/file", route(async (req, res) => {
    await requireStaff(ctx, req);
    const b = ctx.catalog.bundled().find((s) => s.key === String(req.params.key));
    if (!b) throw unknown();
    sendFile(res, b.file, b.text);
  }));

  /** Which scenario and version a session plays (for those who see the session): its own copy of the text, and where that copy came from, the version's author by name. */
  r.get("/sessions/:id/scenario-version", route(async (req, res) => {
    const { session: s } = await requireSession(ctx, req, "see");
    const link = await lib().sessionVersion(s.id);
    const v = link && await lib().version(link.scenarioId, link.version);
    const loaded = validateScenarioText(s.scenarioText, s.scenarioFile, true);
    const title = loaded.ok ? loaded.scenario.meta.title : undefined;
    res.json(v
      ? { source: "library", scenario: link.scenarioId, version: v.version, filename: v.filename, author: v.authorName, createdAt: v.createdAt, title }
      : { source: "file", filename: s.scenarioFile, title });
  }));

  return r;
}
