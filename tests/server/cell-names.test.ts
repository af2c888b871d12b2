import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cellName } from "../../shared/i18n/cell-name.js";
import { Http, instructor, join, miniSession, startServer, type TestServer } from "./helpers.js";

/**
 * A cell nobody named is « Cellule 1 » for a French reader and "Cell 1" for an
 * English one — on the staff's lists (from its number), in the English PDF's
 * file name, the CSV — and a cell the instructor
 * named keeps its name as typed in both languages. Cells stored before with
 * the French default ("Cellule 2") read as unnamed.
 */

let server: TestServer;
let anim: Http;

beforeAll(async () => { server = await startServer(); anim = await instructor(server); });
afterAll(async () => { await server?.close(); });

describe("cell names", () => {
  it("the default is a label in the reader's language, from the cell's number; a typed name stays as typed", () => {
    expect(cellName({ name: "", index: 1 }, "fr")).toBe("Cellule 1");
    expect(cellName({ name: "", index: 1 }, "en")).toBe("Cell 1");
    expect(cellName({ name: "Cellule 2", index: 2 }, "en")).toBe("Cell 2"); // stored before, in French
    expect(cellName({ name: "Cellule 2", index: 3 }, "en")).toBe("Cellule 2"); // typed: not cell 2's default
    expect(cellName({ name: "Équipe Zoé", index: 1 }, "en")).toBe("Équipe Zoé");
  });

  it("a new session stores no French default; its lists, English PDF and the CSV say « Cell 1 »", async () => {
    const s = await miniSession(anim, 2);
    const stored = await server.storage.listCells(s.id);
    expect(stored.map((c) => [c.index, c.name])).toEqual([[1, ""], [2, ""]]);
    const listed = (await anim.get(`/api/sessions/${s.id}`)).body.cells as { name: string; index: number }[];
    expect(listed.map((c) => cellName(c, "en"))).toEqual(["Cell 1", "Cell 2"]);
    expect(listed.map((c) => cellName(c, "fr"))).toEqual(["Cellule 1", "Cellule 2"]);
    await join(s.cells[0].code, "Alice");
    const en = await anim.get(`/api/cells/${s.cells[0].id}/report.pdf?lang=en`);
    expect(en.status).toBe(200);
    expect(en.headers.get("content-disposition")).toMatch(/filename="retex-Cell_1-en\.pdf"/);
    const fr = await anim.get(`/api/cells/${s.cells[0].id}/report.pdf?lang=fr&pseudonymize=1`);
    expect(fr.headers.get("content-disposition")).toMatch(/filename="retex-Cellule_1-fr-pseudo\.pdf"/);
    // The CSV (in French) names the cell as a French reader reads it, not by its empty stored name.
    const csv = String((await anim.get(`/api/sessions/${s.id}/export.csv`)).body);
    expect(csv).toMatch(/[,;]"?Cellule 1"?[,;]/);
  });

  it("a name the instructor typed is kept in both languages", async () => {
    const up = (await anim.get("/api/scenarios/library")).body[0].id as string;
    const s = (await anim.post("/api/sessions", { scenario: up, cells: 1, cellNames: ["Équipe Zoé"] })).body;
    expect(s.cells[0].name).toBe("Équipe Zoé");
    const en = await anim.get(`/api/cells/${s.cells[0].id}/report.pdf?lang=en`);
    expect(en.headers.get("content-disposition")).toMatch(/filename="retex-.*quipe_Zo.*-en\.pdf"/);
  });
});
