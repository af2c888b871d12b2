import { describe, expect, it } from "vitest";
import { PdfCache } from "./pdf-cache.js";

/** The drawn-documents cache: one drawing per key however many ask at once, failures not kept, least recently used out first. */

const pdf = (s: string) => Buffer.from(s);
const counting = () => {
  const made: string[] = [];
  return { made, make: (key: string, body = key) => () => { made.push(key); return Promise.resolve(pdf(body)); } };
};

describe("PdfCache", () => {
  it("draws a key once, whether asked while it is being drawn or after", async () => {
    const c = new PdfCache();
    const { made, make } = counting();
    const [a, b] = await Promise.all([c.get("k", make("k")), c.get("k", make("k"))]);
    expect((await c.get("k", make("k"))).toString()).toBe("k");
    expect([a.toString(), b.toString(), made]).toEqual(["k", "k", ["k"]]);
  });

  it("a failed drawing reaches everyone who asked for it and is not kept: the next ask draws again", async () => {
    const c = new PdfCache();
    const failing = () => Promise.reject(new Error("rendu PDF interrompu"));
    const both = await Promise.allSettled([c.get("k", failing), c.get("k", failing)]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((await c.get("k", () => Promise.resolve(pdf("ok")))).toString()).toBe("ok");
    expect(c.size().entries).toBe(1);
  });

  it("a drawing refused at once (renderers busy) throws to its asker and leaves nothing behind", async () => {
    const c = new PdfCache();
    expect(() => c.get("k", () => { throw new Error("busy"); })).toThrow("busy");
    expect((await c.get("k", () => Promise.resolve(pdf("ok")))).toString()).toBe("ok");
  });

  it("beyond its bytes, the least recently used documents go first", async () => {
    const c = new PdfCache(10);
    const { made, make } = counting();
    await c.get("a", make("a", "aaaa"));
    await c.get("b", make("b", "bbbb"));
    await c.get("a", make("a", "aaaa")); // a used last: b is the oldest
    await c.get("c", make("c", "cccc"));
    expect(c.size()).toEqual({ entries: 2, bytes: 8 });
    await c.get("a", make("a", "aaaa"));
    await c.get("b", make("b", "bbbb"));
    expect(made).toEqual(["a", "b", "c", "b"]);
  });
});
