import { cellName } from "../../shared/i18n/cell-name.js";
import { Router } from "express";
import { z } from "zod";
import { tr } from "../../shared/scenario/text.js";
import { formatDuration } from "../../shared/scenario/time.js";
import { compareCells, comparisonTargets, type CompareTarget } from "../../shared/scoring/compare.js";
import { clockTime, evidenceLine, outcomeLabel } from "../../shared/scoring/explain.js";
import type { CellComparisonView, ComparisonTargets, SessionSeries } from "../../shared/assessment.js";
import type { AppContext } from "../context.js";
import { loadSession } from "../assessment/cell-data.js";
import { compileText } from "../scenarios.js";
import { requireSession } from "../access.js";
import { HttpError, langOf, parse, route } from "./util.js";

/**
 * The cross-cell comparison for the collective debrief (staff only):
 * `GET /api/sessions/:id/compare` lists what can be compared (the scenario's
 * injects and branch points, by their words); with `?inject=` or `?branch=`
 * (the index in that list, never an id a person would see), one row per cell —
 * when the inject came, what the cell did and when (relative to it), the
 * expectations it started and their outcome, the branch outcomes and the
 * action that decided each, with the scenario's teaching notes.
 */

const Query = z.object({
  inject: z.coerce.number().int().min(0).optional(),
  branch: z.coerce.number().int().min(0).optional(),
}).refine((q) => q.inject === undefined || q.branch === undefined, { message: "one_target" });

export function compareRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get("/sessions/:id/compare", route(async (req, res) => {
    const grant = await requireSession(ctx, req, "assess");
    const lang = langOf(req);
    const q = parse(Query, { inject: req.query.inject, branch: req.query.branch });
    const { session, cells } = await loadSession(ctx, grant.session.id);
    const compiled = cells[0]?.compiled ?? compileText(session.scenarioText, session.scenarioFile);
    const targets = comparisonTargets(compiled);
    const list: ComparisonTargets = {
      injects: targets.injects.map((id, index) => {
        const inj = compiled.injects.get(id)!;
        return { index, label: tr(inj.subject, lang), from: tr(compiled.personas.get(inj.from)?.name, lang) };
      }),
      branches: targets.branches.map((b, index) => ({
        index, label: compiled.triggers.filter((t) => t.branch?.id === b).map((t) => outcomeLabel(compiled, t.id)[lang]).join(" / "),
      })),
    };
    if (q.inject === undefined && q.branch === undefined) { res.json({ targets: list }); return; }
    let target: CompareTarget;
    if (q.inject !== undefined) {
      const id = targets.injects[q.inject];
      if (!id) throw new HttpError(400, "unknown_target");
      target = { inject: id };
    } else {
      const id = targets.branches[q.branch!];
      if (!id) throw new HttpError(400, "unknown_target");
      target = { branch: id };
    }
    const started = performance.now();
    const rows = compareCells(compiled, cells.map((d) => ({ id: d.cell.id, name: cellName(d.cell, lang), state: d.state, trace: d.trace })), target);
    const out: CellComparisonView[] = rows.map((row, i) => {
      const d = cells[i];
      const who = { name: (p: string) => d.state.players[p]?.name ?? "—" };
      const rel = (at: number) => (row.delivered ? `+${formatDuration(Math.max(0, at - row.delivered.at))}` : undefined);
      return {
        cell: row.cell, name: row.name,
        delivered: row.delivered ? clockTime(compiled, row.delivered.at) : undefined,
        actions: row.actions.map((a) => ({ kind: a.kind, text: evidenceLine(compiled, d.state, a.id, who)[lang], after: rel(a.at) })),
        expectations: row.expectations.map((e) => ({ title: tr(compiled.expectations.find((x) => x.id === e.id)!.source.title, lang), outcome: e.outcome,
          ...(e.resolvedAt !== undefined ? { at: clockTime(compiled, e.resolvedAt) } : {}) })),
        outcomes: row.outcomes.map((o) => ({
          label: outcomeLabel(compiled, o.trigger)[lang], at: clockTime(compiled, o.at), after: rel(o.at),
          decidedBy: o.causedBy ? evidenceLine(compiled, d.state, o.causedBy, who)[lang] : undefined,
          note: tr(compiled.scenario.triggers.find((t) => t.id === o.trigger)?.branch?.note, lang) || undefined,
        })),
      };
    });
    res.json({ targets: list, target: q, ms: Math.round((performance.now() - started) * 10) / 10, cells: out });
  }));
  // Every cell's crisis over time, for the collective view (same scenario and seed: one x axis).
  r.get("/sessions/:id/series", route(async (req, res) => {
    const grant = await requireSession(ctx, req, "assess");
    const { cells } = await loadSession(ctx, grant.session.id);
    res.json({ cells: cells.map((d) => ({ id: d.cell.id, name: d.cell.name, index: d.cell.index, series: d.series })) } satisfies SessionSeries);
  }));
  return r;
}
