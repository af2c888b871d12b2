import type { Storage } from "../storage/types.js";

/**
 * The names of a session and their pseudonyms, shared by every export (JSON,
 * CSV, xAPI) and the RETEX report, so "Joueur 3" is the same person
 * everywhere. Players are numbered in order of arrival in the session,
 * staff (annotation and assessment authors) in order of first appearance.
 * With `pseudonymize`, `scrub` also replaces the known display names inside
 * free texts (RETEX, messages, annotations, justifications): a name a player
 * typed is still personal data.
 */

export type NameLang = "fr" | "en";

export interface Names {
  pseudonymize: boolean;
  player(id: string, fallback?: string): string;
  staff(id: string, fallback: string): string;
  /** Free text with every known display name replaced by its pseudonym (identity when not pseudonymizing). */
  scrub(text: string): string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export async function sessionNames(storage: Storage, sessionId: string, pseudonymize: boolean, lang: NameLang = "fr"): Promise<Names> {
  const cells = await storage.listCells(sessionId);
  const players = (await Promise.all(cells.map((c) => storage.listPlayers(c.id)))).flat()
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const playerAlias = new Map(players.map((p, i) => [p.id, pseudonymize ? `${lang === "en" ? "Player" : "Joueur"} ${i + 1}` : p.name]));
  const staffRows = [
    ...(await storage.listAnnotations({ sessionId })).map((a) => ({ id: a.authorId, name: a.author, wall: a.wall })),
    ...(await storage.listAssessments({ sessionId })).map((a) => ({ id: a.authorId, name: a.author, wall: a.wall })),
  ].sort((a, b) => a.wall - b.wall);
  const staffAlias = new Map<string, string>();
  const staffReal = new Map<string, string>();
  for (const s of staffRows) {
    if (staffAlias.has(s.id)) continue;
    staffReal.set(s.id, s.name);
    staffAlias.set(s.id, pseudonymize ? `${lang === "en" ? "Evaluator" : "Évaluateur"} ${staffAlias.size + 1}` : s.name);
  }
  // Longest names first, so "Anne-Marie" is replaced before "Anne".
  const pairs: [string, string][] = [
    ...players.map((p) => [p.name, playerAlias.get(p.id)!] as [string, string]),
    ...[...staffReal].map(([id, name]) => [name, staffAlias.get(id)!] as [string, string]),
  ].filter(([name]) => name.trim().length >= 2).sort((a, b) => b[0].length - a[0].length);
  const pattern = pairs.length ? new RegExp(`(?<![\\p{L}\\p{N}])(${pairs.map(([n]) => escape(n.trim())).join("|")})(?![\\p{L}\\p{N}])`, "giu") : undefined;
  const byLower = new Map(pairs.map(([n, a]) => [n.trim().toLocaleLowerCase("fr"), a]));
  let nextUnknown = players.length;
  return {
    pseudonymize,
    player: (id, fallback) => {
      const known = playerAlias.get(id);
      if (known) return known;
      if (!pseudonymize) return fallback ?? id;
      playerAlias.set(id, `${lang === "en" ? "Player" : "Joueur"} ${++nextUnknown}`);
      return playerAlias.get(id)!;
    },
    staff: (id, fallback) => staffAlias.get(id) ?? (pseudonymize ? (lang === "en" ? "Evaluator" : "Évaluateur") : fallback),
    scrub: (text) => (pseudonymize && pattern ? text.replace(pattern, (m) => byLower.get(m.toLocaleLowerCase("fr")) ?? m) : text),
  };
}
