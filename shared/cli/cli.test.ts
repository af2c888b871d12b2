import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "./main.js";
import type { Io } from "./command.js";
import { MINI } from "../scenario/test-helpers.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BAD = MINI.replace("from: cnil", "from: cnill").replace(`at: "T+00:10"`, `at: "T+09:00"`);
const VACANT = MINI.replace("    fallback: directeur\n", "");
const LINE = /^[^\s:]+:\d+:\d+ \S+: \S/;

/** An in-memory Io: files from a map, output collected. */
function fakeIo(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const io: Io = {
    out: (l) => out.push(...l.split("\n")),
    err: (l) => err.push(...l.split("\n")),
    readFile: async (p) => {
      if (p in files) return files[p];
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
    },
    writeFile: async (p, t) => { written[p] = t; },
  };
  return { io, out, err, written };
}

describe("scenario CLI: validate", () => {
  it("exits 0 and counts valid files", async () => {
    const f = fakeIo({ "a.yaml": MINI, "b.yaml": MINI, "c.json": JSON.stringify(parse(MINI)) });
    expect(await main(["validate", "a.yaml", "b.yaml", "c.json"], f.io)).toBe(0);
    expect(f.out).toEqual(["3 fichiers valides"]);
  });

  it("prints every problem of every file, then a summary, and exits 1", async () => {
    const f = fakeIo({ "ok.yaml": MINI, "bad.yaml": BAD });
    expect(await main(["validate", "ok.yaml", "bad.yaml", "missing.yaml"], f.io)).toBe(1);
    expect(f.out).toEqual([
      "bad.yaml:46:9 injects[0].at: « T+09:00 » est après la fin du scénario (T+04:00)",
      "bad.yaml:48:11 injects[0].from: persona inconnue « cnill » (vouliez-vous dire « cnil » ?)",
      "missing.yaml:1:1 (fichier): fichier introuvable",
      "3 erreurs dans 2 fichiers",
    ]);
    expect(f.err).toEqual([]);
  });

  it("lets warnings through with exit 0", async () => {
    const f = fakeIo({ "w.yaml": VACANT });
    expect(await main(["validate", "w.yaml"], f.io)).toBe(0);
    expect(f.out).toHaveLength(2);
    expect(f.out[0]).toMatch(/^w\.yaml:\d+:\d+ roles\[1\]\.id: warning: le rôle « com »/);
    expect(f.out[1]).toBe("1 fichier valide, 1 avertissement");
  });

  it("exits 2 without files", async () => {
    const f = fakeIo();
    expect(await main(["validate"], f.io)).toBe(2);
    expect(f.err[0]).toBe("validate : indiquez au moins un fichier");
  });
});

describe("scenario CLI: commands", () => {
  it("prints the usage with every documented command and exits 2 on an unknown command", async () => {
    const f = fakeIo();
    expect(await main(["frobnicate", "x.yaml"], f.io)).toBe(2);
    expect(f.err[0]).toBe("commande inconnue : frobnicate");
    const usage = f.err.join("\n");
    for (const name of ["validate", "schema", "simulate", "coverage", "graph"]) expect(usage).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    expect(usage).not.toContain("pas encore disponible");
    const none = fakeIo();
    expect(await main([], none.io)).toBe(2);
    const help = fakeIo();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.out[0]).toMatch(/^usage : npm run scenario -- <commande>/);
  });

  it("prints the JSON Schema, or writes it with --out", async () => {
    const committed = readFileSync(join(ROOT, "scenarios/scenario.schema.json"), "utf8");
    const f = fakeIo();
    expect(await main(["schema"], f.io)).toBe(0);
    expect(`${f.out.join("\n")}\n`).toBe(committed);
    const w = fakeIo();
    expect(await main(["schema", "--out", "s.json"], w.io)).toBe(0);
    expect(w.written["s.json"]).toBe(committed);
    expect(await main(["schema", "--bogus"], fakeIo().io)).toBe(2);
  });

  it("runs as a process: exit 1, file:line:col lines, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-cli-"));
    try {
      const bad = join(dir, "bad.yaml");
      writeFileSync(bad, BAD);
      const r = spawnSync("npx", ["tsx", "shared/cli/scenario.ts", "validate", bad], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      expect(r.status).toBe(1);
      const lines = r.stdout.trimEnd().split("\n");
      expect(lines.slice(0, -1).map((l) => l.slice(bad.length))).toEqual([
        ":46:9 injects[0].at: « T+09:00 » est après la fin du scénario (T+04:00)",
        ":48:11 injects[0].from: persona inconnue « cnill » (vouliez-vous dire « cnil » ?)",
      ]);
      expect(lines.slice(0, -1).every((l) => l.startsWith(bad) && LINE.test(l.slice(dir.length + 1)))).toBe(true);
      expect(lines[lines.length - 1]).toBe("2 erreurs dans 1 fichier");
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("scenario CLI: play-testing", () => {
  const mini = readFileSync(join(ROOT, "tests/fixtures/mini.yaml"), "utf8");

  it("simulate gives the same output for the same file and seed, and differs across policies", async () => {
    const a = fakeIo({ "mini.yaml": mini });
    const b = fakeIo({ "mini.yaml": mini });
    expect(await main(["simulate", "mini.yaml", "--seed", "4", "--json"], a.io)).toBe(0);
    expect(await main(["simulate", "mini.yaml", "--seed", "4", "--json"], b.io)).toBe(0);
    expect(a.out.join("\n")).toBe(b.out.join("\n"));
    const parsed = JSON.parse(a.out.join("\n"));
    expect(parsed.policy).toBe("expected");
    expect(parsed.deliveries.length).toBeGreaterThan(0);
    const idle = fakeIo({ "mini.yaml": mini });
    await main(["simulate", "mini.yaml", "--seed", "4", "--policy", "idle", "--json"], idle.io);
    expect(idle.out.join("\n")).not.toBe(a.out.join("\n"));
    const bad = fakeIo({ "mini.yaml": mini });
    expect(await main(["simulate", "mini.yaml", "--policy", "lazy"], bad.io)).toBe(2);
  });

  it("simulate and graph refuse an invalid file with the validator's messages", async () => {
    const f = fakeIo({ "bad.yaml": "id: 3\n" });
    expect(await main(["graph", "bad.yaml"], f.io)).toBe(1);
    expect(f.err[0]).toMatch(/^bad\.yaml:\d+:\d+ /);
  });

  it("graph prints the statechart's transitions in words, or writes a self-contained HTML page", async () => {
    const f = fakeIo({ "mini.yaml": mini });
    expect(await main(["graph", "mini.yaml"], f.io)).toBe(0);
    expect(f.out[0]).toBe("# Cycle de vie de la session");
    expect(f.out).toContain("  « Alerte » [alerte] → « Crise » [crise] : « Article » [fuite] reçu");
    const en = fakeIo({ "mini.yaml": mini });
    expect(await main(["graph", "mini.yaml", "--lang", "en"], en.io)).toBe(0);
    expect(en.out).toContain("  “Alerte” [alerte] → “Crise” [crise] : “Article” [fuite] received");
    expect(await main(["graph", "mini.yaml", "--html", "--out", "g.html"], f.io)).toBe(0);
    expect(f.written["g.html"]).toMatch(/^<!doctype html>[\s\S]*<svg /);
  });
});
