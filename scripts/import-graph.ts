import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/**
 * The import graph of a source folder, for the architecture checks
 * (`tests/import-cycles.test.ts`, `node --import tsx scripts/import-graph.ts server`):
 * TypeScript's own pre-processor lists each file's imports (type-only imports
 * included: a cycle of types is still a cycle of ideas), relative specifiers
 * ending in `.js` resolve to the `.ts` file beside them. Tests are left out:
 * they may import anything.
 */
export interface ImportGraph { root: string; edges: Map<string, Set<string>> }

const SOURCE = /\.(ts|mts|mjs)$/;
const isTest = (file: string) => /\.test\.ts$/.test(file);

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listSources(path));
    else if (SOURCE.test(name) && !isTest(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, base.replace(/\.js$/, ".ts"), base.replace(/\.mjs$/, ".mts"), `${base}.ts`, join(base, "index.ts")]) {
    try { if (statSync(candidate).isFile()) return candidate; } catch { /* next */ }
  }
  return undefined;
}

/** Every file under `root` and the files under `root` it imports (paths relative to `root`, with `/`). */
export function importGraph(root: string): ImportGraph {
  const abs = resolve(root);
  const rel = (p: string) => relative(abs, p).split(sep).join("/");
  const edges = new Map<string, Set<string>>();
  for (const file of listSources(abs)) {
    const targets = new Set<string>();
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName);
      if (target && target.startsWith(abs + sep) && !isTest(target)) targets.add(rel(target));
    }
    edges.set(rel(file), targets);
  }
  return { root: abs, edges };
}

/** The folder-level graph: an edge from folder A to folder B when a file directly in A imports one directly in B ("." is the root). */
export function folderGraph(graph: ImportGraph): Map<string, Set<string>> {
  const folder = (f: string) => (f.includes("/") ? f.slice(0, f.lastIndexOf("/")) : ".");
  const out = new Map<string, Set<string>>();
  for (const [from, targets] of graph.edges) {
    const a = folder(from);
    if (!out.has(a)) out.set(a, new Set());
    for (const t of targets) if (folder(t) !== a) out.get(a)!.add(folder(t));
  }
  return out;
}

/**
 * The cycles of a directed graph: its strongly connected components with more
 * than one node (Tarjan), plus nodes importing themselves; each sorted, so a
 * failure message is stable.
 */
export function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || edges.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

// CLI: print the cycles of each folder given, exit 1 when there is one.
if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  let found = 0;
  for (const root of process.argv.slice(2)) {
    const g = importGraph(root);
    for (const [kind, c] of [["files", cycles(g.edges)], ["folders", cycles(folderGraph(g))]] as const) {
      for (const cycle of c) { found++; console.log(`${root}: cycle between ${kind}: ${cycle.join(" ↔ ")}`); }
    }
  }
  process.exit(found > 0 ? 1 : 0);
}
