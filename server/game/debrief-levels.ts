import type { CompiledScenario, EngineState } from "../../shared/engine/index.js";
import type { DebriefLevels, LevelLine } from "../../shared/protocol.js";
import { scoreCell, type CellScore, type CompetencyScore } from "../../shared/scoring/index.js";

/**
 * The levels a debrief shows, cut from the full score: the cell's, and the
 * player's own (never another student's). Staff get the cell's only here;
 * they read everything else from the assessment API.
 */
const line = (c: CompetencyScore): LevelLine => ({ competency: c.competency, level: c.level, mean: c.mean, capped: c.capped });

export function debriefLevels(score: CellScore, player?: string): DebriefLevels {
  const mine = player !== undefined ? score.students.find((s) => s.player === player) : undefined;
  const explained = (c: CompetencyScore): LevelLine => ({
    ...line(c), expectationMean: c.expectationMean, indicatorMean: c.indicatorMean,
    indicators: c.indicators.map((i) => ({ id: i.id, label: i.label, level: i.level, critical: i.critical, explanation: i.explanation })),
  });
  return { cell: score.cell.competencies.map(explained), ...(mine ? { you: mine.competencies.map(line) } : {}) };
}

/** One score per log position: several clients asking for the same state share it. */
export class ScoreCache {
  private seq = -1;
  private score?: CellScore;
  get(compiled: CompiledScenario, state: EngineState): CellScore {
    if (!this.score || this.seq !== state.seq) { this.score = scoreCell(compiled, state); this.seq = state.seq; }
    return this.score;
  }
}
