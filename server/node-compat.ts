import { WebSocket as WsWebSocket } from "ws";

/**
 * @colyseus/core 0.18 reads the global `WebSocket` (Node 22 has one, Node 20
 * does not) when a dropped client reconnects into its seat: without it the
 * reconnection throws and the seat is lost. Give Node 20 the `ws` class the
 * transport already uses. Imported first by app.ts.
 */
const g = globalThis as { WebSocket?: unknown };
if (typeof g.WebSocket === "undefined") g.WebSocket = WsWebSocket;
