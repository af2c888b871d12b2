import { Protocol } from "@colyseus/core";
import { decode } from "@colyseus/schema";
import { unpack } from "msgpackr";

/**
 * What is wrong with a raw WebSocket frame from a client, before Colyseus
 * reads it, or null if Colyseus can read it. Colyseus answers a frame it
 * cannot decode by closing the socket with no message and a stack trace in
 * the log; CellRoom asks this first and answers `bad_frame` instead.
 *
 * A client may send: JOIN_ROOM (its handshake), PING, LEAVE_ROOM, and
 * ROOM_DATA = [13][message type: string or number][msgpack payload]. The
 * payload is decoded exactly as Colyseus decodes it (same msgpackr `unpack`),
 * so a frame passed here cannot fail there. Requests, raw bytes and inputs
 * are not part of this game's protocol.
 */
export function frameProblem(frame: unknown): string | null {
  if (!(frame instanceof Uint8Array) || frame.byteLength === 0) return "trame vide ou illisible";
  const code = frame[0] & 0x1f; // PROTOCOL_CODE_MASK: the high bits are modifiers
  if (code === Protocol.JOIN_ROOM || code === Protocol.PING || code === Protocol.LEAVE_ROOM) return null;
  if (code !== Protocol.ROOM_DATA) return `type de trame ${code} non pris en charge`;
  const it = { offset: 1 };
  let type: unknown;
  try {
    type = decode.stringCheck(frame, it) ? decode.string(frame, it) : decode.number(frame, it);
  } catch {
    return "type de message illisible";
  }
  // A length prefix pointing past the end leaves the offset beyond the frame, or NaN.
  if (!(it.offset <= frame.byteLength) || (typeof type !== "string" && !Number.isFinite(type))) return "trame tronquée";
  if (frame.byteLength > it.offset) {
    try { unpack(frame.subarray(it.offset)); } catch { return "contenu illisible (msgpack invalide)"; }
  }
  return null;
}
