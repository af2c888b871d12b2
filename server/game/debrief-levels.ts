import type { CompiledScenario, EngineState, LogPayload } from "../../shared/engine/index.js";
import type { DebriefLevels, LevelLine } from "../../shared/protocol.js";
import { traceCauses } from "../../shared/scoring/causes.js";
import { competencyLines, type Speaker } from "../../shared/scoring/explain.js";
import { isSelfAssessment } from "../../shared/scoring/indicators-evaluation.js";
import { scoreCell, type CellScore, type CompetencyScore } from "../../shared/scoring/index.js";
import { collectFacts } from "../../shared/scoring/facts.js";
import { descriptorTexts, rubricText, type RubricText } from "../../shared/scoring/rubric-text.js";
import type { Competency } from "../../shared/scenario/schema.js";
import type { Storage } from "../storage/types.js";
import { crisisSeries, seriesFor, type CrisisSeries } from "../../shared/replay/series.js";

/**
 * The levels a debrief shows, cut from the full score: the cell's, and the
 * player's own (never another student's), each competency with its items in
 * words — evidence, outcomes, the causes of what was missed and the
 * scenario's teaching notes. Staff get the cell's only here; they read
 * everything else from the assessment API.
 */
const line = (c: CompetencyScore): LevelLine => ({ competency: c.competency, level: c.level, mean: c.mean, capped: c.capped, evidence: c.evidence.length, ...(c.noEvidence ? { noEvidence: true } : {}) });

export function debriefLevels(compiled: CompiledScenario, state: EngineState, score: CellScore, player?: string, series?: CrisisSeries): DebriefLevels {
  const mine = player !== undefined ? score.students.find((s) => s.player === player) : undefined;
  const who: Speaker = { name: (p) => state.players[p]?.name ?? "—" };
  const explainedLine = (c: CompetencyScore): LevelLine => ({
    ...line(c), expectationMean: c.expectationMean, indicatorMean: c.indicatorMean,
    indicators: c.indicators.map((i) => ({ id: i.id, label: i.label, level: i.level, critical: i.critical, explanation: i.explanation })),
  });
  let self: DebriefLevels["self"];
  if (mine) {
    const f = collectFacts(compiled, state, score.rules);
    const latest = [...f.done].reverse().find((a) => a.player === player && isSelfAssessment(f, a));
    if (latest) {
      const declared: Partial<Record<Competency, number>> = {};
      for (const [param, c] of Object.entries(score.rules.selfAssessment)) if (typeof latest.params[param] === "number") declared[c] = latest.params[param] as number;
      const gap = mine.competencies.find((c) => c.competency === "C4.4")?.indicators.find((i) => i.id === "self_assessment_gap")?.value ?? null;
      self = { declared, gap };
    }
  }
  return {
    cell: score.cell.competencies.map(explainedLine),
    ...(mine ? { you: mine.competencies.map(line) } : {}),
    explained: {
      cell: score.cell.competencies.map((c) => competencyLines(compiled, state, c, who, false)),
      ...(mine ? { you: mine.competencies.map((c) => competencyLines(compiled, state, c, who, true)) } : {}),
    },
    ...(self ? { self } : {}),
    ...(series ? { series: player !== undefined ? seriesFor(series, state.players[player]?.roles ?? []) : series } : {}),
  };
}

type RubricForView = { rubric: RubricText; descriptors: Record<Competency, { fr: string; en: string }[]> };
const rubrics = new WeakMap<CompiledScenario, { true?: RubricForView; false?: RubricForView }>();

/**
 * One score per log position, with the causes of misses traced from the
 * stored log (read once per position: after the end only debrief entries
 * arrive, rarely). Several clients asking for the same state share it.
 */
export class ScoreCache {
  private seriesSeq = -1;
  private seriesOf?: Promise<CrisisSeries>;
  /** The cell's crisis over time (the whole of it; each viewer gets their cut), once per log position. */
  series(storage: Storage, cellId: string, compiled: CompiledScenario, state: EngineState): Promise<CrisisSeries> {
    if (!this.seriesOf || this.seriesSeq !== state.seq) {
      this.seriesSeq = state.seq;
      this.seriesOf = storage.readLog(cellId).then((log) => crisisSeries(compiled, log.filter((e) => e.seq <= state.seq).map((e) => e.payload as LogPayload)).series);
      this.seriesOf.catch(() => { this.seriesSeq = -1; });
    }
    return this.seriesOf;
  }
  /** The rubric in words and the level descriptors, per compiled scenario: the same for every client of the room. */
  static rubric(compiled: CompiledScenario, ended: boolean): RubricForView {
    const memo = rubrics.get(compiled) ?? {};
    rubrics.set(compiled, memo);
    return (memo[String(ended) as "true" | "false"] ??= ScoreCache.buildRubric(compiled, ended));
  }
  private static buildRubric(compiled: CompiledScenario, ended: boolean): RubricForView {
    const fr = descriptorTexts(compiled, "fr"), en = descriptorTexts(compiled, "en");
    const descriptors = Object.fromEntries(Object.keys(fr).map((c) => [c, fr[c as Competency].map((x, i) => ({ fr: x, en: en[c as Competency][i] }))])) as Record<Competency, { fr: string; en: string }[]>;
    return { rubric: rubricText(compiled, { withExpectations: ended }), descriptors };
  }

  private seq = -1;
  private score?: Promise<CellScore>;
  get(storage: Storage, cellId: string, compiled: CompiledScenario, state: EngineState): Promise<CellScore> {
    if (!this.score || this.seq !== state.seq) {
      this.seq = state.seq;
      this.score = storage.readLog(cellId).then((log) => scoreCell(compiled, state, { trace: traceCauses(compiled, log.filter((e) => e.seq <= state.seq).map((e) => e.payload as LogPayload)) }));
      // A failed read must not stick: the next ask tries again.
      this.score.catch(() => { this.seq = -1; });
    }
    return this.score;
  }
}
