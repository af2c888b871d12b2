import { Client, type Room } from "@colyseus/sdk";
import { CloseReason, type Ack, type ClientMessages, type JoinOptions, type ServerMessages } from "../protocol.js";
import type { z } from "zod";

/**
 * A connection to one crisis cell that survives anything but an explicit
 * close: a network drop (the SDK reconnects into the same seat within 60 s),
 * a server restart or `kill -9` (the seat is gone, so this rejoins the cell
 * by id with the player's token, waking the room first if needed), a staff
 * token that expired (asked again through `auth()` before each join).
 *
 * Every message gets an id; until its ack arrives it is kept and sent again
 * after a rejoin. The server answers a resend of an id it already logged
 * with the original ack, so nothing is lost and nothing is doubled.
 * After each (re)join the server sends a full `view`: replace the client
 * state with it, then apply `update`s in order.
 *
 * Used by the browser client, the bots of the load bench and the tests.
 */

type Sendable = { [K in keyof typeof ClientMessages]: Omit<z.input<(typeof ClientMessages)[K]>, "id" | "seq"> };
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "closed";

export interface CellConnectionOptions {
  /** `http(s)://host:port` or `ws(s)://host:port` of the game server. */
  endpoint: string;
  cellId: string;
  /** Join options, asked before every (re)join: `{ token }` for a player, `{ staffToken }` (fresh) for staff. */
  auth: () => JoinOptions | Promise<JoinOptions>;
  onView?: (msg: ServerMessages["view"]) => void;
  onUpdate?: (msg: ServerMessages["update"]) => void;
  onError?: (msg: ServerMessages["error"]) => void;
  onStatus?: (status: ConnectionStatus, detail?: string) => void;
  /** Longest wait between two rejoin attempts (ms). */
  maxDelay?: number;
  /** How many times the SDK tries to get the same seat back before rejoining by cell id (default 6, ~5 s). */
  seatRetries?: number;
}

const FINAL: number[] = [CloseReason.Unauthorized, CloseReason.Gone, CloseReason.Abusive];
const NOT_FOUND = 522; // ErrorCode.MATCHMAKE_INVALID_ROOM_ID: the room is not (yet) open in the server

let counter = 0;
const newMessageId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class CellConnection {
  /** The last sequence number seen (view or update): sent with intents and commands for the stale checks. */
  seq = 0;
  room: Room | undefined;
  status: ConnectionStatus = "connecting";
  private client: Client;
  private http: string;
  private pending = new Map<string, { type: keyof Sendable; body: Record<string, unknown>; seq: number; resolve: (a: Ack) => void }>();
  private closed = false;
  private attempt = 0;

  constructor(private opts: CellConnectionOptions) {
    this.client = new Client(opts.endpoint);
    this.http = opts.endpoint.replace(/^ws/, "http").replace(/\/$/, "");
  }

  /** Resolves once joined the first time (rejects only if the first join is refused for good, e.g. a bad token). */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => this.join(resolve, reject));
  }

  /** Send a message; resolves with the server's ack (never rejects: refusals are acks with ok false). */
  send<K extends keyof Sendable>(type: K, body: Sendable[K]): Promise<Ack> {
    const id = newMessageId();
    return new Promise((resolve) => {
      // The seq is the state the user saw when acting: a resend after a rejoin keeps it, so stale checks stay honest.
      this.pending.set(id, { type, body: body as Record<string, unknown>, seq: this.seq, resolve });
      this.transmit(id);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.setStatus("closed");
    this.dropPending("connexion fermée");
    const room = this.room;
    this.room = undefined;
    if (room) await room.leave(true).catch(() => undefined);
  }

  private transmit(id: string) {
    const p = this.pending.get(id);
    if (!p || !this.room || this.status !== "connected") return;
    const withSeq = p.type === "annotate" ? { id, ...p.body } : { id, seq: p.seq, ...p.body };
    try { this.room.send(p.type, withSeq); } catch { /* resent after the next view */ }
  }

  /** Messages that can no longer be sent are answered locally, so no caller waits forever. */
  private dropPending(message: string) {
    for (const [id, p] of this.pending) p.resolve({ id, ok: false, code: "closed", message });
    this.pending.clear();
  }

  private setStatus(s: ConnectionStatus, detail?: string) {
    this.status = s;
    this.opts.onStatus?.(s, detail);
  }

  private async join(resolve?: () => void, reject?: (e: Error) => void) {
    while (!this.closed) {
      try {
        const room = await this.client.joinById(this.opts.cellId, await this.opts.auth());
        this.attempt = 0;
        this.attach(room);
        resolve?.();
        return;
      } catch (err) {
        const code = (err as { code?: number }).code ?? 0;
        if (FINAL.includes(code) || (code >= 4400 && code < 4500)) {
          this.setStatus("closed", (err as Error).message);
          this.dropPending((err as Error).message);
          reject?.(err as Error);
          return;
        }
        if (code === NOT_FOUND) await fetch(`${this.http}/api/cells/${encodeURIComponent(this.opts.cellId)}/wake`, { method: "POST" }).catch(() => undefined);
        this.setStatus("reconnecting", (err as Error).message);
        const delay = Math.min(this.opts.maxDelay ?? 5000, 200 * 2 ** Math.min(this.attempt++, 6));
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private attach(room: Room) {
    this.room = room;
    // The SDK's own reconnection (same seat, within the server's window) should not wait long between tries either.
    room.reconnection.maxDelay = Math.min(room.reconnection.maxDelay, this.opts.maxDelay ?? 2000);
    // …nor try long: after ~5 s of failed seat reconnections (a restarted or dead process forgot the seat),
    // rejoining by cell id with the player's token is what brings the player back, wherever the cell now runs.
    room.reconnection.maxRetries = Math.min(room.reconnection.maxRetries, this.opts.seatRetries ?? 6);
    room.onMessage("view", (msg: ServerMessages["view"]) => {
      this.seq = msg.seq;
      this.setStatus("connected");
      this.opts.onView?.(msg);
      for (const id of this.pending.keys()) this.transmit(id); // unacknowledged messages go again (idempotent by id)
    });
    room.onMessage("update", (msg: ServerMessages["update"]) => {
      if (msg.seq > this.seq) this.seq = msg.seq;
      this.opts.onUpdate?.(msg);
    });
    room.onMessage("ack", (ack: Ack) => {
      const p = this.pending.get(ack.id);
      if (!p) return;
      this.pending.delete(ack.id);
      p.resolve(ack);
    });
    room.onMessage("error", (msg: ServerMessages["error"]) => this.opts.onError?.(msg));
    room.onDrop(() => { if (!this.closed) this.setStatus("reconnecting", "connexion perdue"); });
    room.onReconnect(() => { /* the server sends a fresh view, which sets "connected" */ });
    room.onLeave((code: number, reason?: string) => {
      if (this.room === room) this.room = undefined;
      if (this.closed) return;
      if (FINAL.includes(code)) { this.setStatus("closed", reason); this.dropPending(reason ?? "connexion fermée"); return; }
      this.setStatus("reconnecting", reason);
      void this.join();
    });
  }
}
