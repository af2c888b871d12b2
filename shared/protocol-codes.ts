// The close codes and refusal codes of the wire protocol, without zod: the browser's cell screen imports
// these (shared/net/cell-connection.ts, client/ui/play.ts) and must not pull the validation library with them.
// shared/protocol.ts re-exports them for the server.

/**
 * Version 2: refusals are `{ code, params }` (no prose). A client sends its
 * version when it joins (`JoinRequest.protocol`); a server of another version
 * refuses the seat (HTTP 426 at reservation, `CloseReason.ProtocolMismatch`
 * on the socket) and the client says "reload the page".
 */
export const PROTOCOL_VERSION = 2;
/** The seat reservation's HTTP status (and so the SDK's error code) when the client's protocol is not the server's. */
export const PROTOCOL_MISMATCH_STATUS = 426;

/**
 * Close codes the server uses when it ends a connection on purpose. A
 * client must not reconnect by itself after these (see shared/net/cell-connection.ts),
 * except `JoinThrottled`, which asks it to wait before trying again.
 */
export const CloseReason = {
  /** Token unknown, expired or revoked. */
  Unauthorized: 4401,
  /**
   * The same seat (player token, or staff login in this cell) connected again,
   * from another tab or device: the newest connection wins, this one is closed.
   * The client shows "opened in another tab" with a button to take the seat
   * back, and never reconnects by itself (no ping-pong between two tabs).
   */
  Replaced: 4409,
  /** The session was erased (GDPR) or its room closed for good. */
  Gone: 4410,
  /** Flooding or repeated oversized messages. */
  Abusive: 4429,
  /** A join refused because this seat joined too often lately: try again after a pause (not final). */
  JoinThrottled: 4430,
  /** The client speaks another protocol version than the server (a page loaded before an update): reload the page. */
  ProtocolMismatch: 4426,
} as const;

/** Reasons an intent is refused, besides the engine's own rejection codes. */
export const ProtocolError = {
  BadMessage: "bad_message",
  TooLarge: "too_large",
  Forbidden: "forbidden",
  Stale: "stale",
  RateLimited: "rate_limited",
  Internal: "internal",
  /** A required role is vacant: start with `force: true` to go ahead. */
  RolesVacant: "roles_vacant",
  Unauthorized: "unauthorized",
  /** A frame that is not a Colyseus message (bad msgpack, truncated, unknown opcode): answered, the connection kept. */
  BadFrame: "bad_frame",
  /** `task_update` naming something that is not a task of this cell. */
  UnknownTask: "unknown_task",
  /** The server cannot write its log (disk full, damaged database): nothing acknowledged is lost. */
  StorageFailed: "storage_failed",
  /** The cell cannot be opened (its log or snapshot is damaged): the other cells play on. */
  CellDamaged: "cell_damaged",
} as const;
export type ProtocolErrorCode = (typeof ProtocolError)[keyof typeof ProtocolError];
