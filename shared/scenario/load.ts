import { CORE_SCHEMA, load as quickParse } from "js-yaml";
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import { Scenario } from "./schema.js";
import { checkScenario } from "./check.js";
import { hint, type Path } from "./check-context.js";
import { expectedText, frenchErrorMap, orList, received } from "./messages.js";

/**
 * Turn the text of a scenario file into a Scenario, or into every problem it
 * has, each positioned as `file:line:col path: message`. Pure: no file
 * system, so the server, the CLI and the tests share it. Never throws.
 */

export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Where in the scenario, e.g. `injects[3].channel` ("(racine)" for the whole file, "(yaml)" for syntax). */
  path: string;
  message: string;
  severity: "error" | "warning";
}

export type LoadResult =
  | { ok: true; scenario: Scenario; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

/**
 * `stored`: the text was stored by a session when it was valid (its log is
 * played with the engine version it was opened with): rules added since
 * (engine version 2: branch points provably exclusive) are warnings for it,
 * so an old session still replays and verifies.
 */
export interface LoadOptions { stored?: boolean }

/** Message prefix of the problem that replaces an unexpected exception (a bug in the validator, never in the scenario). */
export const INTERNAL_ERROR = "erreur interne du validateur";

/** `file:line:col path: message` — the one format editors, CI logs and instructors read. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`;
}

/**
 * A problem as the studio's editor places it (line, column) and its list
 * prints it (`text`: `file:line:col path: message`): the one shape the
 * server's check and the page's own validator (a Web Worker running this
 * loader) both send, so the author reads the same words from either.
 */
export function problemView(p: Problem): { line: number; col: number; path: string; severity: Problem["severity"]; message: string; text: string } {
  return { line: p.line, col: p.col, path: p.path, severity: p.severity, message: p.message, text: formatProblem(p) };
}

/** `injects[3].channel`: the path a reader of the YAML file can follow. */
export function formatPath(path: Path): string {
  if (path.length === 0) return "(racine)";
  return path.map((p, i) => {
    if (typeof p === "number") return `[${p}]`;
    if (!/^[A-Za-z_$][\w$-]*$/.test(p)) return `[${JSON.stringify(p)}]`;
    return i === 0 ? p : `.${p}`;
  }).join("");
}

/**
 * Parse (YAML or JSON: JSON is YAML), check the shape with zod, then, if the
 * shape is valid, the meaning (check.ts). Problems come sorted by position.
 * `ok` is true when there is no error; warnings never block a scenario.
 */
export function loadScenario(text: string, file: string, opts: LoadOptions = {}): LoadResult {
  try {
    return quickLoad(text) ?? loadWithPositions(text, file, opts);
  } catch (e) {
    const message = tooDeep(e) ? TOO_DEEP : `${INTERNAL_ERROR} (à signaler) : ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, problems: [{ file, line: 1, col: 1, path: "(racine)", severity: "error", message }] };
  }
}

/**
 * The fast path for the common case, a valid scenario without findings:
 * js-yaml parses about ten times faster than `yaml` but keeps no positions.
 * Anything else — a syntax error, a shape error, a finding, an alias (YAML
 * aliases could make zod walk a shared graph many times over), a merge key
 * (not in the core schema) — goes through the full path below, which says
 * where. Both read YAML 1.2's core schema, so a file that passes here gives
 * the same scenario as the full path (checked by load.test.ts).
 */
function quickLoad(text: string): LoadResult | undefined {
  let data: unknown;
  try {
    data = quickParse(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (sharesNodes(data)) return undefined;
  const parsed = Scenario.safeParse(data);
  if (!parsed.success || checkScenario(parsed.data).length > 0) return undefined;
  return { ok: true, scenario: parsed.data, warnings: [] };
}

/** True when a YAML alias made two places of the tree the same object. */
function sharesNodes(data: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== "object" || x === null) continue;
    if (seen.has(x)) return true;
    seen.add(x);
    stack.push(...Object.values(x));
  }
  return false;
}

/** The full path: positions kept through parsing, every problem at once. */
export function loadWithPositions(text: string, file: string, opts: LoadOptions = {}): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const at = (offset: number | undefined) => {
    const { line, col } = lines.linePos(Math.max(0, Math.min(offset ?? 0, text.length)));
    return { line: Math.max(1, line), col: Math.max(1, col) };
  };
  const yamlProblem = (e: { pos: [number, number]; code: string; message: string }, severity: Problem["severity"]): Problem =>
    ({ file, ...at(e.pos[0]), path: "(yaml)", severity, message: yamlMessage(e.code, e.message, lineAt(text, e.pos[0])) });
  const warnings = doc.warnings.map((w) => yamlProblem(w, "warning"));
  if (doc.errors.length > 0) return fail([...doc.errors.map((e) => yamlProblem(e, "error")), ...warnings]);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return fail([...aliasProblems(doc, file, at, e), ...warnings]);
  }

  const locate = (path: Path, key = false) => at(nodeOffset(doc, path, key));
  const parsed = Scenario.safeParse(data, { reportInput: true, error: frenchErrorMap });
  if (!parsed.success) {
    const problems = shapeProblems(parsed.error.issues as unknown as Issue[], data).map(({ path, message, key }) =>
      ({ file, ...locate(path, key), path: formatPath(path), message, severity: "error" as const }));
    return fail([...problems, ...warnings]);
  }
  const findings = checkScenario(parsed.data).map((f): Problem =>
    ({ file, ...locate(f.path), path: formatPath(f.path), message: f.message, severity: opts.stored && f.since !== undefined ? "warning" : f.severity }));
  const all = sortProblems([...findings, ...warnings]);
  if (all.some((p) => p.severity === "error")) return { ok: false, problems: all };
  return { ok: true, scenario: parsed.data, warnings: all };
}

const TOO_DEEP = "le scénario est imbriqué trop profondément (des centaines de niveaux) pour être lu";
const tooDeep = (e: unknown) => e instanceof RangeError && /call stack/i.test(e.message);

function fail(problems: Problem[]): LoadResult { return { ok: false, problems: sortProblems(problems) }; }

function sortProblems(ps: Problem[]): Problem[] {
  return ps.map((p, i) => ({ p, i })).sort((a, b) => a.p.line - b.p.line || a.p.col - b.p.col || a.i - b.i).map(({ p }) => p);
}

const YAML_CODES: Record<string, string> = {
  BAD_INDENT: "indentation incorrecte",
  TAB_AS_INDENT: "tabulation utilisée pour indenter (utilisez des espaces)",
  DUPLICATE_KEY: "clé en double dans le même objet",
  MISSING_CHAR: "caractère manquant",
  MULTIPLE_DOCS: "le fichier contient plusieurs documents YAML (un seul scénario par fichier)",
  BLOCK_AS_IMPLICIT_KEY: "structure mal indentée",
  MULTILINE_IMPLICIT_KEY: "une clé doit tenir sur une seule ligne (manque-t-il « : » ?)",
  UNEXPECTED_TOKEN: "caractère inattendu",
  BAD_SCALAR_START: "valeur mal commencée (mettez-la entre guillemets)",
  BAD_DQ_ESCAPE: "échappement invalide entre guillemets",
  BAD_ALIAS: "alias invalide",
  TAG_RESOLVE_FAILED: "étiquette YAML inconnue",
  KEY_OVER_1024_CHARS: "clé trop longue",
};

const lineAt = (text: string, offset: number) => {
  const start = text.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end < 0 ? text.length : end);
};

/**
 * A YAML syntax error in the author's language (French; the library's
 * English message is not shown), with the fix for the most common one: an
 * unquoted « : » inside a French text (`title: Alerte : serveurs`).
 */
function yamlMessage(code: string, message: string, line: string): string {
  if (/call stack/i.test(message)) return `syntaxe YAML : ${TOO_DEEP}`;
  const value = /^\s*(?:-\s+)?[\w$-]+:\s+(.*)$/.exec(line)?.[1] ?? "";
  if (/\S\s+:\s/.test(value) || (/:\s/.test(value) && !/^["'{[|>]/.test(value) && ["BLOCK_AS_IMPLICIT_KEY", "MULTILINE_IMPLICIT_KEY", "UNEXPECTED_TOKEN", "BAD_INDENT"].includes(code))) {
    return `syntaxe YAML : « : » dans une valeur sans guillemets — YAML y voit une nouvelle clé. Mettez la valeur entre guillemets : « ${line.trim().replace(/^((?:-\s+)?[\w$-]+:\s+)(.*)$/, (_m, k: string, v: string) => `${k}"${v.replace(/"/g, '\\"')}"`)} »`;
  }
  return `syntaxe YAML : ${YAML_CODES[code] ?? "fichier mal formé à cet endroit (vérifiez l'indentation, les guillemets et les « : »)"}`;
}

/** `toJS` failed: an alias with no anchor, or aliases exploding in size. */
function aliasProblems(doc: Document, file: string, at: (o: number | undefined) => { line: number; col: number }, e: unknown): Problem[] {
  const out: Problem[] = [];
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        out.push({ file, ...at(node.range?.[0]), path: "(yaml)", severity: "error", message: `syntaxe YAML : alias « *${node.source} » sans ancre « &${node.source} » avant lui` });
      }
    },
  });
  if (out.length > 0) return out;
  return [{ file, line: 1, col: 1, path: "(yaml)", severity: "error", message: `syntaxe YAML : ${e instanceof Error ? e.message : String(e)}` }];
}

/**
 * Offset of the node at `path`, or of its nearest existing ancestor (a
 * missing key points at the object that lacks it). `key`: point at the key
 * of the last step rather than its value (for « clé inconnue »).
 */
function nodeOffset(doc: Document, path: Path, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = path[i];
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      keyOffset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
      const v = pair.value as { range?: [number, number, number]; value?: unknown; source?: string } | null;
      // `key:` with nothing after it: the value is an empty scalar at the end of the line; point at the key.
      const emptyValue = !v || (isScalar(v) && v.value === null && (v.source ?? "") === "");
      if (key && i === path.length - 1) return keyOffset;
      next = pair.value;
      best = emptyValue ? keyOffset : v?.range?.[0] ?? keyOffset;
    } else if (isSeq(node) && typeof seg === "number") {
      next = node.items[seg];
      if (next === undefined) break;
      best = (next as { range?: [number, number, number] } | null)?.range?.[0] ?? best;
    } else break;
    node = next;
  }
  return best;
}

interface Issue {
  code: string;
  path: Path;
  message: string;
  input?: unknown;
  keys?: string[];
  expectedKeys?: string[];
  expected?: string;
  values?: unknown[];
  errors?: Issue[][];
}

interface Shaped { path: Path; message: string; key?: boolean }

const TIME_KEYS = new Set(["at", "after", "before", "start"]);
const DURATION_KEYS = new Set(["duration", "deadline", "lateUntil", "delay", "within", "for"]);

/** Zod issues → one message per problem, unions resolved to the branch the author meant. */
function shapeProblems(issues: Issue[], data: unknown): Shaped[] {
  const unknownAt = new Map<string, string[]>();
  for (const i of issues) if (i.code === "unrecognized_keys") unknownAt.set(i.path.join("\u0000"), i.keys ?? []);
  return issues.filter((i) => {
    // A one-key object ("exactly one key among…") whose only key is unknown: « clé inconnue » says it all.
    const unknown = unknownAt.get(i.path.join("\u0000"));
    if (i.code !== "custom" || !unknown) return true;
    const v = valueAt(data, i.path);
    return !(v && typeof v === "object" && Object.keys(v).every((k) => unknown.includes(k)));
  }).flatMap((i) => shape(i));
}

function shape(i: Issue): Shaped[] {
  const last = i.path[i.path.length - 1];
  switch (i.code) {
    case "invalid_union": {
      const branches = (i.errors ?? []).filter((b) => b.length > 0);
      const shallow = (x: Issue) => x.path.length === 0 && (x.code === "invalid_type" || x.code === "invalid_value");
      const deep = branches.filter((b) => !b.every(shallow));
      if (deep.length > 0) {
        const best = deep.reduce((a, b) => (b.length < a.length ? b : a));
        return best.flatMap((x) => shape({ ...x, path: [...i.path, ...x.path] }));
      }
      const expected = [...new Set(branches.flatMap((b) => b.map(expectedText)))];
      if (i.input === undefined) return [{ path: i.path, message: `clé « ${String(last)} » obligatoire manquante (attendu : ${orList(expected)})` }];
      return [{ path: i.path, message: `attendu : ${orList(expected)} ; reçu : ${received(i.input)}${typeHint(last, i.input)}` }];
    }
    case "unrecognized_keys":
      return (i.keys ?? []).map((k) => ({
        path: [...i.path, k], key: true,
        message: `clé inconnue « ${k} »${i.expectedKeys ? hint(k, i.expectedKeys, "clés possibles", Infinity) : ""}`,
      }));
    case "invalid_type":
      if (i.path.length === 0 && i.input === null) return [{ path: i.path, message: "le fichier est vide : un scénario commence par « id: … », « meta: … »" }];
      if (i.input === undefined) return [{ path: i.path, message: `clé « ${String(last)} » obligatoire manquante (attendu : ${expectedText(i)})` }];
      return [{ path: i.path, message: `${i.message}${typeHint(last, i.input)}` }];
    case "invalid_format":
      if (last === "clockStart") return [{ path: i.path, message: `heure invalide « ${String(i.input)} » : attendu HH:MM (ex. « 08:00 »)` }];
      return [{ path: i.path, message: i.message }];
    default:
      return [{ path: i.path, message: i.message }];
  }
}

/** `deadline: 90` is a number in YAML: say how to write a time or a duration. */
function typeHint(key: string | number | undefined, input: unknown): string {
  if (typeof input !== "number" || typeof key !== "string") return "";
  if (TIME_KEYS.has(key)) return " (une heure de jeu s'écrit entre guillemets : « T+01:30 »)";
  if (DURATION_KEYS.has(key)) return " (une durée s'écrit entre guillemets : « 01:30 », « 90m »)";
  return "";
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
