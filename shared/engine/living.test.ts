import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load.js";
import { edit, only, problems } from "../scenario/test-helpers.js";
import { callStatus, ringingCalls } from "./calls.js";
import { compileScenario } from "./compile.js";
import { applyEntry, createState } from "./engine.js";
import { LogPayload, type LogPayloadInput } from "./log.js";
import { mood, toneFor } from "./social.js";
import type { EngineState } from "./types.js";
import { DEFAULT_LIKES, lineSeconds, lineTimes } from "./reveal.js";
import { liveParts, scenarioBrief, viewFor } from "./view.js";
import { describeEntry, lineText } from "../replay/describe.js";

// Phone calls answered or missed, and the cell's posts drawing public replies (tests/fixtures/living.yaml).
const TEXT = readFileSync(new URL("../../tests/fixtures/living.yaml", import.meta.url), "utf8");
const loaded = loadScenario(TEXT, "living.yaml");
if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
const compiled = compileScenario(loaded.scenario);
const M = 60;

function play(entries: LogPayloadInput[], seed = 7): { state: EngineState; rejected: string[] } {
  const state = createState(compiled);
  const rejected: string[] = [];
  const lobby: LogPayloadInput[] = [
    { type: "open", seed, engine: 2 }, { type: "join", player: "p1", name: "Alice" }, { type: "join", player: "p2", name: "Bob" },
    { type: "assign", player: "p1", role: "directeur" }, { type: "assign", player: "p2", role: "com" }, { type: "start" },
  ];
  for (const e of [...lobby, ...entries]) {
    for (const fx of applyEntry(compiled, state, LogPayload.parse(e))) if (fx.type === "rejected") rejected.push(String(fx.params?.detail ?? fx.code));
  }
  return { state, rejected };
}
const answer = (player: string, role: string, call: string): LogPayloadInput => ({ type: "action", player, role, action: "answer_call", params: { phone_call: call } });
const fired = (s: EngineState) => Object.keys(s.fired).sort();

describe("phone calls", () => {
  it("an answered call fires the author's `answered` consequence, never the missed one", () => {
    const { state, rejected } = play([{ type: "clock", to: 10 * M }, answer("p1", "directeur", "appel_prefet"), { type: "clock", to: 60 * M }]);
    expect(rejected).toEqual([]);
    expect(fired(state)).toEqual(["appel_pris"]);
    expect(state.gauges.confiance).toBe(65);
    expect(state.expectations.decrocher.status).toBe("met");
  });

  it("a call nobody picks up is missed one second after its ringing ends: trust falls and the callback mail follows 5 min later", () => {
    const ringEnd = 5 * M + 20 * M;
    const before = play([{ type: "clock", to: ringEnd }]).state;
    expect(fired(before)).toEqual([]);
    expect(ringingCalls(compiled, before).map((c) => c.delivery.inject)).toEqual(["appel_prefet"]);
    const after = play([{ type: "clock", to: 60 * M }]).state;
    expect(fired(after)).toEqual(["appel_manque"]);
    expect(after.gauges.confiance).toBe(45);
    expect(after.deliveries.find((d) => d.inject === "rappel_prefet")?.at).toBe(ringEnd + 1 + 5 * M);
  });

  it("refuses an answer after the ringing, by a role it does not ring for, twice, or for something that is not a call", () => {
    expect(play([{ type: "clock", to: 26 * M }, answer("p1", "directeur", "appel_prefet")]).rejected).toEqual(["call_not_ringing"]);
    expect(play([{ type: "clock", to: 6 * M }, answer("p2", "com", "appel_prefet")]).rejected).toEqual(["call_wrong_role"]);
    expect(play([{ type: "clock", to: 6 * M }, answer("p1", "directeur", "appel_prefet"), answer("p1", "directeur", "appel_prefet")]).rejected)
      .toEqual(["call_answered"]);
    expect(play([{ type: "clock", to: 6 * M }, answer("p1", "directeur", "post_fuite")]).rejected).toEqual(["not_a_call"]);
    expect(play([answer("p1", "directeur", "appel_prefet")]).rejected).toEqual(["call_not_ringing"]);
  });

  it("a call delivered again rings once: both deliveries share the first one's window", () => {
    const { state } = play([{ type: "clock", to: 6 * M }, { type: "inject_now", inject: "appel_prefet" }]);
    const calls = viewFor(compiled, state, ["directeur"]).deliveries.filter((d) => d.call);
    expect(calls.map((d) => [d.at, d.call!.until])).toEqual([[5 * M, 25 * M], [6 * M, 25 * M]]);
  });

  it("the event log names the call a player picked up by its subject, never by the inject's id", () => {
    const { state } = play([{ type: "clock", to: 6 * M }]);
    const entry = { ...LogPayload.parse(answer("p1", "directeur", "appel_prefet")), seq: state.seq + 1 };
    const line = describeEntry(compiled, entry, [], state.seq, state.seq + 1, state);
    expect(lineText(line, "fr")).toBe("Alice (Directeur de crise) — Décrocher : Appel de la préfecture");
    expect(lineText(line, "en")).toBe("Alice (Crisis director) — Answer: Call from the prefecture");
  });

  it("the view carries the call's window and who may answer; status follows time and answers", () => {
    const { state } = play([{ type: "clock", to: 6 * M }]);
    const d = viewFor(compiled, state, ["directeur"]).deliveries.find((x) => x.channelKind === "phone")!;
    expect(d.call?.until).toBe(25 * M);
    expect(d.call?.answer).toEqual(["directeur"]);
    expect(callStatus(d.call!.until, false, 25 * M)).toBe("ringing");
    expect(callStatus(d.call!.until, false, 25 * M + 1)).toBe("missed");
    expect(callStatus(d.call!.until, true, 99 * M)).toBe("answered");
  });
});

describe("nothing read early: a call's lines, a voicemail, a post's counts and the public's replies only from their time", () => {
  const call = (s: EngineState, roles = ["directeur"]) => viewFor(compiled, s, roles).deliveries.find((x) => x.channelKind === "phone")!;
  const LINES = compiled.injects.get("appel_prefet")!.call!.lines;

  it("a ringing call carries neither its conversation nor its voicemail, not even in its body", () => {
    const d = call(play([{ type: "clock", to: 6 * M }]).state);
    expect(d.call).toMatchObject({ lines: [] });
    expect(d.call?.voicemail).toBeUndefined();
    expect(d.body).toBe("");
    expect(JSON.stringify(d)).not.toContain("Où en êtes-vous");
  });

  it("an answered call says its lines one after the other in game time, the body being what was said", () => {
    const at = 6 * M;
    const times = lineTimes(LINES, at);
    expect(times[0]).toBe(at);
    expect(times[1] - times[0]).toBe(lineSeconds(LINES[0].text));
    for (let k = 0; k < LINES.length; k++) {
      const s = play([{ type: "clock", to: at }, answer("p1", "directeur", "appel_prefet"), { type: "clock", to: times[k] }]).state;
      const d = call(s);
      expect(d.call!.lines).toEqual(LINES.slice(0, k + 1));
      expect(d.call!.ongoing).toBe(true);
      if (k > 0) expect(call(play([{ type: "clock", to: at }, answer("p1", "directeur", "appel_prefet"), { type: "clock", to: times[k] - 1 }]).state).call!.lines).toHaveLength(k);
    }
    const done = call(play([{ type: "clock", to: at }, answer("p1", "directeur", "appel_prefet"), { type: "clock", to: 60 * M }]).state);
    expect(done.call!.ongoing).toBeUndefined();
    expect(done.call!.voicemail).toBeUndefined();
    expect(done.body).toEqual({ fr: LINES.map((l) => (l.text as { fr: string }).fr).join("\n"), en: LINES.map((l) => (l.text as { en: string }).en).join("\n") });
  });

  it("a missed call reads as its voicemail, never its conversation", () => {
    const d = call(play([{ type: "clock", to: 26 * M }]).state);
    expect(d.call).toMatchObject({ lines: [], voicemail: { fr: "Préfecture du Rhône : rappelez-nous au plus vite." } });
    expect(d.body).toEqual(d.call!.voicemail);
    expect(d.call!.ongoing).toBeUndefined();
  });

  it("a post carries its shares and likes now, never the curve; they grow with game time", () => {
    const posts = (t: number) => viewFor(compiled, play([{ type: "clock", to: t }]).state, ["com"]).deliveries.filter((d) => d.channelKind === "social");
    const at10 = posts(10 * M)[0], at70 = posts(70 * M)[0], end = posts(4 * 60 * M - 1)[0];
    expect(at10).not.toHaveProperty("volume");
    expect(at10.shares).toBe(40);
    expect(at70.shares).toBeGreaterThan(at10.shares!);
    expect(end.shares).toBe(4000);
    expect(at70.likes).toBe(Math.round(at70.shares! * 2));
    expect(posts(40 * M)[1].likes).toBe(Math.round(posts(40 * M)[1].shares! * DEFAULT_LIKES));
  });

  it("the public's replies to the cell's post appear in the views only once due; liveParts names what changes", () => {
    const post: LogPayloadInput = { type: "action", player: "p2", role: "com", action: "statement", params: { audience: "external", medium: "social", text: "Réseau isolé." } };
    const shown = (t: number) => viewFor(compiled, play([{ type: "clock", to: 10 * M }, post, { type: "clock", to: t }]).state, ["directeur"]).actions.at(-1)!.replies;
    expect(shown(10 * M)).toEqual([]);
    expect(shown(15 * M)).toHaveLength(1);
    expect(shown(25 * M)).toHaveLength(3);
    const s = play([{ type: "clock", to: 31 * M }]).state;
    expect(liveParts(compiled, s, ["com"]).map((p) => p.id)).toEqual(s.deliveries.filter((d) => d.inject !== "appel_prefet" && d.inject !== "rappel_prefet").map((d) => d.id));
    expect(liveParts(compiled, s, ["directeur"]).every((p) => p.call === undefined || p.call.inject === "appel_prefet")).toBe(true);
  });
});

describe("the scenario language for calls and the social network", () => {
  it("reports a `call` condition on an inject that is not a call, with its line and column", () => {
    const bad = edit(TEXT, "when: { call: { inject: appel_prefet, status: missed } }", "when: { call: { inject: rappel_prefet, status: missed } }");
    const p = only(problems(bad), "triggers[0].when.call.inject");
    expect(p.message).toBe("« rappel_prefet » n'est pas un appel : ajoutez-lui un bloc `call:` (ring, lines)");
    expect(bad.split("\n")[p.line - 1].slice(p.col - 1)).toMatch(/^rappel_prefet/);
  });

  it("reports a call on a channel that is not a phone, a role on a missed call, an unknown repost and a bad ring", () => {
    expect(only(problems(edit(TEXT, "  - id: appel_salarie\n    at: \"T+00:40\"\n    channel: tel", "  - id: appel_salarie\n    at: \"T+00:40\"\n    channel: mail")), "injects[2].call").message)
      .toBe("un appel (`call:`) passe par un canal de type « phone » ; « mail » est de type « mail »");
    expect(only(problems(edit(TEXT, "status: missed } }", "status: missed, role: com } }")), "triggers[0].when.call.role").message).toMatch(/^`role` ne va qu'avec/);
    expect(only(problems(edit(TEXT, "repost: post_fuite", "repost: post_fuit")), "injects[4].repost").message).toMatch(/^inject inconnu « post_fuit »/);
    expect(only(problems(edit(TEXT, 'ring: "00:10"', 'ring: "dix"')), "injects[2].call.ring").message).toMatch(/^durée invalide « dix »/);
  });
});

describe("the cell's posts and the public's replies", () => {
  const post = (player = "p2", role = "com"): LogPayloadInput => ({ type: "action", player, role, action: "statement",
    params: { audience: "external", medium: "social", text: "Nous avons isolé le réseau." } });

  it("a post draws `count` replies, spaced, the same for the same seed and log; a press release draws none", () => {
    const a = play([{ type: "clock", to: 10 * M }, post()]).state.actions.at(-1)!;
    const b = play([{ type: "clock", to: 10 * M }, post()]).state.actions.at(-1)!;
    expect(a.replies).toHaveLength(3);
    expect(a.replies!.map((r) => r.at)).toEqual([15 * M, 20 * M, 25 * M]);
    expect(b.replies).toEqual(a.replies);
    const press = play([{ type: "clock", to: 10 * M }, { type: "action", player: "p2", role: "com", action: "statement",
      params: { audience: "external", medium: "press", text: "Communiqué." } }]).state.actions.at(-1)!;
    expect(press.replies).toBeUndefined();
  });

  it("the tone follows the gauge: over many seeds, low trust draws more hostile replies than high trust", () => {
    const tally = (trust: number) => {
      let hostile = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const s = play([{ type: "gauge", gauge: "confiance", set: trust }, { type: "clock", to: 10 * M }, post()], seed).state;
        hostile += s.actions.at(-1)!.replies!.filter((r) => r.tone === "hostile").length;
      }
      return hostile;
    };
    expect(tally(5)).toBeGreaterThan(tally(95) + 40);
    expect(toneFor(1, 0.5)).toBe("supportive");
    expect(toneFor(0, 0.5)).toBe("hostile");
    expect(toneFor(0.5, 0.9)).toBe("neutral");
    expect(mood(compiled, play([{ type: "gauge", gauge: "confiance", set: 100 }]).state)).toBe(1);
  });

  it("posts carry handles, their counts now and the post they relay; the brief names the cell's account", () => {
    const { state } = play([{ type: "clock", to: 40 * M }]);
    const ds = viewFor(compiled, state, ["com"]).deliveries.filter((d) => d.channelKind === "social");
    expect(ds.map((d) => d.handle)).toEqual(["@CyberVeilleFR", "@Un_salarie_inquiet"]);
    expect(ds[0].likes).toBe(Math.round(ds[0].shares! * 2));
    expect(ds[1].repost).toMatchObject({ handle: "@CyberVeilleFR" });
    expect(scenarioBrief(compiled).account).toEqual({ name: "Logirhone", handle: "@Logirhone" });
  });
});
