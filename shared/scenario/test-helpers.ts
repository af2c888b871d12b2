import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { loadScenario, type Problem } from "./load.js";

/**
 * Helpers for the scenario tests: the small valid fixture, a checked text
 * replacement and an independent "where is this text" that tests compare the
 * loader's positions with.
 */

export const MINI_FILE = "tests/fixtures/mini.yaml";
export const MINI = readFileSync(new URL("../../tests/fixtures/mini.yaml", import.meta.url), "utf8");

/** Replace the only occurrence of `from` (fails the test if there is not exactly one). */
export function edit(text: string, from: string, to: string): string {
  const first = text.indexOf(from);
  expect(first, `« ${from} » absent`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, first + 1), `« ${from} » ambigu`).toBe(-1);
  return text.slice(0, first) + to + text.slice(first + from.length);
}

/** 1-based line and column of the only occurrence of `needle`, plus `shift` characters. */
export function pos(text: string, needle: string, shift = 0): { line: number; col: number } {
  const at = text.indexOf(needle);
  expect(at, `« ${needle} » absent`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(needle, at + 1), `« ${needle} » ambigu`).toBe(-1);
  const before = text.slice(0, at + shift).split("\n");
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/** Load and return every problem (errors and warnings). */
export function problems(text: string, file = "s.yaml"): Problem[] {
  const r = loadScenario(text, file);
  return r.ok ? r.warnings : r.problems;
}

/** The one problem at `path` (fails if there is none or several). */
export function only(ps: Problem[], path: string): Problem {
  const found = ps.filter((p) => p.path === path);
  expect(found, `problèmes en ${path} parmi :\n${ps.map((p) => `${p.path}: ${p.message}`).join("\n")}`).toHaveLength(1);
  return found[0];
}
