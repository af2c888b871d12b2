import { createHmac, randomInt } from "node:crypto";
import { CODE_ALPHABET } from "../auth.js";

/**
 * A roster student's identifiers. The pseudonymous id is derived from the
 * student number with a secret key kept in the database (HMAC-SHA256), so the
 * same number gives the same id in every class and session of this server —
 * what xAPI statements use as the actor account and pseudonymised exports
 * print — and nobody without the key can go back from the id to the number.
 * The personal code is random: printed on the roster sheet, it lets a student
 * join a session of their class as themselves without a password.
 * Both use the join codes' alphabet (no 0/O, 1/I/L) and read as XXXX-XXXX.
 */

/** The student number as compared: trimmed, upper case, no inner spaces. */
export const normalizeNumber = (n: string) => n.trim().toUpperCase().replace(/\s+/g, "");

function toAlphabet(bytes: Buffer, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += CODE_ALPHABET[bytes[i] % CODE_ALPHABET.length];
  return out;
}

const grouped = (s: string) => `${s.slice(0, 4)}-${s.slice(4)}`;

/** The stable pseudonymous id of a student number (e.g. "K7M3-Q9TX"). */
export function pseudoIdOf(secret: string, number: string): string {
  return grouped(toAlphabet(createHmac("sha256", secret).update(`student:${normalizeNumber(number)}`).digest(), 8));
}

/** A fresh personal code (8 characters, ~40 bits): unique checks are the caller's (storage.findRosterByCode). */
export function personalCode(): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return grouped(s);
}

/** How a personal code is stored and looked up: "k7m3 q9tx", "K7M3-Q9TX" and "K7M3Q9TX" are one code. */
export const normalizePersonalCode = (code: string) => {
  const c = code.trim().toUpperCase().replace(/[\s-]/g, "");
  return c.length === 8 ? grouped(c) : c;
};
