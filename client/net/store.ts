/**
 * Everything the client keeps in localStorage: the player's seat (to come back
 * after a reload or a dropped connection), drafts of every composer, read
 * markers and preferences. Keys are namespaced "sf." and scoped by cell and
 * player so two sessions in one browser never mix.
 */
export interface PlayerSeat { cellId: string; token: string; playerId: string; sessionId?: string; name: string; code?: string }

const get = (k: string): string | null => { try { return localStorage.getItem(k); } catch { return null; } };
const set = (k: string, v: string) => { try { localStorage.setItem(k, v); } catch { /* quota or private mode: drafts stay in memory */ } };
const del = (k: string) => { try { localStorage.removeItem(k); } catch { /* ignore */ } };

function readJson<T>(k: string): T | undefined {
  const raw = get(k);
  if (raw === null) return undefined;
  try { return JSON.parse(raw) as T; } catch { return undefined; }
}

export const seatStore = {
  load: (): PlayerSeat | undefined => readJson<PlayerSeat>("sf.seat"),
  save: (seat: PlayerSeat) => set("sf.seat", JSON.stringify(seat)),
  clear: () => del("sf.seat"),
};

export type DraftValues = Record<string, string | string[] | boolean>;

/** Drafts by cell + player + composer: written on every keystroke, removed only when the server accepted the action. */
export const drafts = {
  key: (cell: string, player: string, composer: string) => `sf.draft.${cell}.${player}.${composer}`,
  load: (key: string): DraftValues | undefined => readJson<DraftValues>(key),
  save: (key: string, values: DraftValues) => set(key, JSON.stringify(values)),
  clear: (key: string) => del(key),
  /**
   * `to`, after moving into it what an older version kept under `from` (a
   * renamed key): read once, then removed, so a draft typed before an update
   * is not lost and not restored twice.
   */
  moved: (from: string, to: string): string => {
    const old = get(from);
    if (old !== null) { if (get(to) === null) set(to, old); del(from); }
    return to;
  },
};

/** Deliveries the player has opened, per cell and player. */
export const readMarks = {
  load: (cell: string, player: string): Set<string> => new Set(readJson<string[]>(`sf.read.${cell}.${player}`) ?? []),
  save: (cell: string, player: string, ids: Set<string>) => set(`sf.read.${cell}.${player}`, JSON.stringify([...ids])),
};

export const prefs = {
  muted: (): boolean => get("sf.muted") === "1",
  setMuted: (m: boolean) => set("sf.muted", m ? "1" : "0"),
  /** Calls read aloud by the browser's speech synthesis: off unless turned on. */
  speech: (): boolean => get("sf.speech") === "1",
  setSpeech: (on: boolean) => set("sf.speech", on ? "1" : "0"),
};
