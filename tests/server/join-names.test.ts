import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRefusalText } from "../../shared/i18n/http-errors.js";
import { Http, instructor, join, miniSession, startServer, type TestServer } from "./helpers.js";

/**
 * One name, one person in a cell: a student cannot take a classmate's display
 * name — whatever its case, accents, Unicode normalisation or spacing — and is
 * told, in their language, to add an initial; the student who holds it gets
 * their own seat back by typing it again on their device (its token); another
 * cell, or a name with an initial, is free. A roster pick is never refused for
 * a name: two students of one roster who share a full name play under it with
 * their number.
 */

let server: TestServer;
let anim: Http;
let s: Awaited<ReturnType<typeof miniSession>>;
const post = (body: object) => new Http().post("/api/join", body);

beforeAll(async () => {
  server = await startServer();
  anim = await instructor(server);
  s = await miniSession(anim, 2);
});
afterAll(async () => { await server?.close(); });

describe("display names in a cell", () => {
  it("a name held in the cell is refused however it is written, with a coded refusal in French and English", async () => {
    const cell = s.cells[0];
    const alice = await join(cell.code, "Alice Martin");
    for (const name of ["Alice Martin", "alice martin", "ALICE  MARTIN", " Alicé Martin ", "Ali\u0301ce Mar\u0301tin", "Alice\u00a0Martin"]) {
      const r = await post({ code: cell.code, name });
      expect(r.status, name).toBe(409);
      expect(r.body.error, name).toBe("display_name_taken");
    }
    const r = await post({ code: cell.code, name: "alice martin" });
    expect(r.body.params).toEqual({ name: "alice martin" });
    expect(httpRefusalText(r.body, "fr")).toBe("« alice martin » est déjà le nom de quelqu'un dans cette cellule : ajoutez l'initiale de votre nom (par exemple « alice martin B. ») pour que l'équipe vous distingue");
    expect(httpRefusalText(r.body, "en")).toMatch(/^“alice martin” is already the name of someone in this cell: add your last name's initial/);
    // One seat, one player: the refusals made nobody.
    expect((await server.storage.listPlayers(cell.id)).map((p) => p.id)).toEqual([alice.playerId]);
    // With an initial, or in another cell, the name is free.
    expect((await post({ code: cell.code, name: "Alice Martin B." })).status).toBe(201);
    expect((await post({ code: s.cells[1].code, name: "Alice Martin" })).status).toBe(201);
  });

  it("the holder typing their own name again on their device gets their seat back; someone else's token does not", async () => {
    const cell = s.cells[0];
    const bruno = await join(cell.code, "Bruno");
    const chloe = await join(cell.code, "Chloé");
    const again = await post({ code: cell.code, name: "BRUNO", token: bruno.token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ playerId: bruno.playerId, cellId: cell.id, name: "Bruno", resumed: true });
    // Through the session code too (which would have placed a newcomer in the emptier cell).
    expect((await post({ code: s.code, name: "Bruno", token: bruno.token })).body).toMatchObject({ playerId: bruno.playerId, cellId: cell.id });
    const stolen = await post({ code: cell.code, name: "Bruno", token: chloe.token });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error).toBe("display_name_taken");
    const forged = await post({ code: cell.code, name: "Bruno", token: `${bruno.playerId}.not-the-secret` });
    expect(forged.status).toBe(409);
    expect((await server.storage.listPlayers(cell.id)).filter((p) => p.name === "Bruno")).toHaveLength(1);
  });

  it("two roster students with one full name both join, each under their name and number", async () => {
    const klass = (await anim.post("/api/classes", { name: "MSc homonymes" })).body.id as string;
    const csv = "numero;prenom;nom\n3001;Léa;Durand\n3002;Lea;DURAND\n3003;Noé;Petit\n";
    expect((await anim.post(`/api/classes/${klass}/roster`, { data: Buffer.from(csv, "utf8").toString("base64") })).status).toBe(200);
    const up = (await anim.get("/api/scenarios/library")).body[0].id as string;
    const session = (await anim.post("/api/sessions", { scenario: up, cells: 1, class: klass })).body;
    const students = (await new Http().get(`/api/join/${session.code}`)).body.students as { id: string; label: string }[];
    const names: string[] = [];
    for (const st of students) {
      const r = await post({ code: session.code, student: st.id });
      expect(r.status, st.label).toBe(201);
      names.push(r.body.name);
    }
    expect(names.sort()).toEqual(["Lea DURAND (3002)", "Léa Durand (3001)", "Noé Petit"]);
  });
});
