import { createHash, createHmac, randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Secrets: staff passwords (scrypt, per-user salt), random tokens stored as
 * hashes (player tokens, staff login cookies, the setup token) and the
 * short-lived signed tokens staff use to enter rooms. Every comparison of a
 * secret goes through `timingSafeEqual`.
 */

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 } as const;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash` (base64url): parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const expected = Buffer.from(parts[5], "base64url");
  const key = await scrypt(password, Buffer.from(parts[4], "base64url"), expected.length, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password that never matches, hashed once: login with an unknown username costs as much as with a known one. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> { return (dummyHash ??= hashPassword(randomToken())); }

export function randomToken(bytes = 32): string { return randomBytes(bytes).toString("base64url"); }

/** Ids: a prefix that says what the id is, then random characters. */
export function newId(prefix: string, bytes = 9): string { return `${prefix}_${randomBytes(bytes).toString("base64url")}`; }

/** Tokens are high-entropy: a plain SHA-256 is enough to store them (no need for a slow hash). */
export function hashToken(token: string): string { return createHash("sha256").update(token).digest("base64url"); }

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Join codes: 6 characters without look-alikes (0/O, 1/I/L), easy to read aloud in class. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export function joinCode(length = 6): string {
  let s = "";
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}
export const normalizeCode = (code: string) => code.trim().toUpperCase().replace(/[\s-]/g, "");

/** A player token is `<playerId>.<secret>`: the id finds the row, the secret is compared in constant time. */
export function makePlayerToken(playerId: string): { token: string; hash: string } {
  const secret = randomToken();
  return { token: `${playerId}.${secret}`, hash: hashToken(secret) };
}
export function parsePlayerToken(token: unknown): { playerId: string; secret: string } | undefined {
  if (typeof token !== "string" || token.length > 200) return undefined;
  const dot = token.lastIndexOf(".");
  if (dot <= 0 || dot === token.length - 1) return undefined;
  return { playerId: token.slice(0, dot), secret: token.slice(dot + 1) };
}

/**
 * What a staff room token says. `sid` is the login it was minted for (the
 * stored hash of the session cookie): rooms check that login is still open,
 * so logging out revokes the token at once, not when `exp` comes.
 */
export interface StaffClaims { userId: string; role: "admin" | "instructor" | "evaluator"; username: string; sid: string; exp: number }

/** A browser that has logged in to this account before (the `sf_device` cookie): login throttling keys it apart from strangers. */
export interface DeviceClaims { userId: string; device: string; exp: number }

/**
 * Signed claims (HMAC-SHA256 over the purpose and the body): checked by any
 * process that shares the secret, with no lookup. The purpose keeps one kind
 * of token from passing for another.
 */
function signClaims(secret: string, purpose: string, claims: { exp: number }): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${createHmac("sha256", secret).update(`${purpose}.${body}`).digest("base64url")}`;
}

function verifyClaims(secret: string, purpose: string, token: unknown, now: number): Record<string, unknown> | undefined {
  if (typeof token !== "string" || token.length > 1000) return undefined;
  const [body, mac] = token.split(".");
  if (!body || !mac) return undefined;
  if (!sameHash(mac, createHmac("sha256", secret).update(`${purpose}.${body}`).digest("base64url"))) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
    return claims && typeof claims === "object" && typeof claims.exp === "number" && claims.exp > now ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** A short-lived token to enter cell rooms as staff; its login is checked where it is used (server/rooms/seat-auth.ts). */
export const signStaffToken = (secret: string, claims: StaffClaims): string => signClaims(secret, "staff-room", claims);

export function verifyStaffToken(secret: string, token: unknown, now = Date.now()): StaffClaims | undefined {
  const c = verifyClaims(secret, "staff-room", token, now);
  return c && typeof c.sid === "string" && typeof c.userId === "string" ? c as unknown as StaffClaims : undefined;
}

export const signDeviceToken = (secret: string, claims: DeviceClaims): string => signClaims(secret, "device", claims);

export function verifyDeviceToken(secret: string, token: unknown, now = Date.now()): DeviceClaims | undefined {
  const c = verifyClaims(secret, "device", token, now);
  return c && typeof c.userId === "string" && typeof c.device === "string" ? c as unknown as DeviceClaims : undefined;
}
