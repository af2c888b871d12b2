import type { Text } from "@codemirror/state";

/** The top-level section (`injects:`, `roles:`…) around a position: from its key's line to the next top-level key. */
export function sectionAt(doc: Text, pos: number): { from: number; to: number } {
  const top = (n: number) => /^[A-Za-z$][\w$-]*\s*:/.test(doc.line(n).text);
  let first = doc.lineAt(pos).number;
  while (first > 1 && !top(first)) first--;
  let last = doc.lineAt(pos).number + 1;
  while (last <= doc.lines && !top(last)) last++;
  return { from: doc.line(first).from, to: last <= doc.lines ? doc.line(last).from : doc.length };
}

/**
 * The part of the document the completion is asked about: the section's key
 * line (`injects:`) and, when the section is a list, only the item under the
 * position (`  - id: …` up to the next item), else the whole section. A
 * bundled scenario's `injects:` runs to 1,500 lines: parsing all of it for
 * every keystroke held the page's main thread for hundreds of milliseconds
 * (and with it the problems' display); one item is a few dozen lines.
 */
export function completionSlice(doc: Text, pos: number): { head: string; from: number; to: number; key?: string } {
  const section = sectionAt(doc, pos);
  const keyLine = doc.lineAt(section.from);
  const key = /^([A-Za-z$][\w$-]*)\s*:/.exec(keyLine.text)?.[1];
  const whole = { head: "", from: section.from, to: section.to, ...(key && doc.lineAt(pos).number > keyLine.number ? { key } : {}) };
  const last = doc.lineAt(Math.max(section.from, section.to - 1)).number;
  let first = keyLine.number + 1;
  while (first <= last && doc.line(first).text.trim() === "") first++;
  const indent = first <= last ? /^(\s*)- /.exec(doc.line(first).text)?.[1] : undefined;
  const here = doc.lineAt(pos).number;
  if (indent === undefined || here <= keyLine.number) return whole;
  const isItem = (n: number) => doc.line(n).text.startsWith(`${indent}- `);
  let start = here;
  while (start > first && !isItem(start)) start--;
  let end = here + 1;
  while (end <= last && !isItem(end)) end++;
  return { head: `${keyLine.text}\n`, from: doc.line(start).from, to: end <= last ? doc.line(end).from : section.to, ...(key ? { key } : {}) };
}


type Json = { [k: string]: unknown };

/**
 * The scenario's JSON Schema cut down to one top-level section: that
 * property alone and the definitions it reaches (`#/definitions/…`, followed
 * through). The completion library compiles the schema it is given at every
 * call; the whole one (100 kB) cost a few hundred milliseconds per keystroke,
 * a section's a fraction. Undefined when the section is not in the schema.
 */
export function sectionSchema(root: Json, key: string): Json | undefined {
  const props = root.properties as Json | undefined;
  const defs = (root.definitions ?? {}) as Json;
  if (!props?.[key]) return undefined;
  const keep: Json = {};
  const stack: unknown[] = [props[key]];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== "object" || x === null) continue;
    for (const [k, v] of Object.entries(x)) {
      const ref = k === "$ref" && typeof v === "string" ? /^#\/definitions\/(.+)$/.exec(v)?.[1] : undefined;
      if (ref !== undefined && !(ref in keep) && ref in defs) { keep[ref] = defs[ref]; stack.push(defs[ref]); }
      else stack.push(v);
    }
  }
  const { required: _required, properties: _properties, definitions: _definitions, ...rest } = root;
  return { ...rest, properties: { [key]: props[key] }, definitions: keep };
}
