import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cycles, folderGraph, importGraph } from "../scripts/import-graph.js";

/**
 * The layering of server/ holds: no file imports itself through others, and
 * its folders (rooms, http, assessment, game, report, exports, storage, cli)
 * form a graph without cycle — the top-level files (context, config, log,
 * app, main) are the wiring every folder may use and are left out of the
 * folder check. shared/ and client/ hold the same two properties, their
 * top-level files included, and keep to their imports (README.md).
 */
describe("import graph", () => {
  const server = importGraph("server");

  it("server/ has no import cycle between files", () => {
    expect(cycles(server.edges)).toEqual([]);
  });

  it("server/'s folders import each other without cycle (rooms → game, http → assessment, never back)", () => {
    const folders = folderGraph(server);
    folders.delete(".");
    for (const targets of folders.values()) targets.delete(".");
    expect(cycles(folders)).toEqual([]);
  });

  // shared/ and client/ the same way, their top-level files included: the layers of shared/ (scenario → engine →
  // scoring → replay; i18n and plot beside them) and of client/ (ui → scenes, ui/studio → ui) point one way.
  for (const root of ["shared", "client"]) {
    const graph = importGraph(root);
    it(`${root}/ has no import cycle between files`, () => {
      expect(cycles(graph.edges)).toEqual([]);
    });
    it(`${root}/'s folders import each other without cycle`, () => {
      expect(cycles(folderGraph(graph))).toEqual([]);
    });
  }

  it("shared/ imports neither server/ nor client/, client/ never imports server/", () => {
    const outside = (root: string, banned: RegExp) => {
      const g = importGraph(".");
      return [...g.edges].filter(([f]) => f.startsWith(`${root}/`)).flatMap(([f, ts]) => [...ts].filter((t) => banned.test(t)).map((t) => `${f} → ${t}`));
    };
    expect(outside("shared", /^(server|client)\//)).toEqual([]);
    expect(outside("client", /^server\//)).toEqual([]);
  });

  // The checker itself finds what it is there to find.
  const dir = mkdtempSync(join(tmpdir(), "sf-cycles-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("finds a cycle through type-only imports and one between folders", () => {
    mkdirSync(join(dir, "rooms")); mkdirSync(join(dir, "http"));
    writeFileSync(join(dir, "rooms/room.ts"), `import { overview } from "../http/overview.js";\nexport const room = overview;\n`);
    writeFileSync(join(dir, "http/overview.ts"), `import type { Room } from "./routes.js";\nexport const overview = 1;\n`);
    writeFileSync(join(dir, "http/routes.ts"), `import { room } from "../rooms/room.js";\nexport type Room = typeof room;\n`);
    writeFileSync(join(dir, "http/routes.test.ts"), `import "../rooms/room.js";\n`);
    const g = importGraph(dir);
    expect(cycles(g.edges)).toEqual([["http/overview.ts", "http/routes.ts", "rooms/room.ts"]]);
    expect(cycles(folderGraph(g))).toEqual([["http", "rooms"]]);
  });
});
