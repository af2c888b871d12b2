import { Router } from "express";
import { z } from "zod";
import { allows, requireClass, RUNNERS, visibleClasses, visibleSessions, type Access } from "../access.js";
import { newId } from "../auth.js";
import type { AppContext } from "../context.js";
import { log } from "../log.js";
import type { PdfPool } from "../report/pdf-pool.js";
import { safeFileName, sendPdf } from "./pdf.js";
import { personalCode, pseudoIdOf } from "../students/identity.js";
import { parseRoster } from "../students/roster-csv.js";
import type { ClassRow, RosterStudentRow, Storage } from "../storage/types.js";
import { sanitizeText } from "../../shared/text/sanitize.js";
import { rosterProblemText } from "../../shared/i18n/roster-problems.js";
import { HttpError, langOf, parse, requireStaff, route } from "./util.js";

/**
 * Classes and their rosters. An instructor creates a class (MSc 1 Paris…),
 * imports its roster from a CSV file (students/roster-csv.ts: all or
 * nothing, every problem located), prints the roster sheet (each student's
 * personal join code), and attaches sessions to it. A re-import updates the
 * students already there (matched by student number: their pseudonymous id
 * and personal code stay) and adds the others; nobody is removed by an
 * import (erasing a student is a data-rights request: students.ts).
 * Personal codes and e-mails are shown to those who run the class only.
 */

const ClassName = z.string().max(200).transform(sanitizeText).pipe(z.string().trim().min(1).max(80));
const RosterUpload = z.strictObject({
  filename: z.string().max(200).optional(),
  data: z.string().min(1).max(1_400_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64"),
});

/** New students get an id, their pseudonymous id and a personal code no other roster student has. */
async function newStudent(storage: Storage, secret: string, classId: string, s: { number: string; firstName: string; lastName: string; email?: string }, taken: Set<string>): Promise<RosterStudentRow> {
  let code = personalCode();
  while (taken.has(code) || (await storage.findRosterByCode(code))) code = personalCode();
  taken.add(code);
  return { id: newId("r"), classId, ...s, pseudoId: pseudoIdOf(secret, s.number), code, createdAt: Date.now() };
}

export function classRoutes(ctx: AppContext, pdfs: PdfPool): Router {
  const r = Router();

  const summary = async (c: ClassRow, access: Access) => ({
    id: c.id, name: c.name, access, createdAt: c.createdAt, students: (await ctx.storage.listRoster(c.id)).length,
    owner: (await ctx.storage.getUser(c.ownerId))?.username ?? "—",
  });

  r.get("/classes", route(async (req, res) => {
    const user = await requireStaff(ctx, req);
    res.json(await Promise.all((await visibleClasses(ctx.storage, user)).map(({ klass, access }) => summary(klass, access))));
  }));

  r.post("/classes", route(async (req, res) => {
    const user = await requireStaff(ctx, req, RUNNERS);
    const body = parse(z.strictObject({ name: ClassName }), req.body);
    const klass: ClassRow = { id: newId("k"), name: body.name, ownerId: user.id, createdAt: Date.now() };
    await ctx.storage.createClass(klass);
    res.status(201).json(await summary(klass, "owner"));
  }));

  /** The class, its roster (codes and e-mails for those who run it) and the sessions attached to it that this account sees. */
  r.get("/classes/:id", route(async (req, res) => {
    const { user, klass, access } = await requireClass(ctx, req, "see");
    const runs = allows(access, "run");
    const roster = await ctx.storage.listRoster(klass.id);
    const sessions = (await visibleSessions(ctx.storage, user)).filter((s) => s.session.classId === klass.id);
    res.json({
      ...(await summary(klass, access)),
      roster: roster.map((s) => ({ id: s.id, number: s.number, firstName: s.firstName, lastName: s.lastName, pseudoId: s.pseudoId, ...(runs ? { code: s.code, ...(s.email ? { email: s.email } : {}) } : {}) })),
      sessions: sessions.map(({ session: s }) => ({ id: s.id, name: s.name, status: s.status, createdAt: s.createdAt })),
    });
  }));

  r.delete("/classes/:id", route(async (req, res) => {
    const { klass } = await requireClass(ctx, req, "manage");
    await ctx.storage.deleteClass(klass.id);
    log.info("class deleted", { class: klass.id });
    res.status(204).end();
  }));

  /** Import a roster CSV (base64 of the file's bytes, whatever its encoding): all of it, or nothing and every problem by line. */
  r.post("/classes/:id/roster", route(async (req, res) => {
    const { klass } = await requireClass(ctx, req, "run");
    const body = parse(RosterUpload, req.body);
    const parsed = parseRoster(Buffer.from(body.data, "base64"));
    if (!parsed.ok) {
      throw new HttpError(400, "invalid_roster", { count: parsed.problems.length + parsed.more }, {
        problems: parsed.problems.map((p) => rosterProblemText(p, "fr")), lines: parsed.problems, more: parsed.more, ...(parsed.encoding ? { encoding: parsed.encoding, separator: parsed.separator } : {}),
      });
    }
    const existing = new Map((await ctx.storage.listRoster(klass.id)).map((s) => [s.number, s]));
    const taken = new Set<string>();
    const rows: RosterStudentRow[] = [];
    let added = 0, updated = 0, unchanged = 0;
    for (const s of parsed.students) {
      const { line: _line, ...fields } = s;
      const old = existing.get(s.number);
      if (!old) { rows.push(await newStudent(ctx.storage, ctx.pseudoSecret, klass.id, fields, taken)); added++; continue; }
      const same = old.firstName === s.firstName && old.lastName === s.lastName && (old.email ?? "") === (s.email ?? "");
      if (same) { unchanged++; continue; }
      const { email: _e, ...kept } = old;
      rows.push({ ...kept, firstName: s.firstName, lastName: s.lastName, ...(s.email ? { email: s.email } : {}) });
      updated++;
    }
    await ctx.storage.upsertRoster(klass.id, rows);
    log.info("roster imported", { class: klass.id, added, updated, unchanged });
    res.json({ added, updated, unchanged, students: existing.size + added, encoding: parsed.encoding, separator: parsed.separator, warnings: parsed.warnings });
  }));

  /** The roster sheet: one slip per student with their personal code, to cut and hand out (PDF, drawn in the report workers). */
  r.get("/classes/:id/roster.pdf", route(async (req, res) => {
    const { klass } = await requireClass(ctx, req, "run");
    const lang = langOf(req);
    await sendPdf(res, pdfs, async () => ({
      kind: "roster" as const, lang, className: klass.name, url: ctx.config.publicUrl, now: Date.now(),
      students: (await ctx.storage.listRoster(klass.id)).map((s) => ({ firstName: s.firstName, lastName: s.lastName, number: s.number, code: s.code })),
    }), `codes-${safeFileName(klass.name)}-${lang}.pdf`);
  }));

  return r;
}
