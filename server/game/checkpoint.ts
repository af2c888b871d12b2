import { createHash } from "node:crypto";
import type { EngineState } from "../../shared/engine/index.js";

/**
 * A stable fingerprint of an engine state, written with every snapshot so
 * that `npm run replay -- verify` can later re-derive the state from the log
 * and compare at each checkpoint. Canonical JSON: object keys sorted,
 * `undefined` members dropped (as `JSON.stringify` does), so a state rebuilt
 * from a snapshot and the same state folded from the log hash alike.
 */

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== "function").sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

export function stateHash(state: EngineState): string {
  return createHash("sha256").update(canonicalJson(state)).digest("hex");
}
