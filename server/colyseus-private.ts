import { matchMaker, type Client } from "@colyseus/core";

/** A room's matchmaking listing, as the driver stores it. */
export type RoomListing = Parameters<typeof matchMaker.driver.persist>[0];

/**
 * The one place that reaches into Colyseus 0.18 below its public API. Each
 * of these is something the public API cannot do and the product needs; an
 * upgrade that moves one breaks `server/colyseus-private.test.ts`, not a
 * player's session. Nothing else in server/ names `_listing`, `_onMessage`,
 * `client.ref` or the matchmaking controller's fields.
 */

/** The matchmaking controller's fields we set (declared, but not meant to be replaced). */
interface Controller {
  exposedMethods: string[];
  DEFAULT_CORS_HEADERS: Record<string, string>;
  getCorsHeaders: (headers: Headers) => Record<string, string>;
  invokeMethod: (method: string, roomId: string, clientOptions: unknown, authContext?: object) => Promise<unknown>;
}

export interface MatchmakingPolicy {
  /** The only HTTP matchmaking methods a client may call (e.g. join by id, reconnect): never create. */
  methods: string[];
  /** Added to the auth context the room's static `onAuth` receives, for the room asked for. */
  authContext: (roomId: string) => object;
  /** CORS headers sent to every origin (no `Allow-Origin`, no credentials). */
  defaultCors: Record<string, string>;
  /** Per request: the CORS headers for this request's origin (empty when it is not allowed). */
  cors: (headers: Headers) => Record<string, string>;
}

/**
 * Lock HTTP matchmaking down for this process: which methods clients may
 * call, which CORS headers they get, and what the room's `onAuth` knows about
 * the seat asked for (Colyseus passes it only the client's options).
 */
export function lockMatchmaking(policy: MatchmakingPolicy): void {
  const controller = matchMaker.controller as unknown as Controller;
  controller.exposedMethods = [...policy.methods];
  const invoke = controller.invokeMethod.bind(controller);
  controller.invokeMethod = (method, roomId, clientOptions, authContext) =>
    invoke(method, roomId, clientOptions, authContext && Object.assign(authContext, policy.authContext(roomId)));
  controller.DEFAULT_CORS_HEADERS = { ...policy.defaultCors };
  controller.getCorsHeaders = policy.cors;
}

/** The WebSocket under a Colyseus client (the `ws` socket of the WebSocket transport). */
export interface RawSocket { removeAllListeners(event: string): void; on(event: string, listener: (err: Error) => void): void; listenerCount(event: string): number }

/** The raw socket of a connected client, to handle the errors `ws` emits below the protocol. */
export function rawSocket(client: Pick<Client, "ref">): RawSocket {
  return client.ref as unknown as RawSocket;
}

/**
 * Put `filter` in front of a room's frame decoding: Colyseus binds
 * `_onMessage` to each connection when it joins, so this must run in
 * `onCreate`, before anyone joins. `filter` gets every raw frame and calls
 * `decode` for the frames Colyseus may read.
 */
export function interceptFrames<C>(room: object, filter: (client: C, frame: Buffer, decode: (client: C, frame: Buffer) => void) => void): void {
  const r = room as { _onMessage(client: C, frame: Buffer): void };
  const decode = r._onMessage.bind(room);
  r._onMessage = (client, frame) => filter(client, frame, decode);
}

/** The matchmaking listing of a room hosted in this process (what the driver stores), or undefined. */
export function localListing(roomId: string): RoomListing | undefined {
  const room = matchMaker.getLocalRoomById(roomId) as unknown as { _listing?: RoomListing } | undefined;
  return room?._listing?.roomId === roomId ? room._listing : undefined;
}
