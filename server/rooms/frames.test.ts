import { encode } from "@colyseus/schema";
import { pack } from "msgpackr";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frameProblem } from "./frames.js";

/** Which raw frames Colyseus could read: well-formed ones pass, anything else is named. */

const data = (type: string, payload?: unknown): Uint8Array => {
  const head = [13];
  encode.string(head as unknown as Uint8Array, type, { offset: 1 });
  return Uint8Array.from([...head, ...(payload === undefined ? [] : pack(payload))]);
};

describe("frameProblem", () => {
  it("passes what the SDK sends", () => {
    expect(frameProblem(data("intent", { id: "m1", seq: 0, intent: { type: "take_role", role: "com" } }))).toBeNull();
    expect(frameProblem(data("intent"))).toBeNull();
    expect(frameProblem(Uint8Array.from([10]))).toBeNull(); // JOIN_ROOM
    expect(frameProblem(Uint8Array.from([18]))).toBeNull(); // PING
  });

  it("names what it cannot read", () => {
    expect(frameProblem(new Uint8Array())).toMatch(/vide/);
    expect(frameProblem(Uint8Array.from([13]))).toMatch(/tronquée/);
    expect(frameProblem(Uint8Array.from([13, 0xd9]))).toMatch(/tronquée/);
    expect(frameProblem(Uint8Array.from([...data("intent"), 0xd9, 0x10, 0x41]))).toMatch(/msgpack/);
    expect(frameProblem(Uint8Array.from([21, 1]))).toMatch(/non pris en charge/);
    expect(frameProblem("texte")).toMatch(/illisible/);
  });

  it("property: never throws, whatever the bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => { frameProblem(Uint8Array.from([13, ...bytes])); frameProblem(bytes); }), { numRuns: 3000 });
  });
});
