import { isMap, isSeq, LineCounter, parseDocument } from "yaml";

/**
 * Where an item of the scenario file is: the line of `id: <id>` in a
 * top-level list (`injects`, `triggers`, `phases`, `expectations`…), found
 * in the YAML's own tree (ids may repeat across lists). One parse per text,
 * kept until the text changes.
 */
let cached: { text: string; lines: Map<string, number> } | undefined;

export function lineOf(text: string, section: string, id: string): number | undefined {
  if (cached?.text !== text) cached = { text, lines: index(text) };
  return cached.lines.get(`${section}\u0000${id}`);
}

function index(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (!isMap(doc.contents)) return out;
  for (const pair of doc.contents.items) {
    const section = String((pair.key as { value?: unknown })?.value ?? "");
    if (!isSeq(pair.value)) continue;
    for (const item of pair.value.items) {
      if (!isMap(item)) continue;
      const id = item.get("id");
      const node = item.items.find((p) => (p.key as { value?: unknown })?.value === "id");
      const offset = (node?.key as unknown as { range?: number[] } | undefined)?.range?.[0] ?? item.range?.[0];
      if (typeof id === "string" && offset !== undefined) out.set(`${section}\u0000${id}`, counter.linePos(offset).line);
    }
  }
  return out;
}
