import type { Text } from "@codemirror/state";
import type { EditorView, Tooltip } from "@codemirror/view";

/**
 * Hover help on a key of the scenario file: the JSON Schema's description
 * of that key (and its allowed values), found from the key's path in the
 * YAML's indentation (`injects` › item › `at`). codemirror-json-schema's own
 * YAML hover answered nothing on our schema (checked on a three-line file),
 * so the path is read here and the schema walked through its `$ref`s,
 * `anyOf`/`oneOf` branches and array items.
 */

type Schema = { $ref?: string; description?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; enum?: unknown[]; type?: string | string[]; additionalProperties?: Schema | boolean; definitions?: Record<string, Schema> };

const KEY = /^(\s*)(?:-\s+)?([A-Za-z_$][\w$-]*)\s*:/;

/** The keys from the top of the file down to the key on `line` (list items as "*"), or undefined when the line holds no key. */
export function keyPath(doc: Text, lineNo: number): string[] | undefined {
  const m = KEY.exec(doc.line(lineNo).text);
  if (!m) return undefined;
  const path = [m[2]];
  let indent = m[1].length;
  if (/^\s*-\s/.test(doc.line(lineNo).text)) path.unshift("*");
  for (let n = lineNo - 1; n >= 1 && indent > 0; n--) {
    const text = doc.line(n).text;
    if (!text.trim() || text.trimStart().startsWith("#")) continue;
    const lead = /^\s*/.exec(text)![0].length;
    if (lead >= indent) continue;
    const k = KEY.exec(text);
    if (/^\s*-\s/.test(text)) { if (k && lead + 2 < indent && path[0] !== "*") path.unshift(k[2]); path.unshift("*"); indent = lead; continue; }
    if (!k) continue;
    path.unshift(k[2]);
    indent = lead;
  }
  return path;
}

/** The schema of a path, or undefined. */
export function schemaAt(root: Schema, path: string[]): Schema | undefined {
  const resolve = (s: Schema | undefined): Schema | undefined => {
    let x = s;
    for (let i = 0; x?.$ref && i < 20; i++) x = x.$ref.startsWith("#/definitions/") ? root.definitions?.[x.$ref.slice(14)] : undefined;
    return x;
  };
  const step = (s: Schema | undefined, key: string): Schema | undefined => {
    const x = resolve(s);
    if (!x) return undefined;
    if (key === "*" && x.items) return x.items;
    if (key !== "*" && x.properties?.[key]) return x.properties[key];
    if (key !== "*" && typeof x.additionalProperties === "object") return x.additionalProperties;
    for (const b of [...(x.anyOf ?? []), ...(x.oneOf ?? []), ...(x.allOf ?? [])]) { const found = step(b, key); if (found) return found; }
    return undefined;
  };
  let s: Schema | undefined = root;
  for (const key of path) s = step(s, key);
  return s;
}

/** What a key's schema says, in the schema's words (French). */
function describe(s: Schema): string {
  const own = s.description;
  const values = s.enum?.map(String).join(" · ");
  return [own, values ? `valeurs : ${values}` : ""].filter(Boolean).join("\n");
}

export function schemaHover(schema: Schema) {
  return (view: EditorView, pos: number): Tooltip | null => {
    const line = view.state.doc.lineAt(pos);
    const m = KEY.exec(line.text);
    if (!m) return null;
    const start = line.from + m[0].indexOf(m[2], m[1].length);
    if (pos < start || pos > start + m[2].length) return null;
    const path = keyPath(view.state.doc, line.number);
    const s = path && schemaAt(schema, path);
    const text = s && describe(s);
    if (!text) return null;
    return {
      pos: start, end: start + m[2].length, above: true,
      create: () => { const dom = document.createElement("div"); dom.className = "cm-schema-help"; dom.textContent = `${m[2]} — ${text}`; return { dom }; },
    };
  };
}
