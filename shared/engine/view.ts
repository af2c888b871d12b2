import type { Competency, Inject, Param } from "../scenario/schema.js";
import { tr, type Lang, type Text } from "../scenario/text.js";
import { BUILTIN_ACTION_IDS } from "../scenario/builtins.js";
import { gaugeWorse } from "../scenario/worse.js";
import type { CompiledScenario } from "./compiled.js";
import { endOutcome } from "./end-outcome.js";
import { countdownViews, pacingView, type CountdownView, type PacingView } from "./pacing.js";
import { actionNow, callNow, countsNow, isLive, type CallView, type LivePart } from "./reveal.js";
import { handleOf } from "./social.js";
import type { ActionRecord, Delivery, EngineState, ExpectationStatus, Status } from "./types.js";

/**
 * Projections of the state for one viewer. This is the secrecy boundary: the
 * server sends players nothing but `viewFor`. A player's view never holds a
 * future inject, another role's private traffic, or any scoring before the
 * debrief; the staff view (instructor, evaluator) holds everything.
 */

/** Action kinds a whole cell shares (main courante, decisions, tasks…). Others stay with their role. */
export const SHARED_KINDS = new Set(["logbook", "decision", "task", "stakeholder", "sitrep", "point", "hypothesis", "statement", "chat", "assignment", "other"]);

export interface DeliveryView {
  id: string; at: number; channel: string; channelKind: string; from: string; fromName: Text;
  to: string[]; subject: Text; body: Text; attachments: { name: Text; body: Text }[];
  severity: Delivery["severity"]; reply: boolean; public: boolean; shares?: number; place?: string; replyTo?: string;
  /** A phone call: rings until `until` (game seconds, inclusive) for the `answer` roles; the lines said so far, or the voicemail once missed (reveal.ts). */
  call?: CallView;
  /** Social posts: the sender's account, the shares (`shares`) and likes now — never the curve they will follow —, the post it relays. */
  handle?: string;
  likes?: number;
  repost?: { fromName: Text; handle: string; subject: Text; body: Text };
}
export interface GaugeView { id: string; name: Text; value: number; min: number; max: number; /** The side on which it gets worse (the file says, or its thresholds do). */ worse?: "low" | "high"; thresholds: { id: string; below?: number; above?: number; label: Text; severity: string }[] }
/** A deadline players see: a visible expectation of the scenario, or a time rule of the rubric (`rubric: true`); ★ when missing it caps a level. */
export interface DeadlineView { id: string; title: Text; dueAt: number; legal?: Text; critical?: boolean; rubric?: boolean }
export interface ExpectationView {
  id: string; competency: string; title: Text; status: ExpectationStatus; startedAt?: number; dueAt?: number;
  resolvedAt?: number; evidence: string[]; weight: number; critical: boolean; roles: string[]; legal?: Text;
}
export interface CellView {
  scenario: string; status: Status; time: number; speed: number; duration: number; clockStart: number;
  phase: { id: string; name: Text };
  gauges: GaugeView[];
  deliveries: DeliveryView[];
  actions: ActionRecord[];
  /** `ready` only once the player said it in the lobby (a `ready` entry). */
  players: { id: string; name: string; roles: string[]; present: boolean; ready?: boolean }[];
  deadlines: DeadlineView[];
  /** Reply deadlines of the deliveries this viewer received (staff: all), open, answered or expired. */
  countdowns: CountdownView[];
  /** Tempo, multiplier and the moments that close something (end, exit window). */
  pacing: PacingView;
  branches?: EngineState["branches"];
  expectations?: ExpectationView[];
  pending?: { key: string; inject: string; at: number; subject: Text; to: string[]; channel: string }[];
  /** How the session ended; `outcome`, the words of the outcome it ended on in each language (end-outcome.ts), when it ended on one. */
  ended?: NonNullable<EngineState["ended"]> & { outcome?: Text };
  /** The scenario's debrief questions: for players from the end on, for staff always. */
  debrief?: { id: string; question: Text; competency?: Competency }[];
}

/** What a call, a post or a repost adds to a delivery, as it stands at the state's time (reveal.ts). */
function livingParts(compiled: CompiledScenario, state: EngineState, d: Delivery, inj: Inject | undefined): Partial<DeliveryView> {
  if (!inj) return {};
  const out: Partial<DeliveryView> = {};
  if (inj.call) Object.assign(out, callNow(compiled, state, d, { ...inj, call: inj.call }));
  const persona = compiled.personas.get(d.from);
  if (compiled.channels.get(d.channel)?.kind === "social") {
    if (persona) out.handle = handleOf(persona);
    Object.assign(out, countsNow(compiled, state, d, inj));
    const orig = inj.repost !== undefined ? compiled.injects.get(inj.repost) : undefined;
    const author = orig ? compiled.personas.get(orig.from) : undefined;
    if (orig) out.repost = { fromName: author?.name ?? "", handle: author ? handleOf(author) : "", subject: orig.subject, body: orig.body };
  }
  return out;
}

function deliveryView(compiled: CompiledScenario, state: EngineState, d: Delivery): DeliveryView {
  const inj = d.inject !== undefined ? compiled.injects.get(d.inject) : undefined;
  const persona = compiled.personas.get(d.from);
  const living = livingParts(compiled, state, d, inj);
  return {
    id: d.id, at: d.at, channel: d.channel, channelKind: compiled.channels.get(d.channel)?.kind ?? "mail",
    from: d.from, fromName: persona?.name ?? d.from, to: d.recipients,
    subject: d.improvised?.subject ?? inj?.subject ?? "", body: d.improvised?.body ?? inj?.body ?? "",
    attachments: inj?.attachments ?? [], severity: d.severity, reply: inj?.reply ?? (d.replyTo !== undefined || (state.countdowns?.some((c) => c.delivery === d.id) ?? false)),
    public: d.public, ...(d.shares !== undefined ? { shares: d.shares } : {}), ...(d.place ? { place: d.place } : {}),
    ...(d.replyTo ? { replyTo: d.replyTo } : {}),
    ...living,
  };
}

/**
 * The living parts of the deliveries a viewer received (`roles`, or "all" for staff) that can
 * still change (calls, posts on a curve), as they stand now: what `live` updates carry.
 */
export function liveParts(compiled: CompiledScenario, state: EngineState, roles: readonly string[] | "all"): LivePart[] {
  const out: LivePart[] = [];
  for (const d of state.deliveries) {
    if (!isLive(compiled, d) || (roles !== "all" && !d.recipients.some((r) => roles.includes(r)) && !d.to.some((r) => roles.includes(r)))) continue;
    const v = deliveryView(compiled, state, d);
    out.push({ id: v.id, body: v.body, ...(v.call ? { call: v.call } : {}), ...(v.shares !== undefined ? { shares: v.shares, likes: v.likes } : {}) });
  }
  return out;
}

function expectationViews(compiled: CompiledScenario, state: EngineState): ExpectationView[] {
  return compiled.expectations.map((e) => {
    const s = state.expectations[e.id];
    return {
      id: e.id, competency: e.competency, title: e.source.title, status: s.status, evidence: s.evidence,
      weight: e.weight, critical: e.critical, roles: e.roles, ...(e.source.legal ? { legal: e.source.legal } : {}),
      ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}), ...(s.dueAt !== undefined ? { dueAt: s.dueAt } : {}),
      ...(s.resolvedAt !== undefined ? { resolvedAt: s.resolvedAt } : {}),
    };
  });
}

function endedView(compiled: CompiledScenario, ended: NonNullable<EngineState["ended"]>): NonNullable<CellView["ended"]> {
  const outcome = endOutcome(compiled, ended.reason);
  return outcome ? { ...ended, outcome } : ended;
}

function common(compiled: CompiledScenario, state: EngineState, showHiddenGauges: boolean): Omit<CellView, "deliveries" | "actions" | "deadlines" | "countdowns" | "pacing"> {
  return {
    scenario: state.scenario, status: state.status, time: state.time, speed: state.speed,
    duration: compiled.duration, clockStart: compiled.clockStart,
    phase: { id: state.phase, name: compiled.phases.get(state.phase)?.source.name ?? state.phase },
    gauges: compiled.scenario.gauges.filter((g) => showHiddenGauges || g.visible).map((g) => ({
      id: g.id, name: g.name, value: state.gauges[g.id], min: g.min, max: g.max, worse: gaugeWorse(g), thresholds: g.thresholds,
    })),
    players: Object.values(state.players).map((p) => ({ id: p.id, name: p.name, roles: p.roles, present: p.present, ...(p.ready !== undefined ? { ready: p.ready } : {}) })),
    ...(state.ended ? { ended: endedView(compiled, state.ended) } : {}),
  };
}

/** What the holder of `roles` may see. Expectations appear only once the session has ended (the debrief). */
export function viewFor(compiled: CompiledScenario, state: EngineState, roles: readonly string[]): CellView {
  const mine = (rs: readonly string[]) => rs.some((r) => roles.includes(r));
  const received = state.deliveries.filter((d) => mine(d.recipients) || mine(d.to));
  const deliveries = received.map((d) => deliveryView(compiled, state, d));
  const seen = new Set(deliveries.map((d) => d.id));
  const actions = state.actions.filter((a) => SHARED_KINDS.has(a.kind) || roles.includes(a.role) || (a.replyTo !== undefined && seen.has(a.replyTo))).map((a) => actionNow(state, a));
  const deadlines: DeadlineView[] = [];
  const countdowns = countdownViews(compiled, state, roles);
  for (const e of compiled.expectations) {
    const s = state.expectations[e.id];
    if (!e.visible || s.status !== "pending" || s.dueAt === undefined) continue;
    // A deadline started by an inject is shown only to the roles that received it: its title would tell the others it came.
    const start = e.start;
    if ("inject" in start && !received.some((d) => d.inject === start.inject)) continue;
    const extra = { ...(e.source.legal ? { legal: e.source.legal } : {}), ...(e.critical ? { critical: true } : {}) };
    // The same delay as the reply deadline of the inject that started it: one countdown, with the expectation's star and legal basis.
    const same = "inject" in start ? countdowns.find((c) => c.status !== "answered" && c.dueAt === s.dueAt && state.deliveries.find((d) => d.id === c.delivery)?.inject === start.inject) : undefined;
    if (same) Object.assign(same, extra);
    else deadlines.push({ id: e.id, title: e.source.title, dueAt: s.dueAt, ...extra });
  }
  const view: CellView = { ...common(compiled, state, false), deliveries, actions, deadlines, countdowns, pacing: pacingView(compiled, state, false) };
  if (state.status === "ended") {
    view.expectations = expectationViews(compiled, state);
    view.branches = state.branches;
    view.debrief = debriefQuestions(compiled);
  }
  return view;
}

function debriefQuestions(compiled: CompiledScenario): NonNullable<CellView["debrief"]> {
  return compiled.scenario.debrief.map((q) => ({ id: q.id, question: q.question, ...(q.competency ? { competency: q.competency } : {}) }));
}

/** Everything, for instructors and evaluators: pending injects, live expectations, branches, hidden gauges. */
export function staffView(compiled: CompiledScenario, state: EngineState): CellView {
  const base = viewFor(compiled, state, [...compiled.roles.keys()]);
  return {
    ...base, ...common(compiled, state, true),
    deliveries: state.deliveries.map((d) => deliveryView(compiled, state, d)),
    actions: state.actions.map((a) => actionNow(state, a)),
    countdowns: countdownViews(compiled, state, "all"),
    pacing: pacingView(compiled, state, true),
    expectations: expectationViews(compiled, state),
    branches: state.branches,
    debrief: debriefQuestions(compiled),
    pending: state.pending.map((p) => {
      const inj = compiled.injects.get(p.inject);
      return { key: p.key, inject: p.inject, at: p.at, subject: inj?.subject ?? p.inject, channel: inj?.channel ?? "",
        to: inj ? (inj.to === "all" ? [...compiled.roles.keys()] : inj.to) : [] };
    }),
  };
}

/**
 * The public part of a scenario, sent once with the `view` so the client can
 * draw role cards, action forms and the situation map. Exactly what every
 * player may know before anything happens: roles, the action catalogue
 * (forms only, never effects), personas, channels, places and links. Never
 * injects, triggers, expectations, phases' conditions or hidden gauges.
 * Without `lang`, texts keep both languages so the client can switch.
 */
export interface ScenarioBrief {
  id: string; version: number;
  title: Text; summary?: Text; languages: readonly Lang[]; duration: number; clockStart: number; speed: number;
  tutorial: boolean; competencies: Competency[];
  roles: { id: string; name: Text; description?: Text; responsibilities: Text[]; competencies: Competency[]; required: boolean; actions: string[] }[];
  /** `builtin`: an id of the player outputs every scenario offers (logbook, statement…, possibly restricted by the scenario); otherwise the scenario's own. */
  actions: { id: string; kind: string; name: Text; description?: Text; group?: Text; roles: "all" | string[]; approval?: string; once: boolean; builtin: boolean;
    channel?: string; to?: string; params: Param[] }[];
  personas: { id: string; name: Text; kind: string; place?: string; authority: boolean; handle: string }[];
  /** The cell's official account on the social network (`social.account`), when the scenario has one. */
  account?: { name: Text; handle: string };
  channels: { id: string; kind: string; name: Text }[];
  places: { id: string; name: Text; lat: number; lon: number }[];
  links: { from: string; to: string; label?: Text }[];
}

export function scenarioBrief(compiled: CompiledScenario, lang?: Lang): ScenarioBrief {
  const s = compiled.scenario;
  const t = (x: Text): Text => (lang ? tr(x, lang) : x);
  const opt = (k: string, x: Text | undefined) => (x === undefined ? {} : { [k]: t(x) });
  const actions = [...compiled.actions.values()].map((a) => a.source);
  const allowed = (a: (typeof actions)[number], role: string) => a.roles === "all" || a.roles.includes(role);
  return {
    id: s.id, version: s.version, title: t(s.meta.title), ...opt("summary", s.meta.summary),
    languages: s.meta.languages, duration: compiled.duration, clockStart: compiled.clockStart, speed: s.meta.speed,
    tutorial: s.meta.tutorial, competencies: s.meta.competencies,
    roles: s.roles.map((r) => ({
      id: r.id, name: t(r.name), ...opt("description", r.description), responsibilities: r.responsibilities.map(t),
      competencies: r.competencies, required: r.required, actions: actions.filter((a) => allowed(a, r.id)).map((a) => a.id),
    })),
    actions: actions.map((a) => ({
      id: a.id, kind: a.kind, name: t(a.name), ...opt("description", a.description), ...opt("group", a.group), roles: a.roles, once: a.once,
      builtin: BUILTIN_ACTION_IDS.has(a.id),
      ...(a.approval ? { approval: a.approval } : {}), ...(a.channel ? { channel: a.channel } : {}), ...(a.to ? { to: a.to } : {}),
      params: a.params.map((p) => ({ ...p, label: t(p.label), ...(p.options ? { options: p.options.map((o) => ({ id: o.id, label: t(o.label) })) } : {}) })),
    })),
    personas: s.personas.map((p) => ({ id: p.id, name: t(p.name), kind: p.kind, authority: p.authority, handle: handleOf(p), ...(p.place ? { place: p.place } : {}) })),
    ...(s.social ? { account: { name: t(s.social.account.name), handle: s.social.account.handle } } : {}),
    channels: s.channels.map((c) => ({ id: c.id, kind: c.kind, name: t(c.name) })),
    places: s.places.map((p) => ({ id: p.id, name: t(p.name), lat: p.lat, lon: p.lon })),
    links: s.links.map((l) => ({ from: l.from, to: l.to, ...opt("label", l.label) })),
  } as ScenarioBrief;
}
