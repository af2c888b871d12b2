import { prefs } from "../net/store.js";

/**
 * Short sound cues through WebAudio (no files to load): a beep for a new
 * message, a ring for a phone call, three pips for a critical alert.
 * Muting is persisted. The audio context starts on the first user gesture,
 * as browsers require.
 */
let ctx: AudioContext | undefined;
let muted = prefs.muted();
const listeners = new Set<(m: boolean) => void>();

function audio(): AudioContext | undefined {
  if (ctx) return ctx;
  const AC = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!AC) return undefined;
  try { ctx = new AC(); } catch { return undefined; }
  return ctx;
}

export function unlockAudio(): void {
  const c = audio();
  if (c && c.state === "suspended") void c.resume().catch(() => undefined);
}

function tone(freq: number, start: number, duration: number, gain = 0.08): void {
  const c = audio();
  if (!c || c.state !== "running") return;
  const osc = c.createOscillator();
  const g = c.createGain();
  osc.frequency.value = freq;
  osc.type = "sine";
  g.gain.setValueAtTime(0, c.currentTime + start);
  g.gain.linearRampToValueAtTime(gain, c.currentTime + start + 0.01);
  g.gain.linearRampToValueAtTime(0, c.currentTime + start + duration);
  osc.connect(g).connect(c.destination);
  osc.start(c.currentTime + start);
  osc.stop(c.currentTime + start + duration + 0.02);
}

export type Cue = "message" | "call" | "critical" | "ok" | "error";

export function cue(kind: Cue): void {
  if (muted) return;
  switch (kind) {
    case "message": tone(660, 0, 0.12); break;
    case "call": for (const s of [0, 0.25, 0.9, 1.15]) tone(880, s, 0.18); break;
    case "critical": for (const s of [0, 0.18, 0.36]) tone(988, s, 0.1, 0.1); break;
    case "ok": tone(523, 0, 0.08, 0.05); tone(784, 0.08, 0.1, 0.05); break;
    case "error": tone(220, 0, 0.2, 0.08); break;
  }
}

export function isMuted(): boolean { return muted; }
export function setMuted(m: boolean): void {
  muted = m;
  prefs.setMuted(m);
  for (const l of listeners) l(m);
}
export function onMuted(l: (m: boolean) => void): () => void { listeners.add(l); return () => listeners.delete(l); }
