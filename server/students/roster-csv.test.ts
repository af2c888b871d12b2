import { describe, expect, it } from "vitest";
import { rosterProblemText, rosterProblemWhy } from "../../shared/i18n/roster-problems.js";
import { parseRoster, type RosterProblem } from "./roster-csv.js";

/**
 * Property: a roster file is taken whole or refused with every problem
 * located (line, column) and coded (a code and its parameters, written in
 * French or English by the reader's side) — whatever a school's spreadsheet
 * produced: UTF-8 with or without BOM, Excel's semicolon CSV in Windows-1252,
 * UTF-16; and whatever went wrong in it.
 */

const fr = (p: RosterProblem) => rosterProblemWhy(p, "fr");
const en = (p: RosterProblem) => rosterProblemWhy(p, "en");

const utf8 = (s: string) => Buffer.from(s, "utf8");
const cp1252 = (s: string) => Buffer.from([...s].map((c) => ({ é: 0xe9, è: 0xe8, ç: 0xe7, É: 0xc9, ë: 0xeb, "’": 0x92 } as Record<string, number>)[c] ?? c.charCodeAt(0)));

describe("roster CSV", () => {
  it("reads a UTF-8 file with BOM and commas, columns in any order, headers in English, extra columns ignored", () => {
    const r = parseRoster(utf8("\uFEFFLast name,First name,Group,Student ID,E-mail\r\nMartin,Zoé,A,2024-001,Zoe.Martin@ecole.fr\r\n\"de La Fontaine, Jr\",Jean,B,2024-002,\r\n"));
    expect(r).toMatchObject({ ok: true, encoding: "UTF-8", separator: "comma" });
    if (!r.ok) return;
    expect(r.students).toEqual([
      { line: 2, number: "2024-001", firstName: "Zoé", lastName: "Martin", email: "zoe.martin@ecole.fr" },
      { line: 3, number: "2024-002", firstName: "Jean", lastName: "de La Fontaine, Jr" },
    ]);
    expect(r.warnings).toEqual([{ line: 1, code: "ignored_column", params: { header: "Group" } }]);
    expect(r.warnings.map(fr)).toEqual(["colonne « Group » ignorée"]);
    expect(r.warnings.map(en)).toEqual(['column "Group" ignored']);
  });

  it("reads Excel's semicolon CSV in Windows-1252 (French headers, accents kept) and says so", () => {
    const r = parseRoster(cp1252("N° étudiant;Prénom;Nom\r\n1001;Héloïse;Lefèvre\r\n1002;François;D’Alembert\r\n".replace("ï", "i")));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.encoding).toBe("Windows-1252");
    expect(r.separator).toBe("semicolon");
    expect(r.students.map((s) => `${s.firstName} ${s.lastName}`)).toEqual(["Héloise Lefèvre", "François D’Alembert"]);
    expect(fr(r.warnings[0])).toMatch(/^fichier lu en Windows-1252/);
  });

  it("reads UTF-16 with a byte order mark (Excel's « texte Unicode »)", () => {
    const body = Buffer.from("matricule\tprénom\tnom\n7\tÉmile\tZola\n", "utf16le");
    const r = parseRoster(Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    expect(r).toMatchObject({ ok: true, encoding: "UTF-16", separator: "tab", students: [{ number: "7", firstName: "Émile", lastName: "Zola" }] });
  });

  it("refuses missing columns, naming them and the header it read", () => {
    const r = parseRoster(utf8("nom;mail\nMartin;a@b.fr\n"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 1 });
    expect(r.problems[0]).toMatchObject({ code: "missing_columns", params: { count: 2, columns: ["number", "firstName"], header: "nom ; mail", separator: "semicolon" } });
    expect(fr(r.problems[0])).toBe("colonnes obligatoires absentes : numéro étudiant, prénom (en-tête lu : « nom ; mail », séparateur point-virgule)");
    expect(en(r.problems[0])).toBe('required columns missing: student number, first name (header read: "nom ; mail", separator semicolon)');
    const one = parseRoster(utf8("numero,nom\n1,Martin\n"));
    expect(!one.ok && fr(one.problems[0])).toBe("colonne obligatoire absente : prénom (en-tête lu : « numero , nom », séparateur virgule)");
  });

  it("refuses the whole file and lists every bad line: duplicates, empty names, formulas, bad e-mail, too many fields", () => {
    const csv = [
      "numero;prenom;nom;email",
      "1;Ana;Martin;ana@ecole.fr",
      "2;;Durand;",
      "1;Bob;Martin;",
      "3;\"=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\";Leroy;",
      "4;Carla;+33 6 00;",
      "5;Dan;Petit;pas-une-adresse",
      "6;Eve;Roux;;en trop",
      "7;@SUM(A1);Vidal;",
      "8;Fanny;-Nadeau;",
    ].join("\n");
    const r = parseRoster(utf8(csv));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byLine = r.problems.map((p) => [p.line, p.column, fr(p)]);
    expect(byLine).toEqual([
      [3, "firstName", "prénom vide"],
      [4, "number", "numéro 1 déjà présent ligne 2"],
      [5, "firstName", expect.stringContaining("ressemble à une formule de tableur (commence par =)")],
      [6, "lastName", expect.stringContaining("commence par +")],
      [7, "email", "adresse « pas-une-adresse » invalide"],
      [8, undefined, "5 champs au lieu de 4 : un séparateur de trop ? (une valeur contenant le séparateur, point-virgule, doit être entre guillemets)"],
      [9, "firstName", expect.stringContaining("commence par @")],
      [10, "lastName", expect.stringContaining("commence par -")],
    ]);
    // The same problems as an English reader reads them, where and why, with no internal name of a column.
    expect(r.problems.slice(0, 2).map((p) => rosterProblemText(p, "en"))).toEqual(["line 3, first name — empty first name", "line 4, student number — number 1 already on line 2"]);
    expect(rosterProblemText(r.problems[0], "fr")).toBe("ligne 3, prénom — prénom vide");
  });

  it("refuses bad encodings with the line: a zip, a NUL byte, control characters, UTF-8 read as Latin-1", () => {
    const zip = parseRoster(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]));
    expect(zip).toMatchObject({ ok: false, problems: [{ line: null, code: "spreadsheet" }] });
    if (!zip.ok) expect(fr(zip.problems[0])).toContain("pas un CSV");
    const nul = parseRoster(Buffer.concat([utf8("numero,prenom,nom\n1,Ana,B"), Buffer.from([0]), utf8("\n")]));
    expect(nul).toMatchObject({ ok: false, problems: [{ line: 2, code: "nul_byte" }] });
    const ctl = parseRoster(utf8("numero,prenom,nom\n1,Ana,Ma\u0007rtin\n2,Bob,Roux\n"));
    expect(ctl).toMatchObject({ ok: false, problems: [{ line: 2, code: "control_character" }] });
    const moji = parseRoster(utf8("numero,prenom,nom\n1,Ana,Martin\n2,HÃ©lÃ¨ne,Roux\n"));
    expect(moji).toMatchObject({ ok: false, problems: [{ line: 3, code: "mojibake", params: { text: "Ã©" } }] });
    if (!moji.ok) expect(fr(moji.problems[0])).toContain("« Ã© »");
    const quote = parseRoster(utf8("numero,prenom,nom\n1,\"Ana,Martin\n"));
    expect(quote).toMatchObject({ ok: false, problems: [{ line: 2, code: "unclosed_quote" }] });
    if (!quote.ok) expect(en(quote.problems[0])).toBe("unreadable CSV: an opening quote is never closed");
    const empty = parseRoster(Buffer.alloc(0));
    expect(empty).toMatchObject({ ok: false, problems: [{ line: null, code: "empty_file" }] });
    if (!empty.ok) expect([fr(empty.problems[0]), en(empty.problems[0])]).toEqual(["fichier vide", "empty file"]);
    const big = parseRoster(Buffer.alloc(1_000_001, 0x41));
    if (!big.ok) expect(fr(big.problems[0])).toBe("fichier trop gros (1\u202f000\u202f000 octets au plus)");
    expect(big.ok).toBe(false);
  });

  it("skips blank lines and lines of empty fields, keeps line numbers of the file", () => {
    const r = parseRoster(utf8("\n\nnumero;prenom;nom\n;;\n\n12;Léa;Roux\n"));
    expect(r).toMatchObject({ ok: true, students: [{ line: 6, number: "12" }] });
  });
});
