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
  const scrubber = nameScrubber([
    ...players.map((p) => ({ name: p.name, alias: playerAlias.get(p.id)! })),
    ...[...staffReal].map(([id, name]) => ({ name, alias: staffAlias.get(id)! })),
  ], lang);
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
    scrub: (text) => (pseudonymize ? scrubber(text) : text),
  };
}

/**
 * Replaces, in a free text, each person's display name by their alias, and
 * each part of a name ("Alice" or "Martin" for "Alice Martin", a part of at
 * least 3 letters) too: players call each other by first name. A part two
 * people share becomes a neutral "[nom]" rather than either alias. Matching is
 * case-insensitive, on whole words, longest first ("Anne-Marie" before "Anne").
 */
export function nameScrubber(people: { name: string; alias: string }[], lang: NameLang = "fr"): (text: string) => string {
  const full = new Map<string, string>();
  for (const { name, alias } of people) {
    const key = name.trim().toLocaleLowerCase("fr");
    if ([...key].length >= 2) full.set(key, full.has(key) && full.get(key) !== alias ? (lang === "en" ? "[name]" : "[nom]") : alias);
  }
  const parts = new Map<string, string>();
  for (const { name, alias } of people) {
    for (const part of name.trim().toLocaleLowerCase("fr").split(/\s+/)) {
      if (full.has(part) || (part.match(/\p{L}/gu)?.length ?? 0) < 3) continue;
      parts.set(part, parts.has(part) && parts.get(part) !== alias ? (lang === "en" ? "[name]" : "[nom]") : alias);
    }
  }
  const byLower = new Map([...parts, ...full]);
  if (byLower.size === 0) return (text) => text;
  const keys = [...byLower.keys()].sort((a, b) => b.length - a.length).map(escape);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${keys.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  return (text) => text.replace(pattern, (m) => byLower.get(m.toLocaleLowerCase("fr")) ?? m);
}
