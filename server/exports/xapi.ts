import { createHash } from "node:crypto";
import { replay, type ActionRecord, type LogPayload } from "../../shared/engine/index.js";
import { tr } from "../../shared/scenario/text.js";
import { evidenceLine, type Speaker } from "../../shared/scoring/explain.js";
import { cellItems, finalLevels } from "../assessment/agreement.js";
import type { CellData } from "../assessment/cell-data.js";
import type { Names } from "../assessment/pseudonyms.js";
import { competencyText, reportWords } from "../assessment/labels.js";
import { levelWords } from "../assessment/level-text.js";
import { cellName } from "../../shared/i18n/cell-name.js";

/**
 * xAPI 1.0.3 statements of a session, for a learning record store. Derived
 * from the log and the scores only, so the same session always gives the
 * same statements with the same ids (UUID v5 of a name), and resending them
 * is harmless. Per player:
 * - `initialized` (ADL) the cell, at their first join;
 * - `used` (xAPI serious-games profile) an action of the catalogue, for
 *   every action in effect (parameters and free texts are not sent);
 * - once the cell has ended: `completed` (ADL) the cell, with the overall
 *   mean as score (scaled = mean / 3), success = every targeted competency
 *   acquired, and the levels per competency in an extension; and `scored`
 *   (ADL) each assessed competency (scaled = level / 3; the final level when
 *   evaluators overrode it, the computed one otherwise).
 * Actors are accounts {homePage: PUBLIC_URL, name}: a roster student's
 * pseudonymous id (the same in every session and class: one learner in the
 * LRS), a guest's player id; the display name (or pseudonym) goes in `actor.name`. Registration: UUID v5 of the
 * session id, so every statement of a session shares it. What a person reads
 * — names, descriptions, result and context extensions — is in words (the
 * action as "14:02 — Emma (Analyste) — Rédiger un SITREP", role names, level
 * labels, "non évalué — aucune preuve"); ids appear only inside IRIs and the
 * account name, which identify and are not shown.
 */

export interface XapiStatement {
  id: string; timestamp: string;
  actor: { objectType: "Agent"; name: string; account: { homePage: string; name: string } };
  verb: { id: string; display: Record<string, string> };
  object: { objectType: "Activity"; id: string; definition: { name: Record<string, string>; type: string; description?: Record<string, string> } };
  result?: { score?: { scaled: number; raw: number; min: number; max: number }; success?: boolean; completion?: boolean; extensions?: Record<string, unknown> };
  context: {
    registration: string; platform: string; language: string;
    contextActivities: { parent?: { id: string; objectType: "Activity" }[]; grouping?: { id: string; objectType: "Activity" }[]; category?: { id: string; objectType: "Activity" }[] };
    extensions: Record<string, unknown>;
  };
}

export const VERBS = {
  initialized: { id: "http://adlnet.gov/expapi/verbs/initialized", display: { "fr-FR": "a commencé", "en-US": "initialized" } },
  used: { id: "https://w3id.org/xapi/seriousgames/verbs/used", display: { "fr-FR": "a utilisé", "en-US": "used" } },
  completed: { id: "http://adlnet.gov/expapi/verbs/completed", display: { "fr-FR": "a terminé", "en-US": "completed" } },
  scored: { id: "http://adlnet.gov/expapi/verbs/scored", display: { "fr-FR": "a obtenu", "en-US": "scored" } },
} as const;
const TYPES = {
  game: "https://w3id.org/xapi/seriousgames/activity-types/serious-game",
  item: "https://w3id.org/xapi/seriousgames/activity-types/item",
  objective: "http://adlnet.gov/expapi/activities/objective",
  profile: "https://w3id.org/xapi/seriousgames",
};

const NAMESPACE = Buffer.from("5f0a7c1e93b24d6a8e1f2c3b4a596877", "hex");
/** A name-based UUID (version 5, SHA-1), stable for a given name. */
export function uuidV5(name: string): string {
  const h = createHash("sha1").update(NAMESPACE).update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

export function cellStatements(d: CellData, names: Names, base: string): XapiStatement[] {
  const home = base.replace(/\/$/, "");
  const ext = (k: string) => `${home}/xapi/extensions/${k}`;
  const title = d.compiled.scenario.meta.title;
  const cellAct = { objectType: "Activity" as const, id: `${home}/xapi/sessions/${d.session.id}/cells/${d.cell.id}`,
    definition: { name: { "fr-FR": `${tr(title)} — ${cellName(d.cell, "fr")}`, "en-US": `${tr(title, "en")} — ${cellName(d.cell, "en")}` }, type: TYPES.game } };
  const sessionAct = { objectType: "Activity" as const, id: `${home}/xapi/sessions/${d.session.id}` };
  const scenarioAct = { objectType: "Activity" as const, id: `${home}/xapi/scenarios/${encodeURIComponent(d.session.scenarioId)}` };
  const registration = uuidV5(`registration:${d.session.id}`);
  const wallOf = new Map(d.log.map((e) => [e.seq, e.wall]));
  const actor = (player: string) => ({ objectType: "Agent" as const, name: names.player(player, d.state.players[player]?.name), account: { homePage: home, name: names.account(player) } });
  const context = (extra: Record<string, unknown>, parent = true) => ({
    registration, platform: "Sangfroid", language: "fr-FR",
    contextActivities: { ...(parent ? { parent: [{ id: cellAct.id, objectType: "Activity" as const }] } : {}), grouping: [sessionAct, scenarioAct], category: [{ id: TYPES.profile, objectType: "Activity" as const }] },
    extensions: { [ext("cell")]: cellName(d.cell, "fr"), ...extra },
  });
  const out: XapiStatement[] = [];
  const who: Speaker = { name: (p) => names.player(p, d.state.players[p]?.name) };
  const roleName = (r: string) => tr(d.compiled.roles.get(r)?.name);
  const both = (fr: string, en: string) => ({ "fr-FR": fr, "en-US": en });

  // One fold for what the final state cannot say: when each action took effect and which entry ended the cell.
  const done: { action: ActionRecord; seq: number }[] = [];
  let endSeq: number | undefined;
  replay(d.compiled, d.log.map((e) => e.payload as LogPayload), (effects, i) => {
    for (const fx of effects) {
      if ((fx.type === "action" || fx.type === "approval") && fx.action.status === "done") done.push({ action: fx.action, seq: d.log[i].seq });
      if (fx.type === "end" && endSeq === undefined) endSeq = d.log[i].seq;
    }
  });

  const line = (id: string) => { const l = evidenceLine(d.compiled, d.state, id, who); return both(names.scrub(l.fr), names.scrub(l.en)); };
  const joined = new Set<string>();
  for (const e of d.log) {
    if (e.payload.type !== "join" || joined.has(e.payload.player)) continue;
    joined.add(e.payload.player);
    out.push({ id: uuidV5(`${d.cell.id}:initialized:${e.payload.player}`), timestamp: new Date(e.wall).toISOString(), actor: actor(e.payload.player),
      verb: VERBS.initialized, object: cellAct, context: context({ [ext("seq")]: e.seq }, false) });
  }
  for (const { action: a, seq } of done) {
    const def = d.compiled.actions.get(a.action)?.source;
    out.push({
      id: uuidV5(`${d.cell.id}:used:${a.id}`), timestamp: new Date(wallOf.get(seq) ?? 0).toISOString(), actor: actor(a.player), verb: VERBS.used,
      object: { objectType: "Activity", id: `${home}/xapi/actions/${encodeURIComponent(a.action)}`,
        definition: { name: both(tr(def?.name), tr(def?.name, "en")), type: TYPES.item, ...(def?.description ? { description: both(tr(def.description), tr(def.description, "en")) } : {}) } },
      // The activity is the catalogue's action (one definition for every use); what this use was, in words, goes in the context.
      context: context({ [ext("role")]: roleName(a.role), [ext("line")]: line(a.id), [ext("game-time")]: a.at, [ext("seq")]: seq }),
    });
  }
  if (d.state.status !== "ended") return out;

  const at = new Date(wallOf.get(endSeq ?? d.log[d.log.length - 1]?.seq ?? 0) ?? 0).toISOString();
  const levels = finalLevels(cellItems(d.score, cellName(d.cell, "fr")), d.assessments).filter((i) => i.scope === "student");
  for (const s of d.score.students) {
    const mine = levels.filter((i) => i.subject === s.player);
    const final = Object.fromEntries(mine.map((i) => [i.competency, i.level ?? i.computed]));
    const noEvidence = (c: string) => s.competencies.find((k) => k.competency === c)?.noEvidence ?? false;
    const words = Object.fromEntries(mine.map((i) => [i.competency, levelWords(i.level ?? i.computed, "fr", noEvidence(i.competency))]));
    out.push({
      id: uuidV5(`${d.cell.id}:completed:${s.player}`), timestamp: at, actor: actor(s.player), verb: VERBS.completed, object: cellAct,
      result: {
        completion: true, success: s.overall.allAcquired,
        ...(s.overall.mean !== null ? { score: { scaled: r3(s.overall.mean / 3), raw: s.overall.mean, min: 0, max: 3 } } : {}),
        extensions: { [ext("levels")]: final, [ext("level-labels")]: words },
      },
      context: context({ [ext("roles")]: s.roles.map(roleName) }, false),
    });
    for (const i of mine) {
      const level = i.level ?? i.computed;
      if (level === null) continue;
      out.push({
        id: uuidV5(`${d.cell.id}:scored:${s.player}:${i.competency}`), timestamp: at, actor: actor(s.player), verb: VERBS.scored,
        object: { objectType: "Activity", id: `${home}/xapi/competencies/${i.competency}`,
          definition: { name: both(`${i.competency} ${competencyText("fr", i.competency)}`, `${i.competency} ${competencyText("en", i.competency)}`), type: TYPES.objective,
            description: both(`${levelWords(level, "fr")} (${reportWords("fr")(`levelStatus.${i.status}`)} ; ${reportWords("fr")("computed")} : ${levelWords(i.computed, "fr", noEvidence(i.competency))})`,
              `${levelWords(level, "en")} (${reportWords("en")(`levelStatus.${i.status}`)}; ${reportWords("en")("computed")}: ${levelWords(i.computed, "en", noEvidence(i.competency))})`) } },
        result: { score: { scaled: r3(level / 3), raw: level, min: 0, max: 3 }, success: level >= 2,
          extensions: { [ext("computed-level")]: i.computed, [ext("final-level")]: i.level, [ext("level-label")]: levelWords(level, "fr"), [ext("status")]: reportWords("fr")(`levelStatus.${i.status}`),
            [ext("overrides")]: i.overrides, [ext("evidence")]: i.evidence.length } },
        context: context({ [ext("roles")]: s.roles.map(roleName) }),
      });
    }
  }
  return out;
}

export interface LrsConfig { url: string; key: string; secret: string }
export interface LrsResult { sent: number; batches: number; status: number[] }

/** POST the statements to `${url}/statements` in batches, Basic auth, `X-Experience-API-Version: 1.0.3`. Throws on the first non-2xx answer. */
export async function sendToLrs(lrs: LrsConfig, statements: readonly XapiStatement[], batchSize = 500): Promise<LrsResult> {
  const endpoint = `${lrs.url.replace(/\/$/, "")}/statements`;
  const auth = `Basic ${Buffer.from(`${lrs.key}:${lrs.secret}`).toString("base64")}`;
  const result: LrsResult = { sent: 0, batches: 0, status: [] };
  for (let i = 0; i < statements.length; i += batchSize) {
    const batch = statements.slice(i, i + batchSize);
    const res = await fetch(endpoint, {
      method: "POST", body: JSON.stringify(batch), signal: AbortSignal.timeout(20_000),
      headers: { "content-type": "application/json", "x-experience-api-version": "1.0.3", authorization: auth },
    });
    result.status.push(res.status);
    if (!res.ok) throw new LrsError(res.status, (await res.text()).slice(0, 300));
    result.sent += batch.length;
    result.batches++;
  }
  return result;
}

export class LrsError extends Error {
  constructor(public status: number, public body: string) { super(`LRS answered ${status}`); }
}
