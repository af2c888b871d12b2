import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileScenario } from "../../shared/engine/compile.js";
import type { CompiledScenario } from "../../shared/engine/compiled.js";
import { applyEntry, checkEntry, createState } from "../../shared/engine/engine.js";
import type { LogPayload } from "../../shared/engine/log.js";
import { seededRandom } from "../../shared/engine/rng.js";
import { buildReplay, DEFAULT_KEYFRAME_EVERY } from "../../shared/replay/index.js";
import { loadScenario } from "../../shared/scenario/load.js";
import { botPlayer, botTurn } from "../../shared/sim/bots.js";
import type { Figure } from "./figures.js";

/**
 * Replay figures for `npm run bench`: a realistic 3-hour class session of
 * the ransomware scenario, then the replay index (shared/replay) built over
 * it and 200 random seeks, each with the view of a random role.
 *
 * The session: one bot player per role (shared/sim bots, "partial" policy,
 * looking at the cell every 10 real seconds); the server's clock entry every
 * real second (CLOCK_MS = 1000) for 3 hours = 10,800 clock entries; the
 * instructor fixes the speed at ×24 at the start so the 72 game hours fill
 * the 3 hours (scenario tempo changes are then ignored, as in class); and
 * chat and logbook writing at a realistic rate on top of the bots' actions
 * (each player a chat line every ~3 minutes, the logbook every ~4 minutes).
 * Memory figures are exact only with `node --expose-gc` (heap measured after
 * a collection); p99 over 200 seeks includes the odd GC pause.
 */
const SECONDS = 3 * 3600;

export function threeHourLog(compiled: CompiledScenario, seed = 7): LogPayload[] {
  const rand = seededRandom(seed);
  const state = createState(compiled);
  const log: LogPayload[] = [];
  const push = (e: LogPayload) => { if (checkEntry(compiled, state, e)) return; applyEntry(compiled, state, e); log.push(e); };
  const roles = [...compiled.roles.keys()];
  const ctx = { compiled, rand, policy: "partial" as const, followed: new Set(compiled.expectations.filter(() => rand() < 0.7).map((e) => e.id)) };
  push({ type: "open", seed });
  for (const role of roles) { push({ type: "join", player: botPlayer(role), name: `Joueur ${role}` }); push({ type: "assign", player: botPlayer(role), role }); }
  push({ type: "start" });
  const speed = Math.max(1, Math.round(compiled.duration / SECONDS / 60 * 60));
  push({ type: "speed", speed });
  const scribe = roles.find((r) => /scribe|courante|logbook|coord/i.test(r)) ?? roles[0];
  for (let s = 1; s <= SECONDS && state.status === "running"; s++) {
    if (s % 10 === 0) for (const e of botTurn(ctx, state)) push(e);
    for (const role of roles) if (rand() < 1 / 180) push({ type: "action", player: botPlayer(role), role, action: "chat", params: { text: `Point rapide ${s}` } });
    if (rand() < 1 / 240) push({ type: "action", player: botPlayer(scribe), role: scribe, action: "logbook", params: { text: `Main courante : fait relevé à ${s} s.` } });
    push({ type: "clock", to: Math.floor(s * speed) });
  }
  return log;
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const r2 = (x: number) => Math.round(x * 100) / 100;

function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

export async function replayBench(): Promise<Figure[]> {
  const file = join(import.meta.dirname, "../../scenarios/ransomware-logirhone.yaml");
  const loaded = loadScenario(readFileSync(file, "utf8"), file);
  if (!loaded.ok) throw new Error("ransomware scenario invalid");
  const compiled = compileScenario(loaded.scenario);
  const log = threeHourLog(compiled);
  const roles = [...compiled.roles.keys()];
  const figures: Figure[] = [
    { name: "replay.log.3h.entries", value: log.length, unit: "entries" },
    { name: "replay.log.3h.actions", value: log.filter((e) => e.type === "action" || e.type === "approve").length, unit: "entries" },
  ];
  const measure = (every: number, main: boolean) => {
    const before = heap();
    const t0 = performance.now();
    const index = buildReplay(compiled, log, { every });
    const build = performance.now() - t0;
    const mem = (heap() - before) / 1048576;
    const rand = seededRandom(99); // the same 200 moments for every keyframe spacing
    heap();
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const p = Math.floor(rand() * (index.length + 1));
      const role = roles[Math.floor(rand() * roles.length)];
      const t1 = performance.now();
      const state = index.stateAt(p);
      index.viewAt(role, p, state);
      times.push(performance.now() - t1);
    }
    if (main) {
      figures.push({ name: "replay.index.build.3h", value: r2(build), unit: "ms" });
      figures.push({ name: "replay.index.memory.3h", value: r2(mem), unit: "MB" });
      figures.push({ name: "replay.seek.3h.p50", value: r2(pct(times, 50)), unit: "ms" });
      figures.push({ name: "replay.seek.3h.p99", value: r2(pct(times, 99)), unit: "ms" });
    } else {
      figures.push({ name: `replay.seek.3h.p99.k${every}`, value: r2(pct(times, 99)), unit: "ms" });
      figures.push({ name: `replay.index.memory.3h.k${every}`, value: r2(mem), unit: "MB" });
    }
    return index;
  };
  buildReplay(compiled, log); // warm-up (JIT), not measured
  const index = measure(DEFAULT_KEYFRAME_EVERY, true);
  figures.unshift({ name: "replay.log.3h.game_hours", value: r2(index.duration / 3600), unit: "h" });
  // The keyframe spacing trade-off: seek time against memory.
  for (const k of [64, 256, 1024]) measure(k, false);
  return figures;
}
