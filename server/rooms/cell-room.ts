import { Room, ServerError, type AuthContext, type Client, type RoomException } from "@colyseus/core";
import { schema, t } from "@colyseus/schema";
import type { z } from "zod";
import { scenarioBrief, type ScenarioBrief } from "../../shared/engine/index.js";
import {
  ClientMessages, CloseReason, joinProtocol, MAX_MESSAGE_BYTES, PROTOCOL_MISMATCH_STATUS, PROTOCOL_VERSION, ProtocolError, type Ack, type AnnotationView, type ClientMessageType, type Refusal, type ServerMessages,
  type StaffCommand, type ViewUpdate,
} from "../../shared/protocol.js";
import { newId } from "../auth.js";
import { CELL_ELSEWHERE } from "../cluster.js";
import { getContext, type AppContext } from "../context.js";
import { CellRuntime, type Applied, type Outcome } from "../game/cell-runtime.js";
import { debriefLevels, ScoreCache } from "../game/debrief-levels.js";
import { audienceKey, DeadlineTracker, fullView, LiveTracker, projectEffects, type Audience } from "../game/projection.js";
import { playerIntent, staffCommand, type Actor } from "../game/rules.js";
import { annotationView } from "../game/annotations.js";
import { cellOverview } from "../game/overview.js";
import { log } from "../log.js";
import type { CommandResult } from "../remote.js";
import type { AnnotationRow } from "../storage/types.js";
import { admit, guardFrames, quietSocketErrors, type Intake, type IntakeSeat } from "./intake.js";
import { seatKey, seatLimits, type SeatLimits } from "./limits.js";
import { PresenceLog } from "./presence.js";
import { authenticate, loginAlive, SEAT_REFUSED, staffKind, watchAccess, watchLogin, type SeatActor } from "./seat-auth.js";

/**
 * The Colyseus room of one crisis cell (roomId = cell id): a network adapter
 * over CellRuntime. It authenticates joiners, keeps one live connection per
 * seat (the newest replaces the older, closed with 4409), validates every
 * frame and message itself (frame, per-seat rate, size, zod) and answers
 * errors without disconnecting, authorizes by role, and sends each client
 * only its projection. The synchronized state holds public fields only;
 * everything role-private travels in per-client `view` / `update` messages.
 */

export const CellState = schema({
  status: t.string(), time: t.number(), speed: t.number(), phase: t.string(), present: t.uint8(),
}, "CellState");
type CellStateT = InstanceType<typeof CellState>;

interface Seat extends IntakeSeat {
  actor: SeatActor;
  /** Set once the full view was sent: updates before it would be redundant. */
  ready: boolean;
  /** Staff: stop watching their login for a logout (seat-auth.ts). */
  unwatch?: () => void;
}
type SeatClient = Client<{ userData: Seat; auth: SeatActor }>;


/** Cells whose room this process is creating or hosting: never two rooms for one cell in a process. */
const hosted = new Set<string>();
/** The cells whose lease this process renews (opening ones included, so a slow recovery keeps its leases). */
export const hostedCells = (): string[] => [...hosted];

export class CellRoom extends Room<{ state: CellStateT; client: SeatClient }> {
  autoDispose = false;
  maxClients = 100;
  /** Colyseus' own hard limit (closes with 4002): far above our token bucket, a last resort. */
  maxMessagesPerSecond = 200;
  private ctx!: AppContext;
  private rt!: CellRuntime;
  private brief!: ScenarioBrief;
  private expectationsFp = "";
  private scores = new ScoreCache();
  private deadlines = new DeadlineTracker();
  private live = new LiveTracker();
  private gone = false;
  /** This room holds the cell's lease in Redis (several processes): released when it closes. */
  private leased = false;
  private cellId: string | undefined;
  /** This server's per-seat budgets (shared by its rooms; on Redis with several processes). */
  private get limits(): SeatLimits { return seatLimits(this.ctx); }
  /** What the admission of messages needs from the room (server/rooms/intake.ts). */
  private intake: Intake<SeatClient> = {
    cell: () => this.roomId, limits: () => this.limits, kickAfter: () => this.ctx.config.rateKickAfter,
    refuse: (client, id, refusal) => { this.refuse(client, id, refusal, undefined, refusal.code === ProtocolError.RateLimited); },
  };
  private attendance!: PresenceLog;
  /** The Colyseus session of each seat's newest connection: an older one coming back is replaced. */
  private current = new Map<string, string>();
  /** Each seat's newest connection object, even while its join is still running (two joins of one seat may overlap). */
  private holders = new Map<string, SeatClient>();

  async onCreate(options: { cellId?: unknown; app?: unknown }) {
    const ctx = getContext(options.app);
    if (!ctx || typeof options.cellId !== "string") throw new ServerError(4403, "création de salle réservée au serveur");
    this.ctx = ctx;
    const cell = await ctx.storage.getCell(options.cellId);
    const session = cell && await ctx.storage.getSession(cell.sessionId);
    if (!cell || !session) throw new ServerError(4404, "cellule inconnue");
    // One room per cell: in this process (hosted), and in the cluster (the lease; see server/cluster.ts).
    if (hosted.has(cell.id)) throw new ServerError(4409, `${CELL_ELSEWHERE}: already open in this process`);
    hosted.add(cell.id);
    this.cellId = cell.id;
    if (ctx.cluster) {
      if (!(await ctx.cluster.acquire(cell.id).catch(() => false))) throw new ServerError(4409, `${CELL_ELSEWHERE}: open on another process`);
      this.leased = true;
    }
    this.roomId = cell.id;
    this.rt = await CellRuntime.open(ctx.storage, cell, session, { snapshotEvery: ctx.config.snapshotEvery, clockMs: ctx.config.clockMs });
    this.brief = scenarioBrief(this.rt.compiled);
    this.expectationsFp = JSON.stringify(this.rt.state.expectations);
    ctx.cells.set(cell.id, this.rt);
    ctx.rooms.set(cell.id, { closeForGood: (reason) => this.closeForGood(reason), evict: () => this.evict(), reload: () => this.reload(), pushAnnotation: (row) => this.pushAnnotation(row) });
    this.autoDispose = this.rt.state.status === "ended"; // an ended cell, woken for its debrief, closes when everyone left
    this.state = new CellState({ status: "", time: 0, speed: 0, phase: "", present: 0 });
    this.syncPublicState();
    this.rt.onApplied((a) => this.publish(a));
    this.attendance = new PresenceLog(
      { graceMs: ctx.config.presenceGraceMs, minIntervalMs: ctx.config.presenceMinIntervalMs },
      (player) => !this.clients.some((c) => c.userData?.actor.id === player && c.userData.actor.kind === "player") && this.rt.state.players[player]?.present === true,
      async (player) => { await this.rt.submit({ type: "leave", player }, { kind: "player", id: player }); },
    );
    guardFrames<SeatClient>(this, (client, problem) => admit(this.intake, client, undefined, (id) => this.refuse(client, id, { code: ProtocolError.BadFrame }, problem)));
    for (const type of Object.keys(ClientMessages) as ClientMessageType[]) {
      this.onMessage(type, (client: SeatClient, message: unknown) => admit(this.intake, client, message, (id, size) => void this.receive(client, type, message, id, size)));
    }
    this.onMessage("*", (client: SeatClient, type: string | number, message: unknown) => admit(this.intake, client, message, (id) => {
      this.refuse(client, id, { code: ProtocolError.BadMessage, params: { detail: "unknown_type" } }, String(type).slice(0, 40));
    }));
    log.info("cell open", { cell: cell.id, session: session.id, seq: this.rt.state.seq, status: this.rt.state.status });
  }

  /**
   * Seat reservation (`POST /matchmake/joinById/<cell>`) runs this, before any
   * seat is taken: no valid player token for this cell or live staff token,
   * no seat (an instance-level onAuth would only run at the WebSocket step,
   * after the seat was reserved). `context.roomId` comes from our matchmaking
   * controller (server/app.ts).
   */
  static async onAuth(_token: unknown, options: unknown, context?: AuthContext & { roomId?: string; app?: string }): Promise<SeatActor> {
    const ctx = getContext(context?.app);
    const cellId = context?.roomId;
    // An older (or newer) client than this server: refused before anything else, so it says "reload the page".
    if (joinProtocol(options) !== PROTOCOL_VERSION) throw new ServerError(PROTOCOL_MISMATCH_STATUS, "protocol_mismatch");
    if (!ctx || !cellId) throw new ServerError(SEAT_REFUSED, "seat_unknown_room");
    const actor = await authenticate(ctx, cellId, options);
    // A seat reserved counts against the room until used or expired: a valid token may not reserve without bound.
    const budget = await seatLimits(ctx).reserve(cellId, seatKey(actor));
    if (!budget.ok) throw new ServerError(429, "seat_throttled");
    return actor;
  }

  /**
   * A seat's new connection. Refused (4430, retry later) past the seat's join
   * budget, before it changes anything; else it replaces the seat's older
   * connection (4409: that tab says "opened elsewhere" and stays quiet).
   * A player not already present is logged as joined; one coming back within
   * the presence grace writes nothing.
   */
  async onJoin(client: SeatClient, _options: unknown, actor: SeatActor | undefined) {
    if (!actor) throw new ServerError(CloseReason.Unauthorized, "seat_missing");
    const key = seatKey(actor);
    const budget = await this.limits.join(this.roomId, key);
    if (!budget.ok) {
      throw new ServerError(CloseReason.JoinThrottled, "seat_throttled");
    }
    client.userData = { actor, key, strikes: 0, lastSize: 0, inbox: Promise.resolve(), ready: false };
    if (actor.login) {
      const unwatchLogin = watchLogin(actor.login, () => client.leave(CloseReason.Unauthorized, "session animateur fermée ; reconnectez-vous"));
      // A share withdrawn while connected: the seat goes (its kind follows a changed share at the next command).
      const unwatchAccess = watchAccess(actor.id, () => void staffKind(this.ctx, actor.id, this.roomId)
        .then((kind) => { if (!kind) client.leave(CloseReason.Unauthorized, "accès à cette session retiré"); }).catch(() => undefined));
      client.userData.unwatch = () => { unwatchLogin(); unwatchAccess(); };
    }
    quietSocketErrors(client, this.roomId);
    this.current.set(key, client.sessionId);
    const previous = this.holders.get(key);
    this.holders.set(key, client);
    if (previous && previous !== client && previous.userData?.closing === undefined) this.replace(previous);
    for (const other of this.clients) if (other !== client && other.userData?.key === key && other.userData.closing === undefined) this.replace(other);
    if (actor.kind === "player") {
      this.attendance.back(actor.id);
      if (!this.rt.state.players[actor.id]?.present) {
        const r = await this.rt.submit({ type: "join", player: actor.id, name: actor.name }, { kind: "player", id: actor.id });
        if (!r.ok) log.warn("join not logged", { cell: this.roomId, player: actor.id, code: r.code });
      }
    }
    await this.sendView(client);
    this.syncPublicState();
    log.info("joined", { cell: this.roomId, who: actor.kind, id: actor.id });
  }

  onDrop(client: SeatClient, code?: number) {
    log.info("dropped", { cell: this.roomId, id: client.userData?.actor.id, code });
    // Closed on purpose (replaced, abusive) or never joined: no seat is kept for it.
    if (this.gone || !client.userData || client.userData.closing !== undefined) return;
    // Rejected when the window expires or the room is disposing (a shutdown): nothing to do then.
    Promise.resolve(this.allowReconnection(client, this.ctx.config.reconnectSeconds)).catch(() => undefined);
  }

  async onReconnect(client: SeatClient) {
    const seat = client.userData!;
    if (seat.actor.login && !(await loginAlive(this.ctx, seat.actor.login))) { client.leave(CloseReason.Unauthorized, "session animateur fermée ; reconnectez-vous"); return; }
    if (this.current.get(seat.key) !== client.sessionId) {
      // The seat connected again elsewhere while this one was away: it comes back only to be told so.
      // (Closed once Colyseus has finished the reconnection, so it sees our code, not a failed reconnection.)
      setTimeout(() => this.replace(client), 0);
      return;
    }
    seat.ready = false;
    seat.strikes = 0;
    quietSocketErrors(client, this.roomId);
    await this.sendView(client); // updates may have been missed while away: the full view resets the client
    log.info("reconnected", { cell: this.roomId, id: seat.actor.id });
  }

  async onLeave(client: SeatClient, code?: number) {
    const seat = client.userData;
    seat?.unwatch?.();
    this.syncPublicState();
    if (!seat) return;
    if (this.current.get(seat.key) === client.sessionId) this.current.delete(seat.key);
    if (this.holders.get(seat.key) === client) this.holders.delete(seat.key);
    log.info("left", { cell: this.roomId, id: seat.actor.id, code });
    if (seat.actor.kind !== "player" || this.gone) return;
    if (!this.clients.some((c) => c !== client && c.userData?.key === seat.key)) this.attendance.gone(seat.actor.id);
  }

  async onDispose() {
    const id = this.cellId;
    if (id === undefined) return; // refused in onCreate before owning anything
    if (this.ctx.cells.get(id) === this.rt) { this.ctx.cells.delete(id); this.ctx.rooms.delete(id); }
    if (!this.gone) await this.attendance?.flush().catch((err) => log.warn("leave not logged", { cell: id, err }));
    await this.rt?.close();
    if (this.leased) { this.leased = false; await this.ctx.cluster?.release(id); }
    hosted.delete(id);
  }

  /** Called through `matchMaker.remoteRoomCall` by another process (session-wide commands); also works locally. */
  async remoteCommand(actor: Actor, command: StaffCommand, id: string): Promise<CommandResult> {
    const out = await staffCommand(this.rt, actor, { id, seq: this.rt.state.seq, command });
    return out.ok ? { cell: this.roomId, ok: true, seq: out.seq } : { cell: this.roomId, ok: false, code: out.code, ...(out.params ? { params: out.params } : {}) };
  }

  /** The overview line of this cell, live (called through `remoteRoomCall` by the process answering the instructor). */
  overview() { return cellOverview(this.rt.cell, this.rt); }

  /** The lease went to another process (this one was too slow to renew): stop writing, send clients to rejoin elsewhere. */
  async evict() {
    if (this.gone) return;
    this.gone = true;
    this.leased = false;
    this.attendance.cancel();
    await this.rt.close();
    await this.disconnect(); // not a final close code: clients rejoin by cell id, wherever the cell now runs
  }

  /**
   * Close the room so that it opens afresh from storage (its data was rewritten: a student's erasure):
   * the runtime writes its last snapshot and stops; clients are disconnected without a final code and
   * rejoin by cell id; the lease is released on dispose.
   */
  async reload() {
    if (this.gone) return;
    this.gone = true;
    this.attendance.cancel();
    await this.rt.close();
    await this.disconnect();
  }

  /** Without this, Colyseus would shut the whole process down on a throw in any room handler. */
  onUncaughtException(err: RoomException, method: string) {
    const cause = (err.cause ?? err) as { code?: number; message?: string };
    // A refused join is the joiner's problem, not the room's: one line, no stack.
    if ((method === "onAuth" || method === "onJoin") && cause instanceof ServerError) log.warn("join refused", { cell: this.roomId, code: cause.code, message: cause.message });
    else log.error("room error", { cell: this.roomId, method, err: cause });
  }

  /** The seat connected again elsewhere: close this connection with 4409, which the client shows and does not fight. */
  private replace(client: SeatClient) {
    if (client.userData) client.userData.closing = CloseReason.Replaced;
    log.info("connection replaced", { cell: this.roomId, id: client.userData?.actor.id });
    client.leave(CloseReason.Replaced, "place reprise dans un autre onglet ou sur un autre appareil");
  }

  private async receive(client: SeatClient, type: ClientMessageType, raw: unknown, id: string | undefined, size: number): Promise<Ack | undefined> {
    if (size > MAX_MESSAGE_BYTES) {
      return this.refuse(client, id, { code: ProtocolError.TooLarge, params: { size, max: MAX_MESSAGE_BYTES } }, type);
    }
    const seat = client.userData!;
    const parsed = ClientMessages[type].safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return this.refuse(client, id, { code: ProtocolError.BadMessage, params: { detail: "invalid", path: first?.path.join(".") || type } }, type);
    }
    let actor = seat.actor;
    let outcome: Outcome;
    try {
      const m = parsed.data;
      if (actor.kind !== "player" && type !== "intent") {
        // The session may have been unshared, or the share changed, since this seat was taken: asked again for every staff command.
        const kind = await staffKind(this.ctx, actor.id, this.roomId);
        if (!kind) {
          setTimeout(() => client.leave(CloseReason.Unauthorized, "accès à cette session retiré"), 0);
          return this.refuse(client, id, { code: ProtocolError.Forbidden, params: { detail: "access_withdrawn" } }, type);
        }
        if (kind !== actor.kind) actor = seat.actor = { ...actor, kind };
      }
      if (type === "intent") {
        outcome = actor.kind === "player"
          ? await playerIntent(this.rt, actor, m as z.output<typeof ClientMessages.intent>)
          : { ok: false, code: ProtocolError.Forbidden, params: { detail: "players_only" } };
      } else if (type === "command") {
        outcome = await staffCommand(this.rt, actor, m as z.output<typeof ClientMessages.command>);
      } else {
        outcome = await this.annotate(actor, m as z.output<typeof ClientMessages.annotate>);
      }
    } catch (err) {
      log.error("message failed", { cell: this.roomId, type, err });
      outcome = { ok: false, code: ProtocolError.Internal };
    }
    if (!outcome.ok) {
      const { ok: _ok, ...refusal } = outcome;
      return this.refuse(client, id, refusal, type);
    }
    const ack: Ack = { id: id!, ok: true, seq: outcome.seq };
    client.send("ack", ack);
    return ack;
  }

  /** Answer a refusal: an ack when the message had an id, else an `error`; logged once (not at all for each refusal of a flood). */
  private refuse(client: SeatClient, id: string | undefined, refusal: Refusal, type?: string, quiet = false): Ack | undefined {
    if (!quiet) log.info("refused", { cell: this.roomId, who: client.userData?.actor.id, type, code: refusal.code, detail: refusal.params?.detail });
    if (id === undefined) { client.send("error", refusal satisfies ServerMessages["error"]); return undefined; }
    const ack: Ack = { id, ok: false, ...refusal };
    client.send("ack", ack);
    return ack;
  }

  private annotate(actor: Actor, m: z.output<typeof ClientMessages.annotate>): Promise<Outcome> {
    if (actor.kind === "player") return Promise.resolve({ ok: false, code: ProtocolError.Forbidden, params: { detail: "staff_notes" } });
    return this.rt.exclusive(async () => {
      const row: AnnotationRow = {
        id: newId("n"), cellId: this.roomId, sessionId: this.rt.session.id, authorId: actor.id, author: actor.name,
        wall: Date.now(), at: m.at, text: m.text, ...(m.entry !== undefined ? { entry: m.entry } : {}), ...(m.competency ? { competency: m.competency } : {}),
      };
      await this.ctx.storage.addAnnotation(row);
      this.pushAnnotation(row);
      return { ok: true, seq: this.rt.state.seq, effects: [] };
    });
  }

  /** A stored annotation to the staff connected to this cell (also called for annotations made over HTTP, here or from another process). */
  pushAnnotation(row: AnnotationRow) {
    this.sendTo((a) => a.staff, () => [{ type: "annotation", annotation: annotationView(row) }]);
  }

  private audienceOf(actor: Actor): Audience {
    return actor.kind === "player" ? { staff: false, roles: this.rt.state.players[actor.id]?.roles ?? [] } : { staff: true };
  }

  private async sendView(client: SeatClient) {
    const seat = client.userData!;
    const actor = seat.actor;
    const annotations = actor.kind === "player" ? undefined : (await this.ctx.storage.listAnnotations({ cellId: this.roomId })).map(annotationView);
    // Computed and sent synchronously with `ready`, so no update is lost or doubled around it.
    const s = this.rt.state;
    const roles = actor.kind === "player" ? s.players[actor.id]?.roles ?? [] : [];
    const ended = s.status === "ended";
    const levels = ended ? debriefLevels(this.rt.compiled, s, await this.scores.get(this.ctx.storage, this.roomId, this.rt.compiled, s),
      actor.kind === "player" ? actor.id : undefined, await this.scores.series(this.ctx.storage, this.roomId, this.rt.compiled, s)) : undefined;
    const msg: ServerMessages["view"] = {
      seq: s.seq, view: fullView(this.rt.compiled, s, this.audienceOf(actor)), brief: this.brief,
      you: { player: actor.id, name: actor.name, roles: [...roles], ...(actor.kind !== "player" ? { staff: actor.kind } : {}) },
      ...(annotations ? { annotations } : {}), ...(levels ? { levels } : {}), ...ScoreCache.rubric(this.rt.compiled, ended),
      limits: { burst: this.ctx.config.rateBurst, perSecond: this.ctx.config.ratePerSecond },
    };
    client.send("view", msg);
    seat.ready = true;
  }

  /** Fan one applied entry out: grouped by audience, each group's updates computed once. */
  private publish({ entry, effects }: Applied) {
    this.syncPublicState();
    const s = this.rt.state;
    const reseat = new Set<string>();
    if (entry.payload.type === "assign" || entry.payload.type === "unassign") reseat.add(entry.payload.player);
    const ended = effects.some((e) => e.type === "end");
    if (ended) this.autoDispose = true;
    const fp = JSON.stringify(s.expectations);
    const expectationsChanged = fp !== this.expectationsFp;
    this.expectationsFp = fp;
    const live = LiveTracker.mayChange(effects);
    const groups = new Map<string, { audience: Audience; clients: SeatClient[] }>();
    for (const client of this.clients) {
      const seat = client.userData;
      if (!seat?.ready || seat.closing !== undefined) continue; // a replaced connection is told to go and gets nothing more
      // After the end, a debrief entry (RETEX, self-assessment) changes levels, gaps or the explained items: fresh views.
      const rescored = s.status === "ended" && (expectationsChanged || (entry.payload.type === "action" && entry.payload.action !== "chat"));
      if (ended || rescored || reseat.has(seat.actor.id)) { seat.ready = false; void this.sendView(client); continue; }
      const audience = this.audienceOf(seat.actor);
      const key = audienceKey(audience);
      const g = groups.get(key) ?? { audience, clients: [] };
      g.clients.push(client);
      groups.set(key, g);
    }
    for (const { audience, clients } of groups.values()) {
      const updates = projectEffects(this.rt.compiled, s, effects, audience);
      const deadlines = this.deadlines.changed(this.rt.compiled, s, audience);
      if (deadlines) updates.push({ type: "deadlines", deadlines });
      if (live) updates.push(...this.live.changed(this.rt.compiled, s, audience, updates));
      if (expectationsChanged && audience.staff) updates.push({ type: "expectations", expectations: fullView(this.rt.compiled, s, audience).expectations ?? [] });
      if (updates.length === 0) continue;
      const msg: ServerMessages["update"] = { seq: entry.seq, updates };
      for (const c of clients) c.send("update", msg);
    }
  }

  private sendTo(filter: (a: Audience) => boolean, build: () => ViewUpdate[]) {
    let updates: ViewUpdate[] | undefined;
    for (const c of this.clients) {
      if (!c.userData?.ready || !filter(this.audienceOf(c.userData.actor))) continue;
      c.send("update", { seq: this.rt.state.seq, updates: (updates ??= build()) } satisfies ServerMessages["update"]);
    }
  }

  private syncPublicState() {
    const s = this.rt.state;
    const st = this.state;
    if (st.status !== s.status) st.status = s.status;
    if (st.time !== s.time) st.time = s.time;
    if (st.speed !== s.speed) st.speed = s.speed;
    if (st.phase !== s.phase) st.phase = s.phase;
    const present = Object.values(s.players).filter((p) => p.present).length;
    if (st.present !== present) st.present = Math.min(255, present);
  }

  /** Erasure: disconnect everyone with "gone" (clients stop reconnecting) and dispose the room. */
  async closeForGood(reason: string) {
    this.gone = true;
    this.attendance?.cancel();
    for (const c of [...this.clients]) c.leave(CloseReason.Gone, reason);
    await this.rt.close();
    await this.disconnect(CloseReason.Gone);
  }
}
