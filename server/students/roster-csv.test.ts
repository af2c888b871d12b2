import { describe, expect, it } from "vitest";
import { parseRoster } from "./roster-csv.js";

/**
 * Property: a roster file is taken whole or refused with every problem
 * located (line, column) and said in French and English — whatever a school's
 * spreadsheet produced: UTF-8 with or without BOM, Excel's semicolon CSV in
 * Windows-1252, UTF-16; and whatever went wrong in it.
 */

const utf8 = (s: string) => Buffer.from(s, "utf8");
const cp1252 = (s: string) => Buffer.from([...s].map((c) => ({ é: 0xe9, è: 0xe8, ç: 0xe7, É: 0xc9, ë: 0xeb, "’": 0x92 } as Record<string, number>)[c] ?? c.charCodeAt(0)));

describe("roster CSV", () => {
  it("reads a UTF-8 file with BOM and commas, columns in any order, headers in English, extra columns ignored", () => {
    const r = parseRoster(utf8("\uFEFFLast name,First name,Group,Student ID,E-mail\r\nMartin,Zoé,A,2024-001,Zoe.Martin@ecole.fr\r\n\"de La Fontaine, Jr\",Jean,B,2024-002,\r\n"));
    expect(r).toMatchObject({ ok: true, encoding: "UTF-8", separator: "virgule" });
    if (!r.ok) return;
    expect(r.students).toEqual([
      { line: 2, number: "2024-001", firstName: "Zoé", lastName: "Martin", email: "zoe.martin@ecole.fr" },
      { line: 3, number: "2024-002", firstName: "Jean", lastName: "de La Fontaine, Jr" },
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual(["colonne « Group » ignorée"]);
  });

  it("reads Excel's semicolon CSV in Windows-1252 (French headers, accents kept) and says so", () => {
    const r = parseRoster(cp1252("N° étudiant;Prénom;Nom\r\n1001;Héloïse;Lefèvre\r\n1002;François;D’Alembert\r\n".replace("ï", "i")));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.encoding).toBe("Windows-1252");
    expect(r.separator).toBe("point-virgule");
    expect(r.students.map((s) => `${s.firstName} ${s.lastName}`)).toEqual(["Héloise Lefèvre", "François D’Alembert"]);
    expect(r.warnings[0].message).toMatch(/Windows-1252/);
  });

  it("reads UTF-16 with a byte order mark (Excel's « texte Unicode »)", () => {
    const body = Buffer.from("matricule\tprénom\tnom\n7\tÉmile\tZola\n", "utf16le");
    const r = parseRoster(Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    expect(r).toMatchObject({ ok: true, encoding: "UTF-16", separator: "tabulation", students: [{ number: "7", firstName: "Émile", lastName: "Zola" }] });
  });

  it("refuses missing columns, naming them and the header it read", () => {
    const r = parseRoster(utf8("nom;mail\nMartin;a@b.fr\n"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 1 });
    expect(r.problems[0].message).toContain("numéro étudiant, prénom");
    expect(r.problems[0].message).toContain("« nom ; mail »");
    expect(r.problems[0].messageEn).toContain("student number, first name");
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
    const byLine = r.problems.map((p) => [p.line, p.column, p.message]);
    expect(byLine).toEqual([
      [3, "prénom", "prénom vide"],
      [4, "numéro étudiant", "numéro 1 déjà présent ligne 2"],
      [5, "prénom", expect.stringContaining("ressemble à une formule de tableur (commence par =)")],
      [6, "nom", expect.stringContaining("commence par +")],
      [7, "e-mail", "adresse « pas-une-adresse » invalide"],
      [8, undefined, expect.stringContaining("5 champs au lieu de 4")],
      [9, "prénom", expect.stringContaining("commence par @")],
      [10, "nom", expect.stringContaining("commence par -")],
    ]);
  });

  it("refuses bad encodings with the line: a zip, a NUL byte, control characters, UTF-8 read as Latin-1", () => {
    const zip = parseRoster(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]));
    expect(zip).toMatchObject({ ok: false, problems: [{ line: null, message: expect.stringContaining("pas un CSV") }] });
    const nul = parseRoster(Buffer.concat([utf8("numero,prenom,nom\n1,Ana,B"), Buffer.from([0]), utf8("\n")]));
    expect(nul).toMatchObject({ ok: false, problems: [{ line: 2, message: expect.stringContaining("octet nul") }] });
    const ctl = parseRoster(utf8("numero,prenom,nom\n1,Ana,Ma\u0007rtin\n2,Bob,Roux\n"));
    expect(ctl).toMatchObject({ ok: false, problems: [{ line: 2, message: expect.stringContaining("caractère de contrôle") }] });
    const moji = parseRoster(utf8("numero,prenom,nom\n1,Ana,Martin\n2,HÃ©lÃ¨ne,Roux\n"));
    expect(moji).toMatchObject({ ok: false, problems: [{ line: 3, message: expect.stringContaining("« Ã© »") }] });
    const quote = parseRoster(utf8("numero,prenom,nom\n1,\"Ana,Martin\n"));
    expect(quote.ok).toBe(false);
    expect(parseRoster(Buffer.alloc(0))).toMatchObject({ ok: false, problems: [{ message: "fichier vide" }] });
  });

  it("skips blank lines and lines of empty fields, keeps line numbers of the file", () => {
    const r = parseRoster(utf8("\n\nnumero;prenom;nom\n;;\n\n12;Léa;Roux\n"));
    expect(r).toMatchObject({ ok: true, students: [{ line: 6, number: "12" }] });
  });
});
