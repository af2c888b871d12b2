import { ClientState, type Client } from "@colyseus/core";
import { CloseReason, ProtocolError, type Refusal } from "../../shared/protocol.js";
import { interceptFrames, rawSocket } from "../colyseus-private.js";
import { log } from "../log.js";
import { frameProblem } from "./frames.js";
import type { SeatLimits } from "./limits.js";

/**
 * The door of a cell room, below the game: raw frames checked before
 * Colyseus reads them, messages admitted against their seat's budget in
 * arrival order, socket errors logged in one line. CellRoom supplies the
 * budget and the way to answer (`Intake`).
 */

/** What a connection carries for the intake (the room's seat extends it). */
export interface IntakeSeat {
  actor: { kind: string; id: string };
  /** The budget and connection key of this seat (`seatKey`): a player, or a staff account. */
  key: string;
  /** Rate refusals in a row on this connection (a client that ignores retry-after is closed with 4429). */
  strikes: number;
  /** Bytes of the raw frame being dispatched (measured before Colyseus decodes it). */
  lastSize: number;
  /** This connection's messages, admitted one after the other (rate checks are async; order is kept). */
  inbox: Promise<void>;
  /** Closed on purpose (replaced, abusive): no reconnection window is kept for it. */
  closing?: number;
}

interface IntakeClient { userData?: IntakeSeat; state: number; ref: Client["ref"]; leave(code?: number, reason?: string): void }

export interface Intake<C extends IntakeClient> {
  cell(): string;
  limits(): SeatLimits;
  kickAfter(): number;
  refuse(client: C, id: string | undefined, refusal: Refusal): void;
}

/**
 * Garbage below our protocol — a text frame that is not UTF-8, a frame over
 * the transport's 64 KB — makes `ws` close the connection itself (1007,
 * 1009: the WebSocket codes for these) and emit an error, which the
 * transport prints with a stack trace. One log line is enough.
 */
export function quietSocketErrors(client: IntakeClient, cell: string): void {
  const ws = rawSocket(client);
  ws.removeAllListeners("error");
  ws.on("error", (err) => log.warn("bad websocket frame", { cell, id: client.userData?.actor.id, message: err.message }));
}

/**
 * Every raw frame is checked before Colyseus decodes it: Colyseus would
 * close the socket on bad msgpack (no message, a stack trace in the log).
 * A bad frame goes to `badFrame` (the room answers `error {bad_frame}`, the
 * connection kept: a client bug should not turn into a reconnection loop that
 * resends the same frame; a flood of them meets the rate limit like any
 * message). Call it in `onCreate` (see `interceptFrames`).
 */
export function guardFrames<C extends IntakeClient>(room: object, badFrame: (client: C, problem: string) => void): void {
  interceptFrames<C>(room, (client, frame, decode) => {
    const seat = client.userData;
    const problem = frameProblem(frame);
    if (problem === null) {
      if (seat) seat.lastSize = frame.byteLength;
      decode(client, frame);
    } else if (seat && client.state !== ClientState.LEAVING) {
      badFrame(client, problem);
    }
  });
}

/**
 * Admit one message against the seat's budget (shared by all its
 * connections, and every process with Redis), in arrival order, then run
 * `handle` with the message's id and frame size. Over budget: a refusal
 * with the id and the wait (`retryAfterMs`), so the client resends it then;
 * a connection that keeps sending regardless is closed (4429).
 */
export function admit<C extends IntakeClient>(host: Intake<C>, client: C, raw: unknown, handle: (id: string | undefined, size: number) => void): void {
  const seat = client.userData;
  if (!seat) return;
  const size = seat.lastSize;
  const id = typeof (raw as { id?: unknown })?.id === "string" ? ((raw as { id: string }).id).slice(0, 64) : undefined;
  seat.inbox = seat.inbox.then(async () => {
    if (seat.closing !== undefined) return;
    const budget = await host.limits().message(seat.key);
    if (budget.ok) {
      seat.strikes = 0;
      try { handle(id, size); } catch (err) {
        log.error("message failed", { cell: host.cell(), err });
        host.refuse(client, id, { code: ProtocolError.Internal });
      }
      return;
    }
    seat.strikes++;
    if (seat.strikes >= host.kickAfter()) {
      log.warn("client disconnected: flooding", { cell: host.cell(), id: seat.actor.id });
      seat.closing = CloseReason.Abusive;
      client.leave(CloseReason.Abusive, "trop de messages : connexion fermée");
      return;
    }
    if (seat.strikes === 1 || seat.strikes % 10 === 0) log.warn("rate limited", { cell: host.cell(), id: seat.actor.id, strikes: seat.strikes });
    // Every refused message with an id is answered (its sender must know when to resend it); others now and then.
    if (id !== undefined || seat.strikes === 1 || seat.strikes % 10 === 0) {
      host.refuse(client, id, { code: ProtocolError.RateLimited, retryAfterMs: budget.retryAfterMs });
    }
  }).catch((err) => log.error("message admission failed", { cell: host.cell(), err }));
}
