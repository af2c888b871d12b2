import { describe, expect, it } from "vitest";
import { pacing } from "../../tests/fixtures/pacing.js";
import { compileScenario } from "./compile.js";
import { checkEntry, replay } from "./engine.js";
import { LogPayload, type LogPayloadInput } from "./log.js";
import { realSecondsUntil } from "./pacing.js";
import { staffView, viewFor } from "./view.js";

const compiled = compileScenario(pacing);
const H = 3600;
const run = (...entries: LogPayloadInput[]) => replay(compiled, [
  { type: "open", seed: 1, engine: 2 }, { type: "join", player: "p1", name: "Ada" }, { type: "assign", player: "p1", role: "director" },
  { type: "join", player: "p2", name: "Bob" }, { type: "assign", player: "p2", role: "com" }, { type: "start" },
  ...entries,
].map((e) => LogPayload.parse(e)));
const reply = (role: string, player: string, delivery: string): LogPayloadInput =>
  ({ type: "action", player, role, action: "message", params: { to: "cnil", text: "Voici notre réponse" }, replyTo: delivery });
const statement: LogPayloadInput = { type: "action", player: "p2", role: "com", action: "statement", params: { audience: "external", medium: "press", text: "Nous enquêtons." } };

describe("reply deadlines", () => {
  it("count down for the roles that received the inject only; staff see every one with its consequence", () => {
    const s = run({ type: "clock", to: 1.5 * H });
    const letter = s.deliveries.find((d) => d.inject === "letter")!;
    expect(viewFor(compiled, s, ["director"]).countdowns).toEqual([
      { id: letter.id, delivery: letter.id, title: { fr: "Demande de la CNIL", en: "CNIL request" }, dueAt: 2.5 * H, status: "open", to: ["director"] }]);
    expect(viewFor(compiled, s, ["com"]).countdowns.map((c) => c.title)).toEqual([{ fr: "Déclaration au Journal", en: "Statement to the paper" }]);
    const staff = staffView(compiled, s).countdowns;
    expect(staff).toHaveLength(2);
    expect(staff[0].consequence).toEqual({ fr: "La CNIL relance et ouvre un contrôle.", en: "The CNIL follows up and opens an audit." });
  });

  it("stop on a recipient's reply, not on another role's", () => {
    const s = run({ type: "clock", to: H }, reply("com", "p2", "d1"));
    expect(s.countdowns![0].status).toBe("open");
    const t = run({ type: "clock", to: H }, reply("director", "p1", "d1"), { type: "clock", to: 4 * H });
    expect(t.countdowns![0]).toMatchObject({ status: "answered", resolvedAt: H, by: "a1" });
    expect(t.deliveries.some((d) => d.inject === "reminder")).toBe(false);
    expect(t.gauges.trust).toBe(60);
  });

  it("expire at their due time exactly, however coarse the clock, and play what the author wrote", () => {
    for (const ticks of [[4 * H], [H, 2 * H, 3 * H, 4 * H], [2.5 * H, 4 * H]]) {
      const s = run(...ticks.map((to) => ({ type: "clock" as const, to })));
      expect(s.countdowns![0]).toMatchObject({ status: "expired", resolvedAt: 2.5 * H });
      expect(s.deliveries.find((d) => d.inject === "reminder")?.at).toBe(2.5 * H);
      expect(s.gauges.trust).toBe(50);
      // Now the player is told what follows; before, only staff knew.
      expect(viewFor(compiled, s, ["director"]).countdowns[0]).toMatchObject({ status: "expired", consequence: { fr: "La CNIL relance et ouvre un contrôle.", en: "The CNIL follows up and opens an audit." } });
    }
    const early = run({ type: "clock", to: 2.5 * H - 1 });
    expect(early.countdowns![0].status).toBe("open");
    expect(viewFor(compiled, early, ["director"]).countdowns[0].consequence).toBeUndefined();
  });

  it("stop when their `until` holds", () => {
    const s = run({ type: "clock", to: 1.25 * H }, statement, { type: "clock", to: 3 * H });
    expect(s.countdowns!.find((c) => c.inject === "call")).toMatchObject({ status: "answered", resolvedAt: 1.25 * H });
    const late = run({ type: "clock", to: 3 * H }, statement);
    expect(late.countdowns!.find((c) => c.inject === "call")).toMatchObject({ status: "expired", resolvedAt: 2 * H });
  });
});

describe("an improvised inject's reply deadline (the instructor's)", () => {
  const improvise = (deadline?: Record<string, unknown>): LogPayloadInput => ({ type: "improvise" as const, channel: "mail", from: "cnil", to: ["com"], subject: "Précisions demandées",
    body: "Merci de répondre.", ...(deadline ? { deadline } : {}) }) as LogPayloadInput;
  const mine = (s: ReturnType<typeof run>) => s.countdowns!.find((c) => c.improvised)!;
  const id = (s: ReturnType<typeof run>) => s.deliveries.find((d) => d.improvised)!.id;

  it("counts down for the roles it reaches only, titled by the instructor (else the subject), its consequence for staff until it expires", () => {
    const s = run({ type: "clock", to: 600 }, improvise({ within: 1800, label: "Réponse à la CNIL", consequence: "La CNIL s'impatiente." }));
    expect(viewFor(compiled, s, ["com"]).countdowns.filter((c) => c.delivery === id(s))).toEqual([
      { id: id(s), delivery: id(s), title: "Réponse à la CNIL", dueAt: 2400, status: "open", to: ["com"] }]);
    expect(viewFor(compiled, s, ["director"]).countdowns.some((c) => c.delivery === id(s))).toBe(false);
    expect(staffView(compiled, s).countdowns.find((c) => c.delivery === id(s))?.consequence).toBe("La CNIL s'impatiente.");
    expect(viewFor(compiled, s, ["com"]).deliveries.find((d) => d.id === id(s))?.reply).toBe(true);
    const plain = run({ type: "clock", to: 600 }, improvise({ within: 600 }));
    expect(viewFor(compiled, plain, ["com"]).countdowns.find((c) => c.delivery === id(plain))?.title).toBe("Précisions demandées");
  });

  it("is answered by a recipient's reply, expires at its due second otherwise (no effect), and replays exactly", () => {
    const d = id(run({ type: "clock", to: 600 }, improvise({ within: 1800 })));
    expect(mine(run({ type: "clock", to: 600 }, improvise({ within: 1800 }), { type: "clock", to: 900 }, reply("director", "p1", d), { type: "clock", to: 1000 })).status).toBe("open");
    const answered = run({ type: "clock", to: 600 }, improvise({ within: 1800 }), { type: "clock", to: 900 }, reply("com", "p2", d), { type: "clock", to: 4000 });
    expect(mine(answered)).toMatchObject({ status: "answered", resolvedAt: 900 });
    const log = [{ type: "clock" as const, to: 600 }, improvise({ within: 1800, consequence: "Relance." }), { type: "clock" as const, to: 1000 }, { type: "clock" as const, to: 5000 }];
    const expired = run(...log);
    expect(mine(expired)).toMatchObject({ status: "expired", resolvedAt: 2400 });
    expect(viewFor(compiled, expired, ["com"]).countdowns.find((c) => c.delivery === mine(expired).delivery)?.consequence).toBe("Relance.");
    const coarse = run({ type: "clock", to: 600 }, improvise({ within: 1800, consequence: "Relance." }), { type: "clock", to: 5000 });
    expect(mine(coarse)).toEqual(mine(expired));
    expect(run(...log)).toEqual(expired);
  });

  it("refuses a deadline out of bounds or with unknown fields", () => {
    for (const deadline of [{ within: 30 }, { within: 8 * 24 * H }, { within: 90.5 }, { within: 600, label: "" }, { within: 600, effects: [] }]) {
      expect(LogPayload.safeParse(improvise(deadline)).success).toBe(false);
    }
  });
});

describe("pacing", () => {
  it("keeps the authored tempo under the instructor's multiplier", () => {
    const s = run({ type: "pace", factor: 2 });
    expect(s.speed).toBe(20); // detection: tempo 10
    const t = run({ type: "pace", factor: 2 }, { type: "clock", to: H });
    expect([t.tempo, t.speed]).toEqual([30, 60]); // crisis entered at T+00:30
    const u = run({ type: "pace", factor: 0.5 }, { type: "clock", to: 4 * H });
    expect([u.tempo, u.speed]).toEqual([60, 30]); // the T+04:00 trigger
    const back = run({ type: "pace", factor: 2 }, { type: "pace", factor: 1 }, { type: "clock", to: H });
    expect(back.speed).toBe(30);
  });

  it("an absolute speed still overrides the tempo (older sessions), until a multiplier gives it back", () => {
    const s = run({ type: "speed", speed: 5 }, { type: "clock", to: H });
    expect([s.tempo, s.speed, s.manualSpeed]).toEqual([30, 5, true]);
    const t = run({ type: "speed", speed: 5 }, { type: "clock", to: H }, { type: "pace", factor: 3 });
    expect([t.speed, t.manualSpeed]).toEqual([90, false]);
  });

  it("goes to a time, running or paused, delivering what was due on the way at its own time", () => {
    const s = run({ type: "pause" }, { type: "goto", to: 3 * H });
    expect(s.status).toBe("paused");
    expect(s.time).toBe(3 * H);
    expect(s.deliveries.map((d) => [d.inject, d.at])).toEqual([["letter", 0.5 * H], ["call", H], ["reminder", 2.5 * H]]);
    expect(s.phase).toBe("crisis");
    const ticks = run({ type: "clock", to: 3 * H });
    expect(s.deliveries).toEqual(ticks.deliveries);
    expect(s.countdowns).toEqual(ticks.countdowns);
  });

  it("refuses to go back, beyond the end, or before the start", () => {
    const s = run({ type: "clock", to: 2 * H });
    expect(checkEntry(compiled, s, { type: "goto", to: H })?.code).toBe("time_backwards");
    expect(checkEntry(compiled, s, { type: "goto", to: 2 * H })?.code).toBe("time_backwards");
    expect(checkEntry(compiled, s, { type: "goto", to: 7 * H })?.code).toBe("bad_params");
    expect(checkEntry(compiled, s, { type: "goto", to: 3 * H })).toBeNull();
    const lobby = replay(compiled, [LogPayload.parse({ type: "open", seed: 1 })]);
    expect(checkEntry(compiled, lobby, { type: "goto", to: H })?.code).toBe("not_running");
  });

  it("going to the end ends the exercise", () => {
    const s = run({ type: "goto", to: 6 * H });
    expect(s.status).toBe("ended");
  });

  it("tells what closes: the exit window of the phase, then the end; and estimates real time along the tempo plan", () => {
    const s = run({ type: "clock", to: H }, { type: "pace", factor: 2 });
    const p = staffView(compiled, s).pacing;
    expect(p.closings).toEqual([{ kind: "exit", at: 5 * H, phase: "Crise" }, { kind: "end", at: 6 * H }]);
    expect(p.plan).toEqual([{ at: 4 * H, tempo: 60 }]);
    expect(viewFor(compiled, s, ["com"]).pacing.plan).toBeUndefined();
    // T+01:00 → T+04:00 at 60 (30 × 2), then T+04:00 → T+05:00 at 120: 180 + 30 real seconds.
    expect(realSecondsUntil(p, s.time, s.speed, 5 * H)).toBeCloseTo(3 * H / 60 + H / 120);
    // Without the plan (what players hold): at the current speed.
    expect(realSecondsUntil({ factor: 2, manual: false }, s.time, s.speed, 5 * H)).toBeCloseTo(4 * H / 60);
    const ended = run({ type: "goto", to: 6 * H });
    expect(viewFor(compiled, ended, ["com"]).pacing.closings).toEqual([]);
  });
});
