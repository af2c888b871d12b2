import { Client, type Room } from "@colyseus/sdk";
import { CloseReason, PROTOCOL_MISMATCH_STATUS, PROTOCOL_VERSION, ProtocolError } from "../protocol-codes.js";
import type { Ack, ClientMessages, JoinOptions, JoinRequest, ServerMessages } from "../protocol.js";
import type { z } from "zod";
import { Pacer } from "./pacer.js";

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
 * Messages go out in order, paced under the seat's budget (told in each
 * view): a backlog after a reconnection drains at the allowed rate instead
 * of being refused; a message refused for rate anyway (`retryAfterMs`) waits
 * that long and goes again, with the same id.
 * After each (re)join the server sends a full `view`: replace the client
 * state with it, then apply `update`s in order.
 *
 * One live connection per seat: when the same seat connects elsewhere (another
 * tab), the server closes this one with 4409 (`CloseReason.Replaced`); this
 * connection then stays closed (`closeCode`), keeps its unacknowledged
 * messages, and comes back only through `takeBack()` — the user's choice.
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
  /** `code`: the close code when the status is "closed" by the server (4409 replaced, 4401, 4410, 4429). */
  onStatus?: (status: ConnectionStatus, detail?: string, code?: number) => void;
  /** Longest wait between two rejoin attempts (ms). */
  maxDelay?: number;
  /** How many times the SDK tries to get the same seat back before rejoining by cell id (default 6, ~5 s). */
  seatRetries?: number;
}

const FINAL: number[] = [CloseReason.Unauthorized, CloseReason.Gone, CloseReason.Abusive, CloseReason.Replaced, CloseReason.ProtocolMismatch];
const NOT_FOUND = 522; // ErrorCode.MATCHMAKE_INVALID_ROOM_ID: the room is not (yet) open in the server
const REFUSED_SEAT = 401; // the seat reservation itself was refused (bad, revoked or missing token): HTTP status = SDK error code
/** A refused join (this seat joined too often) waits at least this long before the next try. */
const THROTTLED_WAIT_MS = 10_000;
/** The steady pace keeps a margin under the server's rate (its windows and ours never line up exactly). */
const PACE_MARGIN = 0.9;

let counter = 0;
const newMessageId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class CellConnection {
  /** The last sequence number seen (view or update): sent with intents and commands for the stale checks. */
  seq = 0;
  room: Room | undefined;
  status: ConnectionStatus = "connecting";
  /** Why the server closed this connection for good (e.g. 4409: the seat was taken in another tab). */
  closeCode: number | undefined;
  private client: Client;
  private http: string;
  /** Unacknowledged messages, in the order they were sent. */
  private pending = new Map<string, { type: keyof Sendable; body: Record<string, unknown>; seq: number; resolve: (a: Ack) => void }>();
  /** Ids still to transmit on the current connection, in order. */
  private outbox = new Set<string>();
  private pacer = new Pacer(20, 5 * PACE_MARGIN);
  private pausedUntil = 0;
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private attempt = 0;
  /** A first view arrived once: from then on a failed join is a reconnection (before, it is still the first connection). */
  private connectedOnce = false;
  /** Set on each (re)connection: the next view is the moment to send every unacknowledged message again. */
  private resend = false;

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
      this.outbox.add(id);
      this.pump();
    });
  }

  /** Number of messages sent and not yet acknowledged (waiting, or on their way). */
  get unacknowledged(): number { return this.pending.size; }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.pumpTimer);
    this.setStatus("closed");
    this.dropPending();
    const room = this.room;
    this.room = undefined;
    if (room) await room.leave(true).catch(() => undefined);
  }

  /**
   * After the server closed this connection because the seat connected
   * elsewhere (4409): take the seat back here (the other tab is then told so).
   * Unacknowledged messages go again after the view.
   */
  takeBack(): Promise<void> {
    if (this.closeCode !== CloseReason.Replaced || this.room) return Promise.resolve();
    this.closed = false;
    this.closeCode = undefined;
    this.setStatus("connecting");
    return this.connect();
  }

  /** Send what waits, in order, as fast as the pacer allows; come back when it allows the next one. */
  private pump() {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    while (this.outbox.size > 0 && this.room && this.status === "connected") {
      const wait = Math.max(this.pausedUntil - Date.now(), this.pacer.wait());
      if (wait > 0) { this.pumpTimer = setTimeout(() => this.pump(), wait); return; }
      const id = this.outbox.values().next().value!;
      this.outbox.delete(id);
      const p = this.pending.get(id);
      if (!p) continue;
      this.pacer.take();
      const withSeq = p.type === "annotate" ? { id, ...p.body } : { id, seq: p.seq, ...p.body };
      try { this.room.send(p.type, withSeq); } catch { /* resent after the next view */ }
    }
  }

  /** Refused for rate: wait as the server says, then everything still unsent (this one included) goes again, in order. */
  private backOff(retryAfterMs: number | undefined, id?: string) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + Math.max(50, retryAfterMs ?? 1000));
    this.pacer.drain();
    if (id !== undefined && this.pending.has(id)) {
      const waiting = new Set(this.outbox);
      waiting.add(id);
      this.outbox = new Set([...this.pending.keys()].filter((k) => waiting.has(k)));
    }
    this.pump();
  }

  /** Messages that can no longer be sent are answered locally, so no caller waits forever. */
  private dropPending() {
    for (const [id, p] of this.pending) p.resolve({ id, ok: false, code: "closed" });
    this.pending.clear();
  }

  private setStatus(s: ConnectionStatus, detail?: string, code?: number) {
    this.status = s;
    this.opts.onStatus?.(s, detail, code);
  }

  private async join(resolve?: () => void, reject?: (e: Error) => void) {
    while (!this.closed) {
      try {
        const room = await this.client.joinById(this.opts.cellId, { ...(await this.opts.auth()), protocol: PROTOCOL_VERSION } satisfies JoinRequest);
        this.attempt = 0;
        this.attach(room);
        resolve?.();
        return;
      } catch (err) {
        const status = (err as { code?: number }).code ?? 0;
        // A seat reservation refused for the protocol (HTTP 426) is the same news as the socket's close code.
        const code = status === PROTOCOL_MISMATCH_STATUS ? CloseReason.ProtocolMismatch : status;
        if (code !== CloseReason.JoinThrottled && (FINAL.includes(code) || code === REFUSED_SEAT || (code >= 4400 && code < 4500))) {
          this.closeCode = code;
          this.setStatus("closed", (err as Error).message, code);
          this.dropPending();
          reject?.(Object.assign(err as Error, { code }));
          return;
        }
        if (code === NOT_FOUND) await this.wake();
        // A first join that must wake the room (an ended cell after a restart) or retry has lost nothing: it stays
        // "connecting", so the page never says « Connexion rétablie » after a mere page load.
        if (this.connectedOnce) this.setStatus("reconnecting", (err as Error).message);
        const backoff = Math.min(this.opts.maxDelay ?? 5000, 200 * 2 ** Math.min(this.attempt++, 6));
        const delay = code === CloseReason.JoinThrottled ? Math.max(backoff, THROTTLED_WAIT_MS) : backoff;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** Ask the server to open the cell's room (after a restart), with the same credentials as the seat: it opens rooms only for who may enter them. */
  private async wake() {
    try {
      const body = JSON.stringify(await this.opts.auth());
      await fetch(`${this.http}/api/cells/${encodeURIComponent(this.opts.cellId)}/wake`, { method: "POST", headers: { "content-type": "application/json" }, body });
    } catch { /* the rejoin that follows says what is wrong */ }
  }

  private attach(room: Room) {
    this.room = room;
    this.resend = true;
    // The SDK's own reconnection (same seat, within the server's window) should not wait long between tries either.
    room.reconnection.maxDelay = Math.min(room.reconnection.maxDelay, this.opts.maxDelay ?? 2000);
    // …nor try long: after ~5 s of failed seat reconnections (a restarted or dead process forgot the seat),
    // rejoining by cell id with the player's token is what brings the player back, wherever the cell now runs.
    room.reconnection.maxRetries = Math.min(room.reconnection.maxRetries, this.opts.seatRetries ?? 6);
    room.onMessage("view", (msg: ServerMessages["view"]) => {
      this.seq = msg.seq;
      if (msg.limits) this.pacer.configure(msg.limits.burst, msg.limits.perSecond * PACE_MARGIN);
      this.connectedOnce = true;
      this.setStatus("connected");
      this.opts.onView?.(msg);
      // After a (re)connection, unacknowledged messages go again, in order (idempotent by id). A later view on the
      // same connection (roles changed, the end) changes nothing to what is on its way.
      if (this.resend) { this.resend = false; this.outbox = new Set(this.pending.keys()); }
      this.pump();
    });
    room.onMessage("update", (msg: ServerMessages["update"]) => {
      if (msg.seq > this.seq) this.seq = msg.seq;
      this.opts.onUpdate?.(msg);
    });
    room.onMessage("ack", (ack: Ack) => {
      const p = this.pending.get(ack.id);
      if (!p) return;
      if (!ack.ok && ack.code === ProtocolError.RateLimited) { this.backOff(ack.retryAfterMs, ack.id); return; } // not a failure: it goes again
      this.pending.delete(ack.id);
      p.resolve(ack);
    });
    room.onMessage("error", (msg: ServerMessages["error"]) => {
      if (msg.code === ProtocolError.RateLimited) this.backOff(msg.retryAfterMs);
      this.opts.onError?.(msg);
    });
    room.onDrop(() => { if (!this.closed) this.setStatus("reconnecting", "connexion perdue"); });
    room.onReconnect(() => { this.resend = true; /* the server sends a fresh view, which sets "connected" */ });
    room.onLeave((code: number, reason?: string) => {
      if (this.room === room) this.room = undefined;
      if (this.closed) return;
      if (code === CloseReason.Replaced) {
        // Taken in another tab: stay quiet (no rejoin, no ping-pong); keep what is unacknowledged for takeBack().
        this.closed = true;
        this.closeCode = code;
        clearTimeout(this.pumpTimer);
        this.setStatus("closed", reason, code);
        return;
      }
      if (FINAL.includes(code)) { this.closeCode = code; this.setStatus("closed", reason, code); this.dropPending(); return; }
      this.setStatus("reconnecting", reason);
      void this.join();
    });
  }
}
