import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayName, foldedWords, spelling as spell, spellings } from "../fixtures/names.js";
import { ENDPOINT, Http, instructor, join, MINI_JSON, okAck, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * Property (fast-check, through the real server and SDK): for generated
 * student names — accented, with ligatures, two letters short, compounds —
 * typed at join in any spelling (NFD, capitals), used by the others in any
 * other spelling (no accents, upper case, a surname alone), and put by the
 * instructor into the session's and a cell's names, no form of any player's
 * name survives in any pseudonymised document: the JSON journal, the CSV,
 * the xAPI statements, the RETEX PDF (its text, via pdftotext) and the
 * replay endpoint. The same documents without `pseudonymize` contain them
 * (the check can fail).
 */

let server: TestServer;
let anim: Http;
let scenario: string;
const dir = mkdtempSync(joinPath(tmpdir(), "sangfroid-pseudo-"));
beforeAll(async () => {
  server = await startServer({ rateBurst: 1000, ratePerSecond: 1000 });
  anim = await instructor(server);
  scenario = (await anim.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON })).body.id;
});
afterAll(async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); });

const words = foldedWords;

async function documents(sessionId: string, cellId: string, pseudo: boolean): Promise<Record<string, string>> {
  const q = pseudo ? "?pseudonymize=1" : "";
  const get = async (path: string) => {
    const r = await fetch(`${ENDPOINT}${path}`, { headers: { cookie: anim.cookie } });
    expect(r.status, path).toBe(200);
    return Buffer.from(await r.arrayBuffer());
  };
  const pdfFile = joinPath(dir, `retex-${pseudo}.pdf`);
  writeFileSync(pdfFile, await get(`/api/cells/${cellId}/report.pdf${q}`));
  return {
    json: (await get(`/api/sessions/${sessionId}/export${q}`)).toString("utf8"),
    csv: (await get(`/api/sessions/${sessionId}/export.csv${q}`)).toString("utf8"),
    xapi: (await get(`/api/sessions/${sessionId}/xapi${q}`)).toString("utf8"),
    replay: (await get(`/api/cells/${cellId}/replay${q}`)).toString("utf8"),
    pdf: execFileSync("pdftotext", [pdfFile, "-"], { encoding: "utf8" }),
  };
}

describe("pseudonymised documents, property", () => {
  it("no form of any player's name survives in the JSON journal, CSV, xAPI, RETEX PDF or replay", async () => {
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(displayName, { minLength: 3, maxLength: 3, selector: (n) => words(n).join(" ") }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), spell), { minLength: 6, maxLength: 6 }),
      spell, spell,
      async (names, mentions, joinSpelling, titleSpelling) => {
        const [a, b, c] = names;
        const surname = (n: string) => n.split(/[\s-]/).at(-1)!;
        const s = (await anim.post("/api/sessions", { scenario, cells: 2, seed: 4, name: `Promo ${titleSpelling(surname(a))}`, cellNames: [`Cellule de ${titleSpelling(b)}`, "Cellule 2"] })).body;
        const cell = s.cells[0];
        const seats = [];
        for (const n of names) seats.push(await join(cell.code, joinSpelling(n)));
        const players = await Promise.all(seats.map((x) => Probe.player(x.cellId, x.token)));
        const roles = ["director", "com", "rssi"];
        for (const [i, p] of players.entries()) okAck(await p.intent({ type: "take_role", role: roles[i] }));
        const staff = await Probe.staff(cell.id, anim);
        okAck(await staff.command({ type: "start", force: true }));
        for (const [i, [who, about, how]] of mentions.entries()) {
          const target = names[about % 3];
          const parts = target.split(/[\s-]/);
          const form = how(i % 2 ? target : parts[i % parts.length]);
          okAck(await players[who % 3].intent({ type: "action", role: roles[who % 3], action: "chat", params: { text: `Réponse à ${form} : je m'en occupe.` } }));
        }
        okAck(await staff.command({ type: "improvise", channel: "mail", from: "soc", to: ["director"], subject: `Pour ${spellings[4](c)}`, body: `${spellings[1](surname(b))} doit rappeler.` }));
        okAck(await staff.command({ type: "end", reason: `fin demandée par ${spellings[2](a)}` }));
        await staff.close();
        for (const p of players) await p.close();
        expect((await anim.post(`/api/cells/${cell.id}/annotations`, { at: 10, text: `${surname(c).toUpperCase()} a bien réagi` })).status).toBe(201);
        expect((await anim.post(`/api/cells/${cell.id}/assessments`, { scope: "student", subject: seats[0].playerId, competency: "C4.1", level: 2,
          justification: `Observé : ${spellings[4](a)} cartographie les parties prenantes.` })).status).toBe(201);

        const banned = new Set(names.flatMap(words));
        const clear = await documents(s.id, cell.id, false);
        expect(words(clear.json).some((w) => banned.has(w))).toBe(true); // the names are there without pseudonyms
        const pseudo = await documents(s.id, cell.id, true);
        for (const [doc, text] of Object.entries(pseudo)) {
          expect(words(text).filter((w) => banned.has(w)), `${doc}: ${names.join(", ")}`).toEqual([]);
        }
        expect(JSON.parse(pseudo.json).cells[0].name).toMatch(/^Cellule de Joueur \d$/);
        await anim.del(`/api/sessions/${s.id}`);
      },
    ), { numRuns: 6 });
  }, 240_000);
});

describe("the query flags of the document routes, each read one way", () => {
  it("1, true and yes pseudonymise everywhere (a portfolio too); a value it does not know is a 400 naming the field, never a document with the real names; the language likewise", async () => {
    // A roster student who joins a session of their class: named in its export and replay, and in their portfolio.
    const klass = (await anim.post("/api/classes", { name: "MSc drapeau" })).body.id;
    const roster = Buffer.from("numéro;prénom;nom\n3001;Aurèle;Vandamme\n", "utf8").toString("base64");
    expect((await anim.post(`/api/classes/${klass}/roster`, { filename: "liste.csv", data: roster })).status).toBe(200);
    const student = (await anim.get(`/api/classes/${klass}`)).body.roster[0] as { id: string; pseudoId: string };
    const pseudoId = student.pseudoId;
    const s = (await anim.post("/api/sessions", { scenario, cells: 1, seed: 2, class: klass, cellNames: ["Cellule d'Aurèle"] })).body;
    const cell = s.cells[0];
    expect((await new Http().post("/api/join", { code: cell.code, student: student.id })).status).toBe(201);
    const text = async (path: string) => {
      const r = await fetch(`${ENDPOINT}${path}`, { headers: { cookie: anim.cookie } });
      return { status: r.status, body: Buffer.from(await r.arrayBuffer()).toString("utf8") };
    };
    const named = { [`/api/sessions/${s.id}/export`]: "Vandamme", [`/api/cells/${cell.id}/replay`]: "Vandamme", [`/api/students/${pseudoId}/portfolio.csv`]: "Vandamme" };
    for (const [path, name] of Object.entries(named)) {
      expect((await text(path)).body, path).toContain(name); // the check can fail: the name is there without the flag
      for (const on of ["1", "true", "yes"]) {
        const r = await text(`${path}?pseudonymize=${on}`);
        expect(r.status, `${path} ${on}`).toBe(200);
        expect(r.body, `${path} ${on}`).not.toContain(name);
      }
      expect((await text(`${path}?pseudonymize=no`)).body, path).toContain(name);
    }
    const others = [`/api/sessions/${s.id}/export.csv`, `/api/sessions/${s.id}/xapi`, `/api/cells/${cell.id}/report.pdf`, `/api/students/${pseudoId}/portfolio.pdf`];
    for (const path of [...Object.keys(named), ...others]) {
      const r = await text(`${path}?pseudonymize=oui`);
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.body), path).toMatchObject({ error: "bad_request", params: { problems: [{ path: "pseudonymize", code: "invalid_value" }] } });
    }
    // The language, read one way too: another than fr or en is a 400 naming the field, empty is French.
    for (const path of [`/api/sessions/${s.id}/assessment`, `/api/sessions/${s.id}/compare`, `/api/cells/${cell.id}/report.pdf`, `/api/students/${pseudoId}`, `/api/classes/${klass}/roster.pdf`]) {
      const r = await text(`${path}?lang=de`);
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.body), path).toMatchObject({ error: "bad_request", params: { problems: [{ path: "lang", code: "invalid_value" }] } });
    }
    expect(JSON.parse((await text(`/api/sessions/${s.id}/assessment?lang=`)).body)).toMatchObject({ lang: "fr" });
    // The RETEX's file name: the cell's name in plain letters (accents folded, as every file name of the API); pseudonymised, the
    // default label of its number in the report's language (shared/i18n/cell-name.ts), never the typed name.
    const pdfName = async (q: string) => (await fetch(`${ENDPOINT}/api/cells/${cell.id}/report.pdf?lang=fr${q}`, { headers: { cookie: anim.cookie } })).headers.get("content-disposition");
    expect(await pdfName("")).toBe('attachment; filename="retex-Cellule_d_Aurele-fr.pdf"');
    expect(await pdfName("&pseudonymize=yes")).toBe('attachment; filename="retex-Cellule_1-fr-pseudo.pdf"');
    expect((await fetch(`${ENDPOINT}/api/cells/${cell.id}/report.pdf?lang=en&pseudonymize=1`, { headers: { cookie: anim.cookie } })).headers.get("content-disposition"))
      .toBe('attachment; filename="retex-Cell_1-en-pseudo.pdf"');
    await anim.del(`/api/sessions/${s.id}`);
  }, 60_000);
});
