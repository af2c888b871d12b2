import { asList, conditionSites, duration, error, hint, walkPath, warn, type Ctx, type Path } from "./check-context.js";

/**
 * Checks of the living channels: phone calls (`call:` on an inject, the
 * `call` condition), social posts (`repost`, `likes`) and the cell's account
 * with its public replies (`social:`). Each finding has the path of the
 * offending key, which the loader turns into file:line:col.
 */
export function checkChannels(ctx: Ctx): void {
  const s = ctx.s;
  const kindOf = (channel: string) => ctx.s.channels.find((c) => c.id === channel)?.kind;
  const badDuration = (path: Path, text: string, zero: string) => {
    const d = duration(text);
    if (d === null) error(ctx, path, `durée invalide « ${text} » : écrivez « 00:05 », « 5m » ou « 1h »`);
    else if (d === 0) error(ctx, path, zero);
  };
  s.injects.forEach((inj, i) => {
    const kind = kindOf(inj.channel);
    if (inj.call) {
      if (kind !== undefined && kind !== "phone") error(ctx, ["injects", i, "call"], `un appel (\`call:\`) passe par un canal de type « phone » ; « ${inj.channel} » est de type « ${kind} »`);
      badDuration(["injects", i, "call", "ring"], inj.call.ring, "un appel sonne plus que zéro");
      inj.call.answer?.forEach((r, j) => {
        if (!ctx.roles.has(r)) error(ctx, ["injects", i, "call", "answer", j], `rôle inconnu « ${r} »${hint(r, ctx.roles.keys(), "rôles déclarés")}`);
      });
    }
    if ((inj.likes !== undefined || inj.repost !== undefined) && kind !== undefined && kind !== "social") {
      error(ctx, ["injects", i, inj.repost !== undefined ? "repost" : "likes"], `\`${inj.repost !== undefined ? "repost" : "likes"}\` ne vaut que pour un canal de type « social » ; « ${inj.channel} » est de type « ${kind} »`);
    }
    if (inj.repost !== undefined) {
      const target = s.injects.find((x) => x.id === inj.repost);
      if (!target) error(ctx, ["injects", i, "repost"], `inject inconnu « ${inj.repost} »${hint(inj.repost, ctx.injects.keys(), "injects déclarés")}`);
      else if (target.id === inj.id) error(ctx, ["injects", i, "repost"], "un message ne peut pas se relayer lui-même");
      else if (kindOf(target.channel) !== "social") error(ctx, ["injects", i, "repost"], `« ${target.id} » n'est pas un message de réseau social : il ne peut pas être relayé`);
    }
  });
  if (s.social) {
    if (s.social.gauge !== undefined && !ctx.gauges.has(s.social.gauge)) {
      error(ctx, ["social", "gauge"], `jauge inconnue « ${s.social.gauge} »${hint(s.social.gauge, ctx.gauges.keys(), "jauges déclarées")}`);
    }
    badDuration(["social", "spacing"], s.social.spacing, "deux réponses sont espacées de plus que zéro");
    if (!s.channels.some((c) => c.kind === "social")) warn(ctx, ["social"], "aucun canal de type « social » : le fil n'apparaîtra pas aux joueurs");
  }
  for (const site of conditionSites(s)) {
    walkPath(site.cond, site.path, (c, path) => {
      if (!("call" in c)) return;
      const inj = s.injects.find((x) => x.id === c.call.inject);
      if (!inj) error(ctx, [...path, "call", "inject"], `inject inconnu « ${c.call.inject} »${hint(c.call.inject, ctx.injects.keys(), "injects déclarés")}`);
      else if (!inj.call) error(ctx, [...path, "call", "inject"], `« ${inj.id} » n'est pas un appel : ajoutez-lui un bloc \`call:\` (ring, lines)`);
      if (c.call.role !== undefined && c.call.status === "missed") error(ctx, [...path, "call", "role"], "`role` ne va qu'avec `status: answered` : un appel manqué n'a été décroché par personne");
      asList(c.call.role).forEach((r, k) => {
        if (!ctx.roles.has(r)) error(ctx, Array.isArray(c.call.role) ? [...path, "call", "role", k] : [...path, "call", "role"], `rôle inconnu « ${r} »${hint(r, ctx.roles.keys(), "rôles déclarés")}`);
      });
    });
  }
}
