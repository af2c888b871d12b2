import { Router } from "express";
import { z } from "zod";
import { loadSession, pseudonymizeCellData } from "../assessment/cell-data.js";
import { sessionNames } from "../assessment/pseudonyms.js";
import type { AppContext } from "../context.js";
import { sessionCsv } from "../exports/csv.js";
import { cellStatements, LrsError, sendToLrs } from "../exports/xapi.js";
import { log } from "../log.js";
import type { PdfPool } from "../report/pdf-pool.js";
import { safeFileName, sendPdf } from "./pdf.js";
import { reportKey, snapshotFor } from "../report/report-job.js";
import { requireCell, requireSession } from "../access.js";
import { HttpError, langOf, parse, pseudonymizeOf, route } from "./util.js";
import { cellName } from "../../shared/i18n/cell-name.js";

/**
 * Documents for the school's records (staff only): the RETEX report of a
 * cell as PDF, the session's levels as CSV, and its xAPI statements — to
 * download, or to post to the configured learning record store.
 */


export function reportRoutes(ctx: AppContext, pdfs: PdfPool): Router {
  const r = Router();

  r.get("/cells/:id/report.pdf", route(async (req, res) => {
    const { cell, session } = await requireCell(ctx, req, "assess");
    const lang = langOf(req);
    const pseudo = pseudonymizeOf(req);
    // Rows read when a renderer is free; the report is folded, scored, modelled and drawn in its worker thread (report/pdf-pool.ts).
    // A cell name may carry a student's name ("Cellule de Zoé"): a pseudonymised report is named by the cell's number.
    // The same rows as a report already drawn (or being drawn): those bytes, no second drawing (report/pdf-cache.ts).
    const now = Date.now();
    await sendPdf(res, pdfs, async () => {
      const session = await ctx.storage.getSession(cell.sessionId);
      if (!session) throw new HttpError(404, "unknown_session");
      return snapshotFor(ctx.storage, session, cell, lang, pseudo, now);
    }, `retex-${safeFileName(cellName(pseudo ? { index: cell.index } : cell, lang))}-${lang}${pseudo ? "-pseudo" : ""}.pdf`, await reportKey(ctx.storage, session, cell, lang, pseudo, now));
  }));

  r.get("/sessions/:id/export.csv", route(async (req, res) => {
    const grant = await requireSession(ctx, req, "assess");
    const pseudo = pseudonymizeOf(req);
    const { session, cells: raw } = await loadSession(ctx, grant.session.id);
    const names = await sessionNames(ctx.storage, session.id, pseudo);
    const cells = raw.map((d) => pseudonymizeCellData(d, names)); // names gone from the data itself (cell names included)
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="sangfroid-${session.id}${pseudo ? "-pseudo" : ""}.csv"`);
    const sep = req.query.sep === "semicolon" ? ";" : ",";
    res.end(sessionCsv(session.name, cells, names, sep));
  }));

  const statements = async (sessionId: string, pseudo: boolean) => {
    const { session, cells } = await loadSession(ctx, sessionId);
    const names = await sessionNames(ctx.storage, session.id, pseudo);
    return cells.flatMap((d) => cellStatements(pseudonymizeCellData(d, names), names, ctx.config.publicUrl));
  };

  r.get("/sessions/:id/xapi", route(async (req, res) => {
    const { session } = await requireSession(ctx, req, "assess");
    res.setHeader("X-Experience-API-Version", "1.0.3");
    res.json(await statements(session.id, pseudonymizeOf(req)));
  }));

  /** Post the session's statements to the LRS (pseudonymised unless the body says `{ "pseudonymize": false }`). */
  r.post("/sessions/:id/xapi/send", route(async (req, res) => {
    const { session } = await requireSession(ctx, req, "assess");
    const body = parse(z.strictObject({ pseudonymize: z.boolean().default(true) }), req.body ?? {});
    const lrs = ctx.config.lrs;
    if (!lrs) throw new HttpError(409, "lrs_not_configured");
    let origin: string;
    try { origin = new URL(lrs.url).origin; } catch { throw new HttpError(409, "lrs_not_configured", { detail: "bad_url" }); }
    const list = await statements(session.id, body.pseudonymize);
    try {
      const out = await sendToLrs(lrs, list);
      log.info("xapi sent", { session: req.params.id, statements: out.sent, batches: out.batches });
      res.json({ ...out, lrs: origin });
    } catch (err) {
      // What the LRS said is for the operator's log, not for a person's screen.
      if (err instanceof LrsError) { log.warn("xapi refused by the LRS", { session: req.params.id, status: err.status, body: err.body }); throw new HttpError(502, "lrs_refused", { status: err.status }); }
      log.warn("xapi: LRS unreachable", { session: req.params.id, err: (err as Error).message });
      throw new HttpError(502, "lrs_unreachable");
    }
  }));

  return r;
}
