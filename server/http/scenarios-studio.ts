import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { newId } from "../auth.js";
import type { AppContext } from "../context.js";
import { AUTHORS, mayUse, type LibraryNeed } from "../scenario-access.js";
import { binaryAt, binaryProblem, checkText, ScenarioFilename, ScenarioText } from "../scenario-text.js";
import { summarize, validateScenarioText, type ScenarioSource } from "../scenarios.js";
import type { LibraryScenarioRow, LibraryVersionRow } from "../storage/library.js";
import type { UserRow } from "../storage/types.js";
import { scenarioJsonSchemaText } from "../../shared/scenario/json-schema.js";
import { formatProblem, type Problem } from "../../shared/scenario/load.js";
import { HttpError, parse, requireStaff, route } from "./util.js";

const unknown = () => new HttpError(404, "unknown_scenario");

/** The library scenario of the route (`:id`) if the signed-in author may `need` it: 401 signed out, 403 evaluators, 404 unknown, deleted or someone else's. */
export async function requireLibraryScenario(ctx: AppContext, req: Request, need: LibraryNeed): Promise<{ user: UserRow; scenario: LibraryScenarioRow }> {
  const user = await requireStaff(ctx, req, AUTHORS);
  const scenario = await ctx.storage.library.get(String(req.params.id));
  if (!scenario || !mayUse(user, scenario, need)) throw unknown();
  return { user, scenario };
}

/**
 * The studio's scenarios over HTTP (`/api/scenarios/library…`, under the
 * upload body limit): upload a file, save a new version, read or download any
 * version, duplicate a bundled or an own scenario, delete one's own; and the
 * validator as you type (`/api/scenarios/check`). Every save is a new version
 * with its author and time; one that does not validate is kept as a draft
 * (its problems shown, no session can start from it: the session route
 * validates the latest version). Who may do what: scenario-access.ts.
 */

const Upload = z.strictObject({ filename: ScenarioFilename, text: ScenarioText });
const Save = z.strictObject({ text: ScenarioText, filename: ScenarioFilename.optional() });
const Duplicate = z.strictObject({ from: z.string().min(1).max(120), filename: ScenarioFilename.optional() });

/** A problem as the editor places it (line, column) and as the list prints it (`file:line:col path: message`). */
const view = (p: Problem) => ({ line: p.line, col: p.col, path: p.path, severity: p.severity, message: p.message, text: formatProblem(p) });

/** The text must be text: a binary file is refused outright (400, located), never stored. */
function refuseBinary(text: string, file: string): void {
  const at = binaryAt(text);
  if (at) throw new HttpError(400, "not_text", undefined, { problems: [view(binaryProblem(file, at))] });
}

/** A name of a bundled file (`tutorial.yaml`, `Tutorial.yml`…) is taken: a copy must say it is one. */
function refuseBundledName(ctx: AppContext, filename: string): void {
  const stem = (f: string) => f.toLowerCase().replace(/\.(ya?ml|json)$/, "");
  const taken = ctx.catalog.bundled().find((b) => stem(b.file) === stem(filename));
  if (taken) throw new HttpError(409, "name_taken", { name: filename, suggestion: `${stem(filename)}-copie.yaml` });
}

function versionInfo(v: LibraryVersionRow, withText = false) {
  const checked = checkText(v.text, v.filename);
  return {
    version: v.version, filename: v.filename, author: v.authorName, createdAt: v.createdAt, valid: checked.valid,
    problems: checked.problems.map(view), ...(withText ? { text: v.text } : {}),
  };
}

async function detail(ctx: AppContext, id: string) {
  const [s, versions] = await Promise.all([ctx.storage.library.get(id), ctx.storage.library.versions(id)]);
  const latest = versions.at(-1);
  if (!s || !latest) throw new HttpError(404, "unknown_scenario");
  const summary = summarize({ key: id, source: "library", file: latest.filename, text: latest.text, version: latest.version });
  return {
    id, createdAt: s.createdAt, filename: latest.filename, title: summary.title, valid: summary.valid,
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

/** Remember which library version a session was created from (a no-op for bundled and uploaded files). */
export async function recordSessionVersion(ctx: AppContext, sessionId: string, src: ScenarioSource): Promise<void> {
  if (src.source === "library" && src.version !== undefined) await ctx.storage.library.linkSession({ sessionId, scenarioId: src.key, version: src.version });
}

let schemaText: string | undefined;

export function studioRoutes(ctx: AppContext): Router {
  const r = Router();
  const lib = () => ctx.storage.library;

  /** The scenario language's JSON Schema, for the editor's completion and hover help (the same one `npm run scenario -- schema` writes). */
  r.get("/scenarios/schema", route(async (req, res) => {
    await requireStaff(ctx, req, AUTHORS);
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
    const user = await requireStaff(ctx, req, AUTHORS);
    const mine = (await lib().list()).filter((s) => mayUse(user, s));
    res.json(await Promise.all(mine.map(async (s) => {
      const d = await detail(ctx, s.id);
      return { id: s.id, filename: d.filename, title: d.title, valid: d.valid, version: d.latest.version, author: d.latest.author, updatedAt: d.latest.createdAt, problems: d.latest.problems.filter((p) => p.severity === "error").length };
    })));
  }));

  /** Upload a file: a new scenario whose version 1 is that text (a draft when it does not validate). */
  r.post("/scenarios/library", route(async (req, res) => {
    const user = await requireStaff(ctx, req, AUTHORS);
    const body = parse(Upload, req.body);
    refuseBinary(body.text, body.filename);
    refuseBundledName(ctx, body.filename);
    const now = Date.now();
    const id = newId("sc", 8);
    await lib().create({ id, ownerId: user.id, createdAt: now }, draftOrValid(body.text, body.filename, user, now));
    res.status(201).json(await detail(ctx, id));
  }));

  /** A new scenario from a bundled one or one of one's own: the same text, its id and file name marked as a copy. */
  r.post("/scenarios/library/duplicate", route(async (req, res) => {
    const user = await requireStaff(ctx, req, AUTHORS);
    const body = parse(Duplicate, req.body);
    const src = await ctx.catalog.get(body.from, user);
    if (!src || src.source === "uploaded") throw new HttpError(404, "unknown_scenario");
    const filename = body.filename ?? src.file.replace(/(\.(ya?ml|json))$/i, "-copie$1");
    refuseBundledName(ctx, filename);
    const text = renameCopy(src.text);
    const now = Date.now();
    const id = newId("sc", 8);
    await lib().create({ id, ownerId: user.id, createdAt: now }, draftOrValid(text, filename, user, now));
    res.status(201).json(await detail(ctx, id));
  }));

  r.get("/scenarios/library/:id", route(async (req, res) => {
    const { scenario } = await requireLibraryScenario(ctx, req, "see");
    res.json(await detail(ctx, scenario.id));
  }));

  /** Save: the next version (never a replacement), with who and when. */
  r.post("/scenarios/library/:id/versions", route(async (req, res) => {
    const { user, scenario } = await requireLibraryScenario(ctx, req, "edit");
    const body = parse(Save, req.body);
    const filename = body.filename ?? (await lib().latest(scenario.id))!.filename;
    refuseBinary(body.text, filename);
    refuseBundledName(ctx, filename);
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

  /** Delete one's own scenario: gone from the lists; its versions stay for the sessions started from them. */
  r.delete("/scenarios/library/:id", route(async (req, res) => {
    const { scenario } = await requireLibraryScenario(ctx, req, "manage");
    await lib().markDeleted(scenario.id, Date.now());
    res.status(204).end();
  }));

  /** Download a bundled file as it is on disk. */
  r.get("/scenarios/bundled/:key/file", route(async (req, res) => {
    await requireStaff(ctx, req);
    const b = ctx.catalog.bundled().find((s) => s.key === String(req.params.key));
    if (!b) throw new HttpError(404, "unknown_scenario");
    sendFile(res, b.file, b.text);
  }));

  /** Which scenario and version a session plays: its own copy of the text, and where that copy came from. */
  r.get("/sessions/:id/scenario-version", route(async (req, res) => {
    await requireStaff(ctx, req);
    const s = await ctx.storage.getSession(String(req.params.id));
    if (!s) throw new HttpError(404, "unknown_session");
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
