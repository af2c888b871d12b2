import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileScenario } from "../../shared/engine/compile.js";
import { lineTimes } from "../../shared/engine/reveal.js";
import { volumeAt } from "../../shared/engine/volume.js";
import { loadScenario } from "../../shared/scenario/load.js";
import { tr } from "../../shared/scenario/lang.js";
import type { ServerMessages } from "../../shared/protocol.js";
import { Http, instructor, join, okAck, Probe, sleep, startServer, type TestServer } from "./helpers.js";

/**
 * Nothing read early, on the wire: the raw frames the official SDK received
 * hold no line of a call before it is said, no voicemail before the call is
 * missed, no share or like count ahead of the game time it was sent at (nor
 * the curve it follows), and no public reply to the cell's post before it is
 * due (tests/fixtures/living.yaml; a real server, 100 ms ticks).
 */

const TEXT = readFileSync(new URL("../fixtures/living.yaml", import.meta.url), "utf8");
const loaded = loadScenario(TEXT, "living.yaml");
if (!loaded.ok) throw new Error("living.yaml");
const compiled = compileScenario(loaded.scenario);
const LINES = compiled.injects.get("appel_prefet")!.call!.lines;
const said = (i: number) => tr(LINES[i].text, "fr");
const VOICEMAIL = tr(compiled.injects.get("appel_prefet")!.call!.voicemail, "fr");
const REPLIES = loaded.scenario.social!.replies.map((r) => tr(r.text, "fr"));

let server: TestServer;
let anim: Http;
let staff: Probe, dir: Probe, com: Probe;
const has = (p: Probe, text: string) => p.raw().includes(Buffer.from(text, "utf8"));

/** Every update message in arrival order with the game time it was computed at (its clock update, else the latest one before). */
function timed(p: Probe): { time: number; msg: ServerMessages["update"] }[] {
  let time = p.views[0].view.time;
  return p.updates.map((msg) => {
    const c = msg.updates.find((u) => u.type === "clock");
    if (c && c.type === "clock") time = c.time;
    return { time, msg };
  });
}

beforeAll(async () => {
  server = await startServer();
  anim = await instructor(server);
  const up = await anim.post("/api/scenarios/library", { filename: "living.yaml", text: TEXT });
  expect(up.status).toBe(201);
  const session = await anim.post("/api/sessions", { scenario: up.body.id, cells: 1, seed: 7 });
  expect(session.status).toBe(201);
  const cell = session.body.cells[0];
  const [jd, jc] = [await join(cell.code, "Alice"), await join(cell.code, "Bruno")];
  staff = await Probe.staff(cell.id, anim);
  [dir, com] = [await Probe.player(cell.id, jd.token), await Probe.player(cell.id, jc.token)];
  okAck(await dir.intent({ type: "take_role", role: "directeur" }));
  okAck(await com.intent({ type: "take_role", role: "com" }));
  okAck(await staff.command({ type: "start" }));
});

afterAll(async () => {
  for (const p of [staff, dir, com]) await p?.close();
  await server?.close();
});

describe("nothing read early on the wire (official SDK, raw frames)", () => {
  it("a ringing call sends no line and no voicemail; once answered, each line only from the game time it is said", async () => {
    okAck(await staff.command({ type: "inject_now", inject: "appel_prefet" }));
    await dir.waitFor(() => dir.all("delivery").some((u) => u.delivery.call?.inject === "appel_prefet"), 5000, "the call");
    await sleep(500); // a few ticks of ringing
    for (let i = 0; i < LINES.length; i++) expect([i, has(dir, said(i))]).toEqual([i, false]);
    expect(has(dir, VOICEMAIL)).toBe(false);

    okAck(await dir.intent({ type: "action", role: "directeur", action: "answer_call", params: { phone_call: "appel_prefet" } }));
    await dir.waitFor(() => has(dir, said(LINES.length - 1)), 10_000, "the last line");
    await sleep(300);
    const answer = dir.actionsNow().find((a) => a.action === "answer_call")!;
    const times = lineTimes(LINES, answer.at);
    let heard = 0;
    for (const { time, msg } of timed(dir)) {
      for (const u of msg.updates) {
        if (u.type !== "live") continue;
        for (const part of u.deliveries.filter((x) => x.call?.inject === "appel_prefet")) {
          // Exactly the lines said by the time the update was computed: never one more.
          expect(part.call!.lines).toEqual(LINES.slice(0, times.filter((t) => t <= time).length));
          heard = Math.max(heard, part.call!.lines.length);
        }
      }
    }
    expect(heard).toBe(LINES.length);
    // Lines arrived one by one (not the whole transcript at the answer): at least two different counts were sent.
    const counts = new Set(dir.all("live").flatMap((u) => u.deliveries).filter((x) => x.call).map((x) => x.call!.lines.length));
    expect(counts.size).toBeGreaterThan(1);
    expect(has(dir, VOICEMAIL)).toBe(false); // answered: never missed
    // Com, to whom the call never rang, got none of it.
    for (let i = 0; i < LINES.length; i++) expect(has(com, said(i))).toBe(false);
  });

  it("a post's shares and likes are the values at the game time they were sent, never the curve; they grow", async () => {
    // The middle of the curve (40 → 4,000 shares over two hours from T+00:10), where it grows every game second.
    okAck(await staff.command({ type: "goto", to: 70 * 60 }));
    await com.waitFor(() => com.all("delivery").some((u) => u.delivery.channelKind === "social"), 5000, "the post");
    await sleep(1500);
    const post = com.all("delivery").find((u) => u.delivery.channelKind === "social")!.delivery;
    const curve = compiled.volumes.get("post_fuite")!;
    const values: number[] = [];
    for (const { time, msg } of timed(com)) {
      for (const u of msg.updates) {
        const parts = u.type === "live" ? u.deliveries : u.type === "delivery" ? [u.delivery] : [];
        for (const part of parts.filter((x) => x.id === post.id)) {
          const now = volumeAt(curve, post.at, [], time);
          expect([time, part.shares]).toEqual([time, now]);
          expect(part.likes).toBe(Math.round(now * 2));
          values.push(part.shares!);
        }
      }
    }
    expect(values.length).toBeGreaterThan(2);
    expect(values.at(-1)!).toBeGreaterThan(values[0]);
    for (const word of ["logistic", "shape", "scales"]) expect([word, has(com, word)]).toEqual([word, false]);
  });

  it("the public's replies to the cell's post reach no one before they are due", async () => {
    okAck(await com.intent({ type: "action", role: "com", action: "statement", params: { audience: "external", medium: "social", text: "Réseau isolé, point à 11 h." } }));
    await sleep(500);
    for (const p of [dir, com]) for (const text of REPLIES) expect([text, has(p, text)]).toEqual([text, false]);
    const postAt = com.actionsNow().find((a) => a.kind === "statement")!.at;
    okAck(await staff.command({ type: "goto", to: postAt + 16 * 60 }));
    await dir.waitFor(() => (dir.actionsNow().find((a) => a.kind === "statement")?.replies?.length ?? 0) === 3, 5000, "the three replies");
    for (const { time, msg } of timed(dir)) {
      for (const u of msg.updates) if (u.type === "action" && u.action.replies) for (const r of u.action.replies) expect(r.at).toBeLessThanOrEqual(time);
    }
    expect(REPLIES.filter((text) => has(dir, text)).length).toBeGreaterThan(0);
  });
});
