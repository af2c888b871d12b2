import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fr } from "./fr.js";
import { frLater } from "./fr-later.js";

/**
 * The words in fr-later.ts arrive only with `loadLaterWords()` (the debrief,
 * the staff's screens). A player screen that used one before would show the
 * bare key: no module a player loads before the debrief (the static imports
 * of the screens below) may name a key of a section that lives there.
 */
const CLIENT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PLAYER_SCREENS = ["main.ts", "ui/home.ts", "ui/play.ts", "ui/lobby.ts", "ui/cell.ts", "ui/cell-tabs.ts", "ui/feed.ts"];

const section = (key: string) => key.split(".")[0];
const laterSections = new Set(Object.keys(frLater).map(section));

/** The client modules statically imported from `entries` (dynamic `import()` is where a screen loads later). */
function staticClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, "utf8");
    for (const m of src.matchAll(/^import\s+(?!type\b)(?:[^;]*?\sfrom\s+)?"(\.[^"]+)";/gm)) {
      const target = resolve(dirname(file), m[1].replace(/\.js$/, ".ts"));
      if (target.startsWith(CLIENT) && target.endsWith(".ts")) walk(target);
    }
  };
  for (const e of entries) walk(join(CLIENT, e));
  return [...seen];
}

/** The dictionary keys (or key prefixes of a template) a module names: string literals that start with a section and a dot. */
function namedKeys(src: string): string[] {
  return [...src.matchAll(/["'`]([a-zA-Z]+\.[\w.${}-]*)/g)].map((m) => m[1]).filter((k) => laterSections.has(section(k)));
}

describe("the words a player needs before the debrief ship with the first screen", () => {
  it("no later section is also a section of the core dictionary", () => {
    const core = new Set(Object.keys(fr).map(section));
    expect([...laterSections].filter((s) => core.has(s))).toEqual([]);
  });

  it("no module a player loads before the debrief names a key of fr-later.ts", () => {
    const files = staticClosure(PLAYER_SCREENS);
    expect(files.length).toBeGreaterThan(15);
    const found: Record<string, string[]> = {};
    for (const f of files) {
      const keys = namedKeys(readFileSync(f, "utf8"));
      if (keys.length) found[f.slice(CLIENT.length + 1)] = keys;
    }
    expect(found).toEqual({});
  });
});
