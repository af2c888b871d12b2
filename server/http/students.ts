import { Router, type Request } from "express";
import { z } from "zod";
import { requireSession } from "../access.js";
import type { AppContext } from "../context.js";
import type { PdfPool } from "../report/pdf-pool.js";
import { portfolioRows } from "../report/portfolio-job.js";
import { buildPortfolio, portfolioCsv } from "../students/portfolio.js";
import { reachStudent } from "../students/reach.js";
import { eraseStudent, exportStudent } from "../students/rights.js";
import { wordsOf } from "../i18n/documents.js";
import { safeFileName, sendPdf } from "./pdf.js";
import { langOf, parse, pseudonymizeOf, requireStaff, route } from "./util.js";

/**
 * Students of class rosters, by their pseudonymous id (the same in every
 * class and session): the portfolio (JSON for the screen, PDF for the jury,
 * CSV), and the data rights of their class's owner — export everything
 * about them, erase them everywhere. What an account may reach is
 * students/reach.ts; nothing reachable is a 404. Also the roster students
 * of a session, for the evaluator's links to their portfolios.
 */

const Pseudo = z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/, "pseudo_id");

export function studentRoutes(ctx: AppContext, pdfs: PdfPool): Router {
  const r = Router();
  const reach = async (req: Request, need: "see" | "manage") => {
    const user = await requireStaff(ctx, req);
    return { user, reach: await reachStudent(ctx, user, parse(Pseudo, String(req.params.pseudo)), need) };
  };
  /** A pseudonymised portfolio names the student by their pseudonymous id, without their number or class. */
  const subject = (s: Awaited<ReturnType<typeof reach>>["reach"]["student"], pseudo: boolean, lang: "fr" | "en") =>
    (pseudo ? { name: wordsOf("alias", lang)("student", { id: s.pseudoId }), pseudoId: s.pseudoId, classes: [] } : s);

  r.get("/students/:pseudo", route(async (req, res) => {
    const { user, reach: x } = await reach(req, "see");
    const lang = langOf(req);
    const canManage = await reachStudent(ctx, user, x.student.pseudoId, "manage").then(() => true, () => false);
    res.json({ ...(await buildPortfolio(ctx.storage, ctx.cells, x.student, x.plays, lang, false, Date.now())), canManage });
  }));

  r.get("/students/:pseudo/portfolio.csv", route(async (req, res) => {
    const { reach: x } = await reach(req, "see");
    const lang = langOf(req);
    const pseudo = pseudonymizeOf(req);
    const m = await buildPortfolio(ctx.storage, ctx.cells, subject(x.student, pseudo, lang), x.plays, lang, pseudo, Date.now());
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="portfolio-${pseudo ? x.student.pseudoId : safeFileName(x.student.name)}.csv"`);
    res.end(portfolioCsv(m, req.query.sep === "semicolon" ? ";" : ","));
  }));

  /** The jury's PDF: rows read when a renderer is free, then folded, scored and drawn in a worker thread. */
  r.get("/students/:pseudo/portfolio.pdf", route(async (req, res) => {
    const { reach: x } = await reach(req, "see");
    const lang = langOf(req);
    const pseudo = pseudonymizeOf(req);
    await sendPdf(res, pdfs, async () => ({
      kind: "portfolio" as const, lang, pseudonymize: pseudo, now: Date.now(), student: subject(x.student, pseudo, lang), plays: x.plays,
      rows: await portfolioRows(ctx.storage, x.plays),
    }), `portfolio-${pseudo ? x.student.pseudoId : safeFileName(x.student.name)}-${lang}.pdf`);
  }));

  /** Access (GDPR art. 15): everything about this student, for the owner of their class. */
  r.get("/students/:pseudo/export", route(async (req, res) => {
    const { reach: x } = await reach(req, "manage");
    const out = await exportStudent(ctx, x, langOf(req));
    res.setHeader("Content-Disposition", `attachment; filename="etudiant-${x.student.pseudoId}.json"`);
    res.json(out);
  }));

  /** Erasure (GDPR art. 17): this student everywhere, for the owner of their class (their sessions must have ended). */
  r.delete("/students/:pseudo", route(async (req, res) => {
    const { user, reach: x } = await reach(req, "manage");
    res.json(await eraseStudent(ctx, x, user.id));
  }));

  /** The roster students who played a session (their name as the session knows it), to open their portfolios. */
  r.get("/sessions/:id/students", route(async (req, res) => {
    const { session } = await requireSession(ctx, req, "assess");
    const players = (await Promise.all((await ctx.storage.listCells(session.id)).map((c) => ctx.storage.listPlayers(c.id)))).flat();
    res.json(players.filter((p) => p.pseudoId).map((p) => ({ name: p.name, pseudoId: p.pseudoId })).sort((a, b) => a.name.localeCompare(b.name, "fr")));
  }));

  return r;
}
