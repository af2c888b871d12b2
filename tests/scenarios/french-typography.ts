/**
 * French typography of scenario files, by its own rules: a no-break space (U+00A0, or the narrow
 * U+202F) before « : ; ! ? » and inside « guillemets », one kind of apostrophe (' or ’) per file.
 * Only the French texts are read (every `fr:` value of a `{ fr, en }` text), never the English
 * ones nor the YAML comments. Each problem is located as `file:line:col path: message`.
 *
 * Run as a script, it repairs what can be repaired without judgement (an ordinary space where a
 * no-break one belongs, a missing space inside guillemets) and prints what is left:
 *   npx tsx tests/scenarios/french-typography.ts --fix scenarios/my-scenario.yaml
 * It writes U+00A0 before « : » and U+202F before « ; ! ? » and inside guillemets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Scalar } from "yaml";

export interface TypographyProblem { file: string; line: number; col: number; path: string; message: string }

/** The no-break spaces French typography accepts. */
const NBSP = "\u00a0";
const NNBSP = "\u202f";
const isNoBreak = (c: string | undefined) => c === NBSP || c === NNBSP;
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c) && !isNoBreak(c);

/** Spans where the rules do not apply: web addresses and `code`. */
function maskedSpans(value: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of value.matchAll(/\b(?:https?:\/\/|www\.)[^\s«»]+|`[^`]*`/g)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** One finding inside a French value: where (index in the value), which character, what is wrong. */
interface Finding { index: number; char: string; message: string }

/** Show the neighbourhood of a finding, ordinary spaces as « ⎵ » so the reader sees what is meant. */
function excerpt(value: string, index: number): string {
  const from = Math.max(0, index - 18);
  const to = Math.min(value.length, index + 12);
  const visible = value.slice(from, to).replace(/\n/g, "↵").replace(/ /g, "⎵").replace(/[\u00a0\u202f]/g, "·");
  return `${from > 0 ? "…" : ""}${visible}${to < value.length ? "…" : ""}`;
}

/** The spacing rules on one French value (the apostrophe rule is per file, below). */
function spacingFindings(value: string): Finding[] {
  const masked = maskedSpans(value);
  const inMask = (i: number) => masked.some(([a, b]) => i >= a && i < b);
  const out: Finding[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inMask(i)) continue;
    const before = value[i - 1];
    const after = value[i + 1];
    if (c === ":" || c === ";" || c === "!" || c === "?") {
      if (isNoBreak(before)) continue;
      if (before === undefined || before === "\n" || before === "(" || before === "[") continue; // nothing to bind to, or « (?) »
      if (c === ":" && /\d/.test(before) && after !== undefined && /\d/.test(after)) continue; // an hour, 10:30
      if ((c === "!" || c === "?") && (before === "!" || before === "?")) continue; // « ?! » is spaced once
      out.push({
        index: i, char: c,
        message: isSpace(before)
          ? `espace ordinaire avant « ${c} » : mettre une espace insécable (U+00A0 ou U+202F), sinon la ligne peut se couper juste avant le signe`
          : `il manque une espace insécable (U+00A0 ou U+202F) avant « ${c} »`,
      });
    } else if (c === "«") {
      if (isNoBreak(after)) continue;
      out.push({ index: i, char: c, message: isSpace(after) ? "espace ordinaire après « « » : mettre une espace insécable (U+202F ou U+00A0)" : "il manque une espace insécable (U+202F ou U+00A0) après « « »" });
    } else if (c === "»") {
      if (isNoBreak(before)) continue;
      out.push({ index: i, char: c, message: isSpace(before) ? "espace ordinaire avant « » » : mettre une espace insécable (U+202F ou U+00A0)" : "il manque une espace insécable (U+202F ou U+00A0) avant « » »" });
    }
  }
  return out;
}

/** A French value of the file: its text, where its source starts and ends, its path. */
interface FrenchValue { value: string; node: Scalar; path: string }

function frenchValues(text: string): { values: FrenchValue[]; lines: LineCounter; syntaxError?: string } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: false });
  if (doc.errors.length) return { values: [], lines, syntaxError: doc.errors[0].message };
  const values: FrenchValue[] = [];
  visit(doc, {
    Pair(_key, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.value !== "fr" || !isScalar(pair.value) || typeof pair.value.value !== "string") return;
      const parts: string[] = [];
      const chain = [...ancestors, pair];
      for (let k = 0; k < chain.length; k++) {
        const node = chain[k];
        if (isPair(node) && isScalar(node.key)) parts.push(String(node.key.value));
        else if (isSeq(node)) parts.push(`[${node.items.indexOf(chain[k + 1] as never)}]`);
      }
      values.push({ value: pair.value.value, node: pair.value, path: parts.join(".").replace(/\.\[/g, "[") });
    },
  });
  return { values, lines };
}

/**
 * Where in the file the `n`-th occurrence of `char` of a value is: the same character appears in
 * the source in the same order (escapes never produce « : ; ! ? « » ’ »), so the n-th in the value
 * is the n-th in the scalar's source. When the counts differ (an apostrophe doubled inside a
 * single-quoted scalar), the scalar's start is the best place to send the reader.
 */
function locate(text: string, fv: FrenchValue, index: number, char: string, lines: LineCounter): { line: number; col: number } {
  const [start, end] = fv.node.range ?? [0, 0];
  const source = text.slice(start, end);
  const nth = [...fv.value.slice(0, index)].filter((c) => c === char).length;
  const inSource = [...source.matchAll(new RegExp(char.replace(/[?!]/, "\\$&"), "g"))];
  const inValue = [...fv.value].filter((c) => c === char).length;
  const offset = inSource.length === inValue ? start + (inSource[nth]?.index ?? 0) : start;
  return lines.linePos(offset);
}

/** Every French-typography problem of one scenario file, in file order. */
export function frenchTypographyProblems(text: string, file: string): TypographyProblem[] {
  const { values, lines, syntaxError } = frenchValues(text);
  if (syntaxError) return [{ file, line: 1, col: 1, path: "(yaml)", message: `fichier illisible : ${syntaxError}` }];
  const problems: TypographyProblem[] = [];
  const at = (fv: FrenchValue, f: Finding) => ({ file, ...locate(text, fv, f.index, f.char, lines), path: `${fv.path}`, message: `${f.message} — ${excerpt(fv.value, f.index)}` });
  for (const fv of values) for (const f of spacingFindings(fv.value)) problems.push(at(fv, f));

  // Apostrophes: one kind per file. The minority kind is reported, each occurrence located.
  const occurrences = { "'": [] as Array<[FrenchValue, number]>, "’": [] as Array<[FrenchValue, number]> };
  for (const fv of values) {
    const masked = maskedSpans(fv.value);
    [...fv.value].forEach((c, i) => {
      if ((c === "'" || c === "’") && !masked.some(([a, b]) => i >= a && i < b)) occurrences[c].push([fv, i]);
    });
  }
  const straight = occurrences["'"].length;
  const curly = occurrences["’"].length;
  if (straight > 0 && curly > 0) {
    const [minority, majority] = curly <= straight ? ["’", "'"] as const : ["'", "’"] as const;
    for (const [fv, i] of occurrences[minority]) {
      problems.push(at(fv, { index: i, char: minority, message: `apostrophe « ${minority} » alors que le fichier emploie « ${majority} » (${Math.max(straight, curly)} fois contre ${Math.min(straight, curly)}) : en choisir une seule` }));
    }
  }
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** `file:line:col path: message`, the format of `npm run scenario -- validate`. */
export function formatTypographyProblem(p: TypographyProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path}: ${p.message}`;
}

/**
 * Repair what needs no judgement, in the source of each French value only: an ordinary space
 * (after a word, never an indentation) before « : ; ! ? » or « » », or after « « », becomes a
 * no-break one, and a missing one inside guillemets is added. Everything else is left as it was.
 */
export function fixFrenchTypography(text: string): string {
  const { values, syntaxError } = frenchValues(text);
  if (syntaxError) return text;
  const ranges = values.map((fv) => fv.node.range).filter((r): r is NonNullable<typeof r> => !!r).sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end] of ranges) {
    const fixed = out.slice(start, end)
      .replace(/(?<=[^\s\u00a0\u202f])[ \t]+(?=:(?!\d))/g, NBSP)
      .replace(/(?<=[^\s\u00a0\u202f])[ \t]+(?=[;!?»])/g, NNBSP)
      .replace(/(?<=[^\s\u00a0\u202f«»])(?=»)/g, NNBSP)
      .replace(/«[ \t]+(?=\S)/g, `«${NNBSP}`)
      .replace(/«(?=[^\s\u00a0\u202f])/g, `«${NNBSP}`);
    out = out.slice(0, start) + fixed + out.slice(end);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const fix = args.includes("--fix");
  let left = 0;
  for (const file of args.filter((a) => a !== "--fix")) {
    let text = readFileSync(file, "utf8");
    if (fix) {
      const fixed = fixFrenchTypography(text);
      if (fixed !== text) writeFileSync(file, fixed);
      text = fixed;
    }
    const problems = frenchTypographyProblems(text, file);
    left += problems.length;
    for (const p of problems) console.log(formatTypographyProblem(p));
  }
  process.exitCode = left > 0 ? 1 : 0;
}
