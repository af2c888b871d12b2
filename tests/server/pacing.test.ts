import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileScenario, replay, type LogPayload } from "../../shared/engine/index.js";
import { pacing, pacingInput } from "../fixtures/pacing.js";
import { Http, instructor, join, okAck, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * Pacing and reply deadlines through a real server and the official SDK
 * (CellConnection → @colyseus/sdk): a student (or an evaluator) cannot move
 * the clock in any way — multiplier, absolute speed, go to time — and nothing
 * is logged when they try; the instructor's multiplier keeps the authored
 * tempo; going to a time plays what was due on the way; a countdown reaches
 * the roles concerned only, on the wire, and so does the deadline an instructor
 * puts on an improvised inject (checked by zod, logged); and the stored log
 * replays to the live state.
 */

let server: TestServer;
let anim: Http;
let cell: string, session: string;
let staff: Probe, jury: Probe, dir: Probe, com: Probe;
const compiled = compileScenario(pacing);
const H = 3600;

beforeAll(async () => {
  server = await startServer({ clockMs: 100 });
  anim = await instructor(server);
  expect((await anim.post("/api/users", { username: "jury", password: "mot-de-passe-jury", role: "evaluator" })).status).toBe(201);
  const juryHttp = new Http();
  expect((await juryHttp.post("/api/login", { username: "jury", password: "mot-de-passe-jury" })).status).toBe(200);
  const up = await anim.post("/api/scenarios/library", { filename: "pacing.json", text: JSON.stringify(pacingInput) });
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const s = await anim.post("/api/sessions", { scenario: up.body.id, cells: 1, seed: 5 });
  expect(s.status).toBe(201);
  session = s.body.id;
  cell = s.body.cells[0].id;
  // An evaluator sees a session only once its owner shares it for assessment (issue 12).
  expect((await anim.post(`/api/sessions/${session}/shares`, { username: "jury", access: "assess" })).status).toBe(200);
  const [a, b] = [await join(s.body.cells[0].code, "Ada"), await join(s.body.cells[0].code, "Bob")];
  staff = await Probe.staff(cell, anim);
  jury = await Probe.staff(cell, juryHttp);
  dir = await Probe.player(cell, a.token);
  com = await Probe.player(cell, b.token);
  okAck(await dir.intent({ type: "take_role", role: "director" }));
  okAck(await com.intent({ type: "take_role", role: "com" }));
  okAck(await staff.command({ type: "start" }));
  okAck(await staff.command({ type: "pause" }));
});

afterAll(async () => {
  for (const p of [staff, jury, dir, com]) await p?.close();
  await server?.close();
});

const runtime = () => server.app.ctx.cells.get(cell)!;

describe("pacing commands over the wire", () => {
  it("a student or an evaluator cannot change the speed or the tempo, nor go to a time; nothing is logged", async () => {
    const before = await server.storage.lastSeq(cell);
    const speed = runtime().state.speed, time = runtime().state.time;
    const attempts = [{ type: "pace", factor: 5 }, { type: "speed", speed: 600 }, { type: "goto", to: 3 * H }, { type: "goto", to: 6 * H }];
    for (const command of attempts) {
      expect(await dir.command(command)).toMatchObject({ ok: false, code: "forbidden" });
      expect(await com.command(command)).toMatchObject({ ok: false, code: "forbidden" });
      expect(await jury.command(command)).toMatchObject({ ok: false, code: "forbidden" });
    }
    // Disguised as a player intent: not a player intent at all.
    expect(await dir.intent({ type: "goto", to: 3 * H })).toMatchObject({ ok: false, code: "bad_message" });
    // Nor through the HTTP route of session-wide commands, without the instructor's session.
    expect((await new Http().post(`/api/sessions/${session}/command`, { command: { type: "goto", to: 3 * H } })).status).toBe(401);
    expect(await server.storage.lastSeq(cell)).toBe(before);
    expect([runtime().state.speed, runtime().state.time]).toEqual([speed, time]);
  });

  it("the instructor's multiplier keeps the authored tempo; going to a time plays what was due; countdowns reach their roles only", async () => {
    okAck(await staff.command({ type: "pace", factor: 2 }));
    expect(runtime().state.speed).toBe(20); // detection: tempo 10 × 2
    const seq = runtime().state.seq;
    okAck(await staff.command({ type: "goto", to: 3 * H }));
    const s = runtime().state;
    expect(s.status).toBe("paused");
    expect(s.time).toBe(3 * H);
    expect([s.tempo, s.speed]).toEqual([30, 60]); // crisis phase entered at T+00:30, still ×2
    expect(s.deliveries.map((d) => [d.inject, d.at])).toEqual([["letter", 0.5 * H], ["call", H], ["reminder", 2.5 * H]]);
    expect(s.countdowns!.map((c) => [c.inject, c.status, c.resolvedAt])).toEqual([["letter", "expired", 2.5 * H], ["call", "expired", 2 * H]]);

    await dir.waitFor(() => dir.updates.some((u) => u.seq > seq && u.updates.some((x) => x.type === "countdowns" && x.countdowns.some((c) => c.status === "expired"))), 8000, "director's countdowns");
    const mine = dir.all("countdowns").at(-1)!.countdowns;
    expect(mine.map((c) => c.status)).toEqual(["expired"]);
    expect(mine[0].consequence).toEqual({ fr: "La CNIL relance et ouvre un contrôle.", en: "The CNIL follows up and opens an audit." });
    await com.waitFor(() => com.all("countdowns").some((u) => u.countdowns.some((c) => c.status === "expired")), 8000, "com's countdowns");
    expect(com.all("countdowns").flatMap((u) => u.countdowns).every((c) => c.delivery !== s.countdowns![0].delivery)).toBe(true);
    // On the wire: the communication role never received a byte of the letter's countdown.
    for (const text of ["Demande de la CNIL", "relance et ouvre un contrôle"]) expect(com.raw().includes(Buffer.from(text, "utf8"))).toBe(false);
    expect(dir.raw().includes(Buffer.from("relance et ouvre un contrôle", "utf8"))).toBe(true);
    // Everyone sees the pacing (exit window of « Crise », then the end); only staff get the tempo plan.
    await staff.waitFor(() => staff.all("pacing").some((p) => p.pacing.factor === 2 && p.pacing.closings[0]?.kind === "exit"), 8000, "staff pacing");
    expect(staff.all("pacing").at(-1)!.pacing.plan).toEqual([{ at: 4 * H, tempo: 60 }]);
    await com.waitFor(() => com.all("pacing").some((p) => p.pacing.closings[0]?.kind === "exit"), 8000, "player pacing");
    expect(com.all("pacing").every((p) => p.pacing.plan === undefined)).toBe(true);
    // Time never goes back.
    expect(await staff.command({ type: "goto", to: H })).toMatchObject({ ok: false, code: "time_backwards" });
  });

  it("an improvised inject may carry a reply deadline: checked, logged, counted down for its roles only", async () => {
    const improvise = (deadline: unknown) => ({ type: "improvise", channel: "mail", from: "journalist", to: ["com"], subject: "Vos chiffres ?", body: "Combien de clients touchés ?", deadline });
    const before = await server.storage.lastSeq(cell);
    for (const bad of [{ within: 5 }, { within: 600.5 }, { within: 30 * 24 * H }, { within: 600, label: "" }, { within: 600, effects: [{ end: true }] }, "00:30"]) {
      expect([bad, await staff.command(improvise(bad))]).toMatchObject([bad, { ok: false, code: "bad_message" }]);
    }
    expect(await jury.command(improvise({ within: 600 }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await com.command(improvise({ within: 600 }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await server.storage.lastSeq(cell)).toBe(before);

    const t0 = runtime().state.time;
    okAck(await staff.command(improvise({ within: 1800, label: "CHIFFRES-AU-JOURNAL", consequence: "ARTICLE-SANS-VOUS" })));
    const logged = (await server.storage.readLog(cell, before)).map((e) => e.payload).find((p) => p.type === "improvise");
    expect(logged).toMatchObject({ deadline: { within: 1800, label: "CHIFFRES-AU-JOURNAL", consequence: "ARTICLE-SANS-VOUS" } });
    await com.waitFor(() => com.all("countdowns").some((u) => u.countdowns.some((c) => c.title === "CHIFFRES-AU-JOURNAL")), 8000, "com's improvised countdown");
    const mine = com.all("countdowns").at(-1)!.countdowns.find((c) => c.title === "CHIFFRES-AU-JOURNAL")!;
    expect(mine).toMatchObject({ status: "open", dueAt: t0 + 1800, to: ["com"] });
    expect(mine.consequence).toBeUndefined(); // players learn what follows only at expiry
    await staff.waitFor(() => staff.all("countdowns").some((u) => u.countdowns.some((c) => c.consequence === "ARTICLE-SANS-VOUS")), 8000, "staff's");
    for (const text of ["CHIFFRES-AU-JOURNAL", "ARTICLE-SANS-VOUS"]) expect(dir.raw().includes(Buffer.from(text, "utf8"))).toBe(false);
    expect(com.raw().includes(Buffer.from("ARTICLE-SANS-VOUS", "utf8"))).toBe(false);
  });

  it("the stored log replays to the live state", async () => {
    okAck(await staff.command({ type: "resume" }));
    okAck(await staff.command({ type: "pace", factor: 0.5 }));
    okAck(await staff.command({ type: "goto", to: 4.5 * H }));
    expect([runtime().state.tempo, runtime().state.speed]).toEqual([60, 30]);
    // Read inside the cell's queue: the running clock appends nothing meanwhile.
    const [entries, live] = await runtime().exclusive(async () => [await server.storage.readLog(cell, 0), JSON.stringify(runtime().state)] as const);
    const folded = replay(compiled, entries.map((e) => e.payload as LogPayload));
    expect(JSON.stringify(folded)).toBe(live);
    expect(entries.filter((e) => e.payload.type === "goto").map((e) => e.by.kind)).toEqual(["instructor", "instructor"]);
  });
});
