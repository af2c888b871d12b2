import type { CellView, ScenarioBrief } from "../../shared/engine/view.js";
import { CellConnection as Wire, type ConnectionStatus } from "../../shared/net/cell-connection.js";
import type { Ack, AnnotationView, JoinOptions, PlayerIntent, Refusal, ServerMessages, StaffCommand, ViewUpdate } from "../../shared/protocol.js";
import { loadRefusals, refusal } from "../i18n/refusal-load.js";
import { applyUpdates, type Changed } from "./apply.js";

/**
 * The browser's side of one crisis-cell room: the local projected view,
 * rebuilt from each full `view` and kept current by `update`s, over the
 * shared connection (shared/net/cell-connection.ts) that reconnects into the
 * same seat, rejoins by cell id after a restart or a reload, and resends
 * unacknowledged intents by id (never doubled). Intents carry the last seq
 * seen; each resolves with its ack. Refusals are codes with parameters,
 * translated here into the reader's language (client/i18n/refusal.ts): no
 * prose from the server reaches the interface, in French or in English. The
 * texts are fetched with the first refusal (i18n/refusal-load.ts): a refused
 * ack, an error or a closing reason reaches the interface once they are here.
 */
export type ConnStatus = "connecting" | "online" | "reconnecting" | "offline";
export type You = ServerMessages["view"]["you"];

interface Events {
  view: () => void;
  update: (changed: Set<Changed>, updates: ViewUpdate[]) => void;
  status: (status: ConnStatus) => void;
  error: (code: string, message: string) => void;
  /** The server closed the connection for good; `code` 4409 (`CloseReason.Replaced`): the seat is open in another tab, `takeBack()` returns it here. */
  fatal: (message: string, code?: number) => void;
}

/** A refused ack resolves once the refusal texts are loaded, so the form can write it at once. */
const explained = (ack: Promise<Ack>): Promise<Ack> => ack.then(async (a) => { if (!a.ok) await loadRefusals(); return a; });

const STATUS: Record<ConnectionStatus, ConnStatus> = { connecting: "connecting", connected: "online", reconnecting: "reconnecting", closed: "offline" };

export class CellConnection {
  view?: CellView;
  brief?: ScenarioBrief;
  you?: You;
  /** From the end on: the levels computed by the server (the full scorer), the cell's and mine. */
  levels?: ServerMessages["view"]["levels"];
  /** The rubric in force, in words (expectations only from the debrief on), and the level descriptors. */
  rubric?: ServerMessages["view"]["rubric"];
  descriptors?: ServerMessages["view"]["descriptors"];
  annotations: AnnotationView[] = [];
  status: ConnStatus = "connecting";
  /** performance.now() at the last clock value, for interpolating the displayed game time. */
  clockAt = performance.now();
  private wire: Wire;
  private closing = false;
  private listeners: { [K in keyof Events]: Set<Events[K]> } = { view: new Set(), update: new Set(), status: new Set(), error: new Set(), fatal: new Set() };

  constructor(cellId: string, auth: () => JoinOptions | Promise<JoinOptions>) {
    this.wire = new Wire({
      endpoint: location.origin, cellId, auth,
      onView: (m) => {
        this.view = m.view; this.brief = m.brief; this.you = m.you; this.annotations = m.annotations ?? []; this.levels = m.levels; this.rubric = m.rubric; this.descriptors = m.descriptors;
        this.clockAt = performance.now();
        this.emit("view");
      },
      onUpdate: (m) => {
        if (!this.view) return;
        const changed = applyUpdates(this.view, m.updates);
        for (const u of m.updates) {
          if (u.type === "roster" && this.you) this.you.roles = u.players.find((p) => p.id === this.you!.player)?.roles ?? this.you.roles;
          if (u.type === "annotation") this.annotations.push(u.annotation);
        }
        if (changed.has("clock") || changed.has("status")) this.clockAt = performance.now();
        this.emit("update", changed, m.updates);
      },
      onError: (e) => void loadRefusals().then(() => this.emit("error", e.code, refusal(e))),
      onStatus: (s, detail, code) => {
        this.status = STATUS[s];
        this.emit("status", this.status);
        if (s === "closed" && !this.closing) {
          if (!detail || !/^[a-z_]+$/.test(detail)) this.emit("fatal", "", code);
          else void loadRefusals().then(() => this.emit("fatal", refusal({ code: detail }), code));
        }
      },
    });
  }

  get seq(): number { return this.wire.seq; }

  on<K extends keyof Events>(event: K, cb: Events[K]): () => void {
    this.listeners[event].add(cb);
    return () => this.listeners[event].delete(cb);
  }

  private emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const cb of this.listeners[event]) (cb as (...a: Parameters<Events[K]>) => void)(...args);
  }

  /** Join; resolves once the first full view has arrived, rejects if the server refuses the seat for good. */
  async connect(): Promise<void> {
    const first = new Promise<void>((resolve) => { const off = this.on("view", () => { off(); resolve(); }); });
    await this.wire.connect();
    await first;
  }

  /** A player intent. While disconnected it waits and is resent after the rejoin; the ack says what the server did. */
  intent(intent: PlayerIntent): Promise<Ack> { return explained(this.wire.send("intent", { intent })); }
  command(command: StaffCommand): Promise<Ack> { return explained(this.wire.send("command", { command })); }
  annotate(at: number, text: string, competency?: "C4.1" | "C4.2" | "C4.3" | "C4.4"): Promise<Ack> {
    return explained(this.wire.send("annotate", { at, text, ...(competency ? { competency } : {}) }));
  }

  /** After "opened in another tab" (fatal 4409): take the seat back in this tab; unacknowledged intents go again. */
  async takeBack(): Promise<void> {
    const first = new Promise<void>((resolve) => { const off = this.on("view", () => { off(); resolve(); }); });
    await this.wire.takeBack();
    await first;
  }

  async close(): Promise<void> { this.closing = true; await this.wire.close(); }
}


