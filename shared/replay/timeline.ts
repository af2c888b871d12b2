import type { CompiledScenario } from "../engine/compiled.js";
import type { Effect, EngineState, ExpectationStatus, Severity } from "../engine/types.js";
import type { Competency } from "../scenario/schema.js";
import type { Text } from "../scenario/text.js";

/**
 * What the replay viewer draws along the game clock, collected while the
 * index folds the log once: every delivery and every player action as a
 * lane item (per role and per channel), a deadline marker per expectation
 * (met / late / missed with its times), the branch taken at each branch
 * point, and the phases. Items keep the position of the entry that made
 * them, so clicking one seeks the replay there.
 */

export interface LaneItem {
  /** Delivery id ("d3") or action id ("a7"). */
  id: string;
  kind: "delivery" | "action";
  /** Position just after the entry that produced it, and that entry's seq. */
  position: number; seq: number;
  at: number;
  /** Deliveries: the roles that received it; actions: the author's role. */
  roles: string[];
  /** Channel id; actions without a channel (internal outputs) are on "internal". */
  channel: string;
  /** Deliveries: the channel kind; actions: the action kind (logbook, statement…). */
  type: string;
  label: Text;
  severity?: Severity;
  player?: string;
  inject?: string;
}

export interface Lane { id: string; items: LaneItem[] }

export interface DeadlineMarker {
  expectation: string; competency: Competency; title: Text; critical: boolean; roles: string[];
  startedAt?: number; dueAt?: number; resolvedAt?: number;
  /** Final status in this log ("pending" when the log stops before it resolved). */
  status: ExpectationStatus;
  /** Position at which it resolved (met, late or missed), if it did. */
  position?: number;
  evidence: string[];
}

export interface BranchPoint {
  id: string;
  /** Every outcome the scenario offers at this branch point, with the trigger that leads to it. */
  outcomes: { outcome: string; trigger: string }[];
  /** Each time an outcome fired, in order (a later one replaces an earlier one). */
  fired: { outcome: string; trigger: string; at: number; position: number; seq: number }[];
  /** The branch the cell ended up on, or null when none fired. */
  taken: { outcome: string; trigger: string; at: number; position: number } | null;
}

export const INTERNAL_CHANNEL = "internal";

export class Timeline {
  readonly items: LaneItem[] = [];
  readonly deadlines: DeadlineMarker[] = [];
  readonly branches: BranchPoint[] = [];
  readonly phases: { phase: string; name: Text; at: number; position: number }[] = [];
  private resolvedAt = new Map<string, number>();
  private branchById = new Map<string, BranchPoint>();

  constructor(private compiled: CompiledScenario) {
    for (const t of compiled.triggers) {
      if (!t.branch) continue;
      let b = this.branchById.get(t.branch.id);
      if (!b) { b = { id: t.branch.id, outcomes: [], fired: [], taken: null }; this.branchById.set(b.id, b); this.branches.push(b); }
      b.outcomes.push({ outcome: t.branch.outcome, trigger: t.id });
    }
    const first = compiled.phases.get(compiled.initialPhase);
    this.phases.push({ phase: compiled.initialPhase, name: first?.source.name ?? compiled.initialPhase, at: 0, position: 0 });
  }

  /** Called by the index after each entry, with the effects it produced and the state after it. */
  record(effects: readonly Effect[], position: number, seq: number): void {
    for (const fx of effects) {
      switch (fx.type) {
        case "delivery": {
          const d = fx.delivery;
          const inj = d.inject !== undefined ? this.compiled.injects.get(d.inject) : undefined;
          this.items.push({
            id: d.id, kind: "delivery", position, seq, at: d.at, roles: [...d.recipients], channel: d.channel,
            type: this.compiled.channels.get(d.channel)?.kind ?? "mail", label: d.improvised?.subject ?? inj?.subject ?? d.id,
            severity: d.severity, ...(d.inject !== undefined ? { inject: d.inject } : {}),
          });
          break;
        }
        case "action": {
          const a = fx.action;
          const def = this.compiled.actions.get(a.action)?.source;
          const subject = typeof a.params.subject === "string" ? a.params.subject : typeof a.params.title === "string" ? a.params.title : undefined;
          this.items.push({
            id: a.id, kind: "action", position, seq, at: a.at, roles: [a.role], channel: def?.channel ?? INTERNAL_CHANNEL,
            type: a.kind, label: subject ?? def?.name ?? a.action, player: a.player,
          });
          break;
        }
        case "expectation": this.resolvedAt.set(fx.expectation, position); break;
        case "trigger": {
          if (!fx.branch) break;
          const b = this.branchById.get(fx.branch.id);
          if (!b) break;
          b.fired.push({ outcome: fx.branch.outcome, trigger: fx.trigger, at: fx.at, position, seq });
          break;
        }
        case "phase":
          this.phases.push({ phase: fx.to, name: this.compiled.phases.get(fx.to)?.source.name ?? fx.to, at: fx.at, position });
          break;
        default: break;
      }
    }
  }

  /** Deadline markers and branches taken, from the final state. */
  finish(state: EngineState): void {
    for (const e of this.compiled.expectations) {
      const s = state.expectations[e.id];
      const position = this.resolvedAt.get(e.id);
      this.deadlines.push({
        expectation: e.id, competency: e.competency, title: e.source.title, critical: e.critical, roles: e.roles, status: s.status,
        evidence: [...s.evidence],
        ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}), ...(s.dueAt !== undefined ? { dueAt: s.dueAt } : {}),
        ...(s.resolvedAt !== undefined ? { resolvedAt: s.resolvedAt } : {}), ...(position !== undefined ? { position } : {}),
      });
    }
    for (const b of this.branches) {
      const last = b.fired[b.fired.length - 1];
      b.taken = last ? { outcome: last.outcome, trigger: last.trigger, at: last.at, position: last.position } : null;
    }
  }

  /** Swim lanes per role: deliveries a role received, actions it took. Roles in scenario order. */
  byRole(): Lane[] {
    return [...this.compiled.roles.keys()].map((role) => ({ id: role, items: this.items.filter((i) => i.roles.includes(role)) }));
  }

  /** Swim lanes per channel (scenario order), then the cell's internal outputs. */
  byChannel(): Lane[] {
    const lanes = [...this.compiled.channels.keys()].map((ch) => ({ id: ch, items: this.items.filter((i) => i.channel === ch) }));
    lanes.push({ id: INTERNAL_CHANNEL, items: this.items.filter((i) => i.channel === INTERNAL_CHANNEL) });
    return lanes.filter((l) => l.items.length > 0 || l.id !== INTERNAL_CHANNEL);
  }
}
