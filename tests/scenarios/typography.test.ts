import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixFrenchTypography, formatTypographyProblem, frenchTypographyProblems } from "./french-typography.js";

/**
 * The French of every scenario file follows French typography: a no-break space before « : ; ! ? »
 * and inside « guillemets » (so a line never starts with a lone « ? » or ends on « « »), and one
 * kind of apostrophe per file. A failure lists each place as file:line:col, like `scenario validate`.
 */
const DIR = join(import.meta.dirname, "../../scenarios");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const HOW = "Typographie française (espace insécable avant « : ; ! ? » et dans les guillemets, une seule apostrophe) — "
  + "corriger à la main, ou réparer les espaces d'un coup : npx tsx tests/scenarios/french-typography.ts --fix scenarios/FICHIER.yaml";

describe.each(files)("French typography of %s", (file) => {
  it("puts no-break spaces where French wants them and keeps one apostrophe", () => {
    const problems = frenchTypographyProblems(readFileSync(join(DIR, file), "utf8"), `scenarios/${file}`);
    expect(problems.map(formatTypographyProblem), HOW).toEqual([]);
  });
});

/** Short scenario texts, as a file would hold them, and what the check says about them. */
const doc = (fr: string, fr2 = "Rien.") => `title:\n  fr: "${fr}"\n  en: "Title: ok"\nbody:\n  fr: |\n    ${fr2}\n  en: "Ordinary English; fine!"\n`;
const messages = (text: string) => frenchTypographyProblems(text, "t.yaml").map(formatTypographyProblem);

describe("the French-typography check", () => {
  it("accepts U+00A0 and U+202F, hours, web addresses, « ?! » and English texts", () => {
    expect(messages(doc("Alerte\u00a0: à T+02:00 ou J+1 08:00, voir https://cyber.gouv.fr/?q=1 ; non\u202f!", "«\u202fQuoi\u202f?!\u202f» dit-il\u00a0; puis l'ANSSI."))).toEqual([
      "t.yaml:2:73 title.fr: espace ordinaire avant « ; » : mettre une espace insécable (U+00A0 ou U+202F), sinon la ligne peut se couper juste avant le signe — …yber.gouv.fr/?q=1⎵;⎵non·!",
    ]);
    expect(messages(doc("Alerte\u00a0: rien\u202f!", "«\u202fQuoi\u202f?!\u202f» dit-il\u00a0; puis l'ANSSI (?) à 10:30."))).toEqual([]);
  });

  it("locates an ordinary or a missing space before a sign, and inside guillemets, by line and column", () => {
    const text = doc("Alerte : rien", "Le « plan » est prêt!\n    Vraiment ?");
    expect(messages(text)).toEqual([
      "t.yaml:2:15 title.fr: espace ordinaire avant « : » : mettre une espace insécable (U+00A0 ou U+202F), sinon la ligne peut se couper juste avant le signe — Alerte⎵:⎵rien",
      "t.yaml:6:8 body.fr: espace ordinaire après « « » : mettre une espace insécable (U+202F ou U+00A0) — Le⎵«⎵plan⎵»⎵est…",
      "t.yaml:6:15 body.fr: espace ordinaire avant « » » : mettre une espace insécable (U+202F ou U+00A0) — Le⎵«⎵plan⎵»⎵est⎵prêt!↵…",
      "t.yaml:6:25 body.fr: il manque une espace insécable (U+00A0 ou U+202F) avant « ! » — …⎵«⎵plan⎵»⎵est⎵prêt!↵Vraiment⎵?…",
      "t.yaml:7:14 body.fr: espace ordinaire avant « ? » : mettre une espace insécable (U+00A0 ou U+202F), sinon la ligne peut se couper juste avant le signe — …st⎵prêt!↵Vraiment⎵?↵",
    ]);
  });

  it("names the path inside lists, and reports the rarer apostrophe of a file that mixes both", () => {
    const text = "injects:\n  - id: a\n    subject: { fr: \"L'alerte\", en: \"x\" }\n  - id: b\n    body: { fr: \"L'autre, l'ANSSI et l’État\", en: \"y\" }\n";
    expect(messages(text)).toEqual([
      "t.yaml:5:39 injects[1].body.fr: apostrophe « ’ » alors que le fichier emploie « ' » (3 fois contre 1) : en choisir une seule — …utre,⎵l'ANSSI⎵et⎵l’État",
    ]);
    expect(messages(text.replace("l’État", "l'État"))).toEqual([]);
  });

  it("repairs the spaces in French values only, never the English, the keys or the indentation", () => {
    const text = doc("Alerte : rien ?", "Le « plan » est prêt ; «oui»\n    : suite");
    const fixed = fixFrenchTypography(text);
    expect(fixed).toBe(`title:\n  fr: "Alerte\u00a0: rien\u202f?"\n  en: "Title: ok"\nbody:\n  fr: |\n    Le «\u202fplan\u202f» est prêt\u202f; «\u202foui\u202f»\n    : suite\n  en: "Ordinary English; fine!"\n`);
    // A sign at the start of a line binds to nothing and is left alone; everything else is now clean.
    expect(messages(fixed)).toEqual([]);
    expect(fixFrenchTypography(fixed)).toBe(fixed);
  });

  it("says so when the file cannot be read as YAML", () => {
    expect(messages("title: [unclosed\n")).toEqual([expect.stringMatching(/^t\.yaml:1:1 \(yaml\): fichier illisible/)]);
  });
});
