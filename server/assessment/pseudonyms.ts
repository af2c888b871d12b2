import type { PlayerRow, Storage, StoredEntry } from "../storage/types.js";
import { wordsOf } from "../i18n/documents.js";

/**
 * The names of a session and their pseudonyms, shared by every export (JSON,
 * CSV, xAPI), the RETEX report, the portfolio and the replay endpoint, so
 * "Joueur 3" is the same person everywhere. A roster student (a session of a
 * class) is "Étudiant K7M3-Q9TX", their pseudonymous id, the same in every
 * session; other players are numbered in order of arrival in the session,
 * staff (annotation and assessment authors) in order of first appearance. With `pseudonymize`, `scrub` also replaces the known names
 * inside free texts (RETEX, messages, annotations, justifications, cell and
 * session names — instructors name cells after students): a name a player
 * typed is still personal data.
 *
 * Matching is on folded text (nameKey: case, accents, NFC/NFD, ligatures,
 * apostrophes and dashes do not matter), on whole words: "ZOE", "zoe",
 * "Zoé" and "Zoe\u0301" are the same name; so is a first or last name alone.
 */

export type NameLang = "fr" | "en";

export interface Names {
  pseudonymize: boolean;
  player(id: string, fallback?: string): string;
  /**
   * What identifies a player in records other systems keep (xAPI actor account): a roster
   * student's stable pseudonymous id, the same in every session; the player id for a guest.
   */
  account(id: string): string;
  staff(id: string, fallback: string): string;
  /** Free text with every known display name replaced by its pseudonym (identity when not pseudonymizing). */
  scrub(text: string): string;
}

const SPECIAL: Record<string, string> = {
  ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", ħ: "h", ı: "i", þ: "th", ŀ: "l", ŧ: "t",
  "’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "\u00a0": " ",
};
const MARK = /\p{M}/u;

/** One character (with its combining marks) folded: compatibility-decomposed, marks dropped, lower case, ligatures spelled out. */
function foldChunk(chunk: string): string {
  let out = "";
  for (const c of chunk.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()) out += SPECIAL[c] ?? c;
  return out;
}

/** The form names are compared in: "Zoé LEFÈVRE", "zoe lefevre" and "Zoe\u0301 Lefe\u0300vre" all give "zoe lefevre". */
export function nameKey(s: string): string {
  return foldChunk(s).split(/[\s\-']+/).filter(Boolean).join(" ");
}

/** Particles that are part of a name but identify nobody alone ("de" in "Jean de La Fontaine"): never replaced alone. */
const PARTICLES = new Set(["de", "du", "des", "la", "le", "les", "van", "von", "der", "den", "da", "di", "do", "dos", "das", "del", "della", "dei", "y", "e", "af", "av", "zu", "ter", "ten", "d", "l"]);

/**
 * The parts of a name that are replaced when they appear alone: each word of
 * two letters or more (particles excepted), and each compound as a whole
 * ("anne marie" for "Anne-Marie Dupont", matched with or without its dash).
 */
export function nameParts(name: string): string[] {
  const words = nameKey(name).split(" ").filter((p) => [...p].length >= 2 && !PARTICLES.has(p));
  const compounds = foldChunk(name).split(/\s+/).filter((t) => /[-']/.test(t)).map(nameKey).filter((k) => k.includes(" "));
  return [...new Set([...compounds, ...words])];
}

/** `text` folded, with, for each UTF-16 unit of the folded text, the span of the original it comes from. */
function foldWithMap(text: string): { folded: string; from: number[]; to: number[] } {
  let folded = "";
  const from: number[] = [], to: number[] = [];
  for (let i = 0; i < text.length;) {
    let j = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
    while (j < text.length && MARK.test(text[j])) j++;
    const chunk = foldChunk(text.slice(i, j));
    for (let k = 0; k < chunk.length; k++) { from.push(i); to.push(j); }
    folded += chunk;
    i = j;
  }
  return { folded, from, to };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces, in a free text, each person's name by their alias, and each part
 * of a name alone (nameParts: "Alice" or "Martin" for "Alice Martin"): players
 * call each other by first name. A name or part two people share becomes a
 * neutral "[nom]" rather than either alias. Whole words only, longest first
 * ("Anne-Marie" before "Anne"), whatever the case, accents or normalization
 * of the name or of the text; the rest of the text is left exactly as it was.
 */
export function nameScrubber(people: { name: string; alias: string }[], lang: NameLang = "fr"): (text: string) => string {
  const shared = wordsOf("alias", lang)("sharedName");
  const byKey = new Map<string, string>();
  const put = (m: Map<string, string>, key: string, alias: string) => m.set(key, m.has(key) && m.get(key) !== alias ? shared : alias);
  for (const { name, alias } of people) {
    const key = nameKey(name);
    if ([...key.replace(/ /g, "")].length >= 2) put(byKey, key, alias);
  }
  const parts = new Map<string, string>();
  for (const { name, alias } of people) for (const part of nameParts(name)) if (!byKey.has(part)) put(parts, part, alias);
  for (const [k, v] of parts) byKey.set(k, v);
  if (byKey.size === 0) return (text) => text;
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length).map((k) => k.split(" ").map(escape).join("[\\s\\-']+"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${keys.join("|")})(?![\\p{L}\\p{N}])`, "gu");
  return (text) => {
    if (!text) return text;
    const { folded, from, to } = foldWithMap(text);
    let out = "", last = 0;
    for (const m of folded.matchAll(pattern)) {
      const alias = byKey.get(nameKey(m[0]));
      if (alias === undefined) continue;
      const start = from[m.index], end = to[m.index + m[0].length - 1];
      if (start < last) continue;
      out += text.slice(last, start) + alias;
      last = end;
    }
    return last === 0 ? text : out + text.slice(last);
  };
}

export async function sessionNames(storage: Storage, sessionId: string, pseudonymize: boolean, lang: NameLang = "fr"): Promise<Names> {
  const cells = await storage.listCells(sessionId);
  const players = (await Promise.all(cells.map((c) => storage.listPlayers(c.id)))).flat()
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  let guests = 0;
  const A = wordsOf("alias", lang);
  const alias = (p: PlayerRow) => (p.pseudoId ? A("student", { id: p.pseudoId }) : A("player", { n: ++guests }));
  const playerAlias = new Map(players.map((p) => [p.id, pseudonymize ? alias(p) : p.name]));
  const accounts = new Map(players.map((p) => [p.id, p.pseudoId ?? p.id]));
  const staffRows = [
    ...(await storage.listAnnotations({ sessionId })).map((a) => ({ id: a.authorId, name: a.author, wall: a.wall })),
    ...(await storage.listAssessments({ sessionId })).map((a) => ({ id: a.authorId, name: a.author, wall: a.wall })),
  ].sort((a, b) => a.wall - b.wall);
  const staffAlias = new Map<string, string>();
  const staffReal = new Map<string, string>();
  for (const s of staffRows) {
    if (staffAlias.has(s.id)) continue;
    staffReal.set(s.id, s.name);
    staffAlias.set(s.id, pseudonymize ? A("evaluator", { n: staffAlias.size + 1 }) : s.name);
  }
  const scrubber = nameScrubber([
    ...players.map((p) => ({ name: p.name, alias: playerAlias.get(p.id)! })),
    ...[...staffReal].map(([id, name]) => ({ name, alias: staffAlias.get(id)! })),
  ], lang);
  let nextUnknown = guests;
  return {
    pseudonymize,
    account: (id) => accounts.get(id) ?? id,
    player: (id, fallback) => {
      const known = playerAlias.get(id);
      if (known) return known;
      if (!pseudonymize) return fallback ?? id;
      playerAlias.set(id, A("player", { n: ++nextUnknown }));
      return playerAlias.get(id)!;
    },
    staff: (id, fallback) => staffAlias.get(id) ?? (pseudonymize ? A("someEvaluator") : fallback),
    scrub: (text) => (pseudonymize ? scrubber(text) : text),
  };
}

/** Every string inside `v` (arrays and plain objects walked), scrubbed. */
export function scrubDeep<T>(v: T, names: Names): T {
  if (typeof v === "string") return names.scrub(v) as T;
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, names)) as T;
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubDeep(x, names)])) as T;
  return v;
}

/** A log entry with names replaced: the join name by the pseudonym, and every free text of the payload scrubbed. Ids stay. */
export function pseudonymizeEntry(e: StoredEntry, names: Names): StoredEntry {
  if (!names.pseudonymize) return e;
  const p = e.payload;
  if (p.type === "join") return { ...e, payload: { ...p, name: names.player(p.player, p.name) } };
  if (p.type === "action") return { ...e, payload: { ...p, params: scrubDeep(p.params, names) } };
  if (p.type === "improvise") return { ...e, payload: { ...p, subject: names.scrub(p.subject), body: names.scrub(p.body) } };
  if (p.type === "end" && p.reason !== undefined) return { ...e, payload: { ...p, reason: names.scrub(p.reason) } };
  return e;
}

