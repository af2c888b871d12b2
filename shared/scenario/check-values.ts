import { parseDuration, parseGameTime } from "./time.js";
import {
  conditionSites, effectSites, error, fmt, walkPath, warn,
  type Ctx, type Path,
} from "./check-context.js";

/**
 * Value checks: times parse and fall inside the scenario, deadlines come
 * after their start, gauges have a sane range. The schema only knows these
 * are strings and numbers; here they are read the way the engine will.
 */

const TIME_HELP = "écrivez « T+01:30 » ou « J+1 08:00 »";
const DURATION_HELP = "écrivez « 01:30 », « 90m », « 2h », « 1h30 » ou « 1j »";

/** Parse an absolute game time, reporting malformed ones and those outside [T+0, end]. */
function time(ctx: Ctx, path: Path, text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = parseGameTime(text, ctx.clockStart);
  if (t === null) {
    if (parseGameTime(text, 0) !== null) error(ctx, path, `« ${text} » tombe avant le début du scénario (T+0 est J+0 ${ctx.s.meta.clockStart})`);
    else if (parseDuration(text) !== null) error(ctx, path, `heure invalide « ${text} » : une heure de jeu s'écrit « T+${text.trim()} » (ou « J+1 08:00 »)`);
    else error(ctx, path, `heure invalide « ${text} » : ${TIME_HELP}`);
    return null;
  }
  const shown = fmt(t) === text.trim() ? "" : ` (${fmt(t)})`;
  if (t > ctx.duration) error(ctx, path, `« ${text} »${shown} est après la fin du scénario (${fmt(ctx.duration)})`);
  return t;
}

/** Parse a duration, reporting malformed ones. */
function dur(ctx: Ctx, path: Path, text: string | undefined): number | null {
  if (text === undefined) return null;
  const d = parseDuration(text);
  if (d === null) {
    const hint = /^\s*[TJ]\s*\+/i.test(text) ? " (une durée s'écrit sans « T+ » ni « J+ »)" : "";
    error(ctx, path, `durée invalide « ${text} » : ${DURATION_HELP}${hint}`);
  }
  return d;
}

/** Every time and duration parses; absolute times lie in [T+0, end]; deadlines come after their start. */
export function checkTimes(ctx: Ctx): void {
  const s = ctx.s;
  const total = parseDuration(s.meta.duration);
  if (total === null) error(ctx, ["meta", "duration"], `durée invalide « ${s.meta.duration} » : ${DURATION_HELP}`);
  else if (total <= 0) error(ctx, ["meta", "duration"], "la durée du scénario doit être positive");

  s.injects.forEach((inj, i) => {
    const at = time(ctx, ["injects", i, "at"], inj.at);
    if (inj.deadline === undefined) return;
    const path: Path = typeof inj.deadline === "string" ? ["injects", i, "deadline"] : ["injects", i, "deadline", "within"];
    const within = dur(ctx, path, typeof inj.deadline === "string" ? inj.deadline : inj.deadline.within);
    if (!inj.reply && (typeof inj.deadline === "string" || inj.deadline.until === undefined)) {
      error(ctx, ["injects", i, "deadline"], "sans `until`, ce compte à rebours s'arrête quand un destinataire répond au message : ajoutez `reply: true` à l'inject (ou dites avec `until` ce qui l'arrête)");
    }
    if (within !== null && within <= 0) error(ctx, path, "un délai de réponse doit être positif");
    else if (within !== null && at !== null && at + within > ctx.duration) {
      warn(ctx, path, `le délai de réponse expire à ${fmt(at + within)}, après la fin du scénario (${fmt(ctx.duration)}) : le compte à rebours ne finira pas`);
    }
  });
  for (const { effect, path } of effectSites(s)) {
    const d = dur(ctx, [...path, "delay"], effect.delay);
    if (d !== null && d > ctx.duration) {
      error(ctx, [...path, "delay"], `délai plus long que le scénario (${fmt(ctx.duration).slice(2)}) : l'inject n'arrivera jamais`);
    }
  }
  for (const site of conditionSites(s)) {
    walkPath(site.cond, site.path, (c, path) => {
      if ("after" in c) time(ctx, [...path, "after"], c.after);
      else if ("before" in c) time(ctx, [...path, "before"], c.before);
      else if ("delivered" in c && typeof c.delivered === "object") dur(ctx, [...path, "delivered", "for"], c.delivered.for);
      else if ("action" in c) {
        const m = c.action;
        time(ctx, [...path, "action", "before"], m.before);
        time(ctx, [...path, "action", "after"], m.after);
        dur(ctx, [...path, "action", "within"], m.within);
        if (m.within !== undefined && m.since === undefined) {
          error(ctx, [...path, "action", "within"], "`within` compte à partir de la remise d'un inject : ajoutez `since`");
        }
      }
    });
  }
  s.expectations.forEach((e, i) => {
    const base: Path = ["expectations", i];
    const start = typeof e.start === "string" ? time(ctx, [...base, "start"], e.start) : null;
    const deadline = dur(ctx, [...base, "deadline"], e.deadline);
    const late = dur(ctx, [...base, "lateUntil"], e.lateUntil);
    if (e.lateUntil !== undefined && e.deadline === undefined) {
      error(ctx, [...base, "lateUntil"], "`lateUntil` prolonge un délai : ajoutez `deadline`");
    } else if (late !== null && deadline !== null && late <= deadline) {
      error(ctx, [...base, "lateUntil"], `\`lateUntil\` (${e.lateUntil}) doit être plus long que \`deadline\` (${e.deadline})`);
    }
    if (start !== null && deadline !== null && start + deadline > ctx.duration) {
      warn(ctx, [...base, "deadline"], `le délai expire à ${fmt(start + deadline)}, après la fin du scénario (${fmt(ctx.duration)})`);
    }
  });
}

/** Gauge ranges, initial values, thresholds and `set` effects: a value outside the range can never be shown or reached. */
export function checkGauges(ctx: Ctx): void {
  ctx.s.gauges.forEach((g, i) => {
    const base: Path = ["gauges", i];
    if (g.min >= g.max) {
      error(ctx, [...base, "max"], `\`max\` (${g.max}) doit être supérieur à \`min\` (${g.min})`);
      return;
    }
    if (g.initial < g.min || g.initial > g.max) {
      error(ctx, [...base, "initial"], `valeur initiale ${g.initial} hors de la plage de la jauge [${g.min}, ${g.max}]`);
    }
    g.thresholds.forEach((t, j) => {
      if (t.below !== undefined && (t.below <= g.min || t.below > g.max)) {
        error(ctx, [...base, "thresholds", j, "below"], `seuil « below: ${t.below} » hors de la plage de la jauge ]${g.min}, ${g.max}] : il ne change jamais d'état`);
      }
      if (t.above !== undefined && (t.above >= g.max || t.above < g.min)) {
        error(ctx, [...base, "thresholds", j, "above"], `seuil « above: ${t.above} » hors de la plage de la jauge [${g.min}, ${g.max}[ : il ne change jamais d'état`);
      }
    });
  });
  for (const { effect, path } of effectSites(ctx.s)) {
    const g = effect.gauge && ctx.gauges.get(effect.gauge.id);
    if (!g || effect.gauge?.set === undefined || g.min >= g.max) continue;
    if (effect.gauge.set < g.min || effect.gauge.set > g.max) {
      error(ctx, [...path, "gauge", "set"], `valeur ${effect.gauge.set} hors de la plage de la jauge « ${g.id} » [${g.min}, ${g.max}]`);
    }
  }
}

/** A branch point with one outcome is not a branch: probably a copy-paste of `branch.id`. */
export function checkBranches(ctx: Ctx): void {
  const branches = new Map<string, { outcomes: Set<string>; path: Path }>();
  ctx.s.triggers.forEach((t, i) => {
    if (!t.branch) return;
    const b = branches.get(t.branch.id) ?? { outcomes: new Set<string>(), path: ["triggers", i, "branch", "id"] };
    b.outcomes.add(t.branch.outcome);
    branches.set(t.branch.id, b);
  });
  for (const [id, b] of branches) {
    if (b.outcomes.size < 2) {
      warn(ctx, b.path, `l'embranchement « ${id} » n'a qu'une issue (« ${[...b.outcomes][0]} ») : un embranchement en a au moins deux`);
    }
  }
}
