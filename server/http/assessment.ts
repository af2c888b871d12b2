import { Router } from "express";
import type { CellAssessment, SessionAssessment } from "../../shared/assessment.js";
import { z } from "zod";
import { COMPETENCIES } from "../../shared/scenario/schema.js";
import { newId } from "../auth.js";
import type { AppContext } from "../context.js";
import { agreement, cellItems, computedLevel, finalLevels, itemKey, type LevelItem } from "../assessment/agreement.js";
import { loadCellById, loadSession, type CellData } from "../assessment/cell-data.js";
import { annotationView } from "../game/annotations.js";
import { pushAnnotation } from "../remote.js";
import type { AssessmentRow } from "../storage/types.js";
import { requireCell, requireSession } from "../access.js";
import { HttpError, langOf, parse, route } from "./util.js";
import { sanitizeText } from "../../shared/text/sanitize.js";
import { cellName } from "../../shared/i18n/cell-name.js";

/**
 * Evaluators' side of the debrief over HTTP (staff only: evaluators and
 * instructors): the computed scores of every cell with the overrides, final
 * levels and inter-rater agreement (rules in assessment/agreement.ts); new
 * overrides, each with a justification (an evaluator's level is a judgement
 * for the record, even when it confirms the computed one); annotations on any moment of a cell, live or ended (from the replay).
 */

const MIN_JUSTIFICATION_LENGTH = 10;

const AssessmentBody = z.strictObject({
  scope: z.enum(["cell", "role", "student"]),
  subject: z.string().trim().min(1).max(64),
  competency: z.enum(COMPETENCIES),
  level: z.number().int().min(0).max(3),
  justification: z.string().max(4000).default("").transform((t) => sanitizeText(t).trim()),
});

const AnnotationBody = z.strictObject({
  at: z.number().int().min(0),
  entry: z.number().int().min(1).optional(),
  competency: z.enum(COMPETENCIES).optional(),
  text: z.string().max(4000).transform(sanitizeText).pipe(z.string().trim().min(1)),
});

export function cellAssessment(d: CellData, lang: "fr" | "en"): CellAssessment {
  const levels = finalLevels(cellItems(d.score, cellName(d.cell, lang), lang), d.assessments);
  return {
    id: d.cell.id, name: d.cell.name, index: d.cell.index, status: d.state.status, time: d.state.time, seq: d.state.seq,
    score: d.score, assessments: d.assessments, annotations: d.annotations.map(annotationView),
    levels, agreement: agreement(levels),
  };
}

export function assessmentRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get("/sessions/:id/assessment", route(async (req, res) => {
    const grant = await requireSession(ctx, req, "assess");
    const lang = langOf(req);
    const { session, cells } = await loadSession(ctx, grant.session.id);
    const out = cells.map((d) => cellAssessment(d, lang));
    res.json({
      session: { id: session.id, name: session.name, status: session.status, scenario: session.scenarioId, createdAt: session.createdAt },
      lang, cells: out, agreement: agreement(out.flatMap((c) => c.levels)),
    } satisfies SessionAssessment);
  }));

  r.post("/cells/:id/assessments", route(async (req, res) => {
    const { user, cell } = await requireCell(ctx, req, "assess");
    const body = parse(AssessmentBody, req.body);
    const d = await loadCellById(ctx, cell.id);
    if (body.scope === "cell" && body.subject !== "cell") throw new HttpError(400, "unknown_subject", { detail: "cell" });
    // A player who registered in this cell but never entered the room has no computed level yet.
    let computed = computedLevel(d.score, body);
    if (computed === undefined && body.scope === "student" && d.players.some((p) => p.id === body.subject)) computed = null;
    if (computed === undefined) {
      throw new HttpError(400, "unknown_subject", { detail: body.scope });
    }
    if (body.justification.length < MIN_JUSTIFICATION_LENGTH) {
      throw new HttpError(400, "justification_required", { count: MIN_JUSTIFICATION_LENGTH, ...(computed === null ? { detail: "unscored" } : { level: computed }) });
    }
    const row: AssessmentRow = {
      id: newId("v"), cellId: d.cell.id, sessionId: d.session.id, authorId: user.id, author: user.username, wall: Date.now(),
      scope: body.scope, subject: body.subject, competency: body.competency, computed, level: body.level as AssessmentRow["level"],
      justification: body.justification,
    };
    await ctx.storage.addAssessment(row);
    const items = cellItems(d.score, cellName(d.cell, "fr")).filter((i) => itemKey(i) === itemKey(row));
    const base = items.length ? items : [{ scope: row.scope, subject: row.subject, competency: row.competency, computed, name: d.players.find((p) => p.id === row.subject)?.name ?? row.subject, evidence: [] }];
    const item: LevelItem = finalLevels(base, [...d.assessments, row])[0];
    res.status(201).json({ assessment: row, item });
  }));

  r.get("/cells/:id/annotations", route(async (req, res) => {
    const { cell } = await requireCell(ctx, req, "assess");
    res.json((await ctx.storage.listAnnotations({ cellId: cell.id })).map(annotationView));
  }));

  r.post("/cells/:id/annotations", route(async (req, res) => {
    const { user, cell } = await requireCell(ctx, req, "assess");
    const body = parse(AnnotationBody, req.body);
    const last = await ctx.storage.lastSeq(cell.id);
    if (body.entry !== undefined && body.entry > last) throw new HttpError(400, "unknown_entry", { entry: body.entry, count: last });
    const row = {
      id: newId("n"), cellId: cell.id, sessionId: cell.sessionId, authorId: user.id, author: user.username, wall: Date.now(),
      at: body.at, text: body.text, ...(body.entry !== undefined ? { entry: body.entry } : {}), ...(body.competency ? { competency: body.competency } : {}),
    };
    await ctx.storage.addAnnotation(row);
    await pushAnnotation(ctx, row);
    res.status(201).json(annotationView(row));
  }));

  return r;
}
