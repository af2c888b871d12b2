import type { Text } from "../scenario/text.js";
import { gaugeWorse } from "../scenario/worse.js";
import type { CompiledScenario } from "./compiled.js";
import { seededRandom } from "./rng.js";
import type { ActionRecord, EngineState, PublicReply, Tone } from "./types.js";

/**
 * The cell's own posts on the social network and the public's replies to
 * them. A post is the built-in statement published on social media, or a
 * scenario statement sent through a social channel. Each post of a scenario
 * with `social.replies` draws `count` replies from that pool, from a random
 * stream seeded by the session's generator and the action's number (so a
 * post never changes whether a `chance` trigger fires), each reply's tone
 * drawn from the gauge: the better its side, the more supportive.
 */

export type { PublicReply, Tone };

/** A persona's account: its `handle`, else « @ » and its name without accents or spaces (never its id). */
export function handleOf(p: { handle?: string; name: Text }): string {
  if (p.handle) return p.handle;
  const name = typeof p.name === "string" ? p.name : p.name.fr;
  const slug = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 30);
  return `@${slug || "compte"}`;
}

/**
 * Whether this action is a post from the cell's official account. `channelKind` tells the kind of the
 * channel a catalogue action goes through (the engine reads its compiled scenario, the browser its brief).
 */
export function isSocialPost(a: Pick<ActionRecord, "action" | "kind" | "params">, channelKind: (action: string) => string | undefined): boolean {
  if (a.kind !== "statement") return false;
  if (a.action === "statement") return a.params.medium === "social";
  return channelKind(a.action) === "social";
}

const compiledChannelKind = (compiled: CompiledScenario) => (action: string): string | undefined => {
  const channel = compiled.actions.get(action)?.source.channel;
  return channel === undefined ? undefined : compiled.channels.get(channel)?.kind;
};

/** How good the tone gauge is now, 0 (its worst end) to 1 (its best); 0.5 without a gauge. */
export function mood(compiled: CompiledScenario, state: EngineState): number {
  const id = compiled.scenario.social?.gauge;
  const g = id === undefined ? undefined : compiled.gauges.get(id);
  if (!g || g.max <= g.min) return 0.5;
  const p = Math.min(1, Math.max(0, (state.gauges[g.id] - g.min) / (g.max - g.min)));
  return gaugeWorse(g) === "high" ? 1 - p : p;
}

/** The tone of one reply for a draw `u` in [0, 1): supportive with 0.8·mood, hostile with 0.8·(1 − mood), neutral otherwise. */
export function toneFor(m: number, u: number): Tone {
  if (u < 0.8 * m) return "supportive";
  if (u < 0.8) return "hostile";
  return "neutral";
}

/** The replies a post recorded now draws (engine v2, scenarios with `social:` only; none otherwise). */
export function drawReplies(compiled: CompiledScenario, state: EngineState, a: ActionRecord): PublicReply[] {
  const social = compiled.scenario.social;
  if (!social || (state.engine ?? 1) < 2 || !isSocialPost(a, compiledChannelKind(compiled))) return [];
  const rand = seededRandom((state.rng ^ Math.imul(Number(a.id.slice(1)) || 0, 0x9e3779b1)) >>> 0);
  const spacing = compiled.socialSpacing;
  const m = mood(compiled, state);
  const used = new Set<number>();
  const out: PublicReply[] = [];
  for (let i = 0; i < social.count; i++) {
    const tone = toneFor(m, rand());
    const indexes = social.replies.map((_, k) => k);
    const fresh = indexes.filter((k) => !used.has(k));
    const pool = [fresh.filter((k) => social.replies[k].tone === tone), indexes.filter((k) => social.replies[k].tone === tone), fresh, indexes]
      .find((p) => p.length > 0)!;
    const k = pool[Math.floor(rand() * pool.length)];
    used.add(k);
    const r = social.replies[k];
    out.push({ at: a.at + (i + 1) * spacing, tone: r.tone, handle: r.handle, text: r.text });
  }
  return out;
}
