/**
 * Replaces two modules of the Colyseus SDK in the client build (vite.config.ts,
 * `sdkUnusedShim`): its input prediction (`input/RoomInput`: input handles,
 * the interpolating clock, the input schema codec) and its WebTransport
 * (`transport/H3Transport`). The SDK's Room and Connection import them
 * statically but use them only when a room declares inputs (`defineInput` on
 * the server, or `room.input()` here) or when the endpoint speaks h3: our
 * cell rooms do neither, they exchange messages over WebSocket. About 5 kB
 * gzip the cell screen does not load. Should the SDK ever reach for them,
 * the error says so instead of failing somewhere deeper.
 */
const unused = (what: string) => new Error(`Sangfroid's client ships without the Colyseus SDK's ${what} (client/net/sdk-unused.ts)`);

export class RoomInput {
  constructor() { throw unused("input prediction (a room that defines inputs)"); }
}

export class H3TransportTransport {
  constructor() { throw unused("WebTransport (h3)"); }
}

/** Exported by the replaced transport module; nothing in the SDK's WebSocket path uses it. */
export class FrameReassembler {
  constructor() { throw unused("WebTransport (h3)"); }
}
