import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instructor, startServer, type Http, type TestServer } from "./helpers.js";

/**
 * The studio shows, at each keystroke, what its own validator in the page
 * says (client/ui/studio/check-worker.ts, a Web Worker) before the server's
 * check answers. Property: for any text, the worker's answer is the server's
 * to the letter — the same problems, positions and `file:line:col` texts —
 * so the author never reads one thing and then another. Checked with the
 * worker's own module (its message handler, called as the browser would) and
 * the real server, on typos of every kind in the largest bundled scenario.
 */

const largest = ["undersea-cable.yaml", "evacuation-coup.yaml", "ransomware-logirhone.yaml"]
  .map((f) => readFileSync(new URL(`../../scenarios/${f}`, import.meta.url), "utf8")).sort((a, b) => b.length - a.length)[0];
const edits: [string, (t: string) => string][] = [
  ["unknown channel", (t) => t.replace(/^(\s+channel:\s*)(\w+)$/m, "$1$2x")],
  ["bad time", (t) => t.replace(/^(\s+at: "T\+\d\d:\d)\d"$/m, '$1x"')],
  ["unknown key", (t) => t.replace(/^(\s+)severity:/m, "$1severty:")],
  ["YAML syntax", (t) => t.replace(/^(\s+subject: .*)$/m, "$1 : oups: [")],
  ["duplicate key", (t) => t.replace(/^(\s+)(channel: \w+)$/m, "$1$2\n$1$2")],
  ["no error (a changed subject)", (t) => t.replace(/^(\s+subject: \{ fr: ")/m, "$1Nouveau : ")],
];

type Reply = { rev: number; valid: boolean; problems: unknown[] };
const replies: Reply[] = [];
let onmessage: (e: { data: unknown }) => void;

describe("the page's validator and the server's check", () => {
  let server: TestServer;
  let anim: Http;

  beforeAll(async () => {
    // The worker's global scope, as the browser gives it: `postMessage` out, `onmessage` set by the module.
    const scope = globalThis as unknown as { postMessage: (r: Reply) => void; onmessage?: typeof onmessage };
    scope.postMessage = (r) => { replies.push(r); };
    await import("../../client/ui/studio/check-worker.js");
    onmessage = scope.onmessage!;
    server = await startServer();
    anim = await instructor(server);
  });
  afterAll(async () => { await server?.close(); delete (globalThis as { onmessage?: unknown }).onmessage; });

  it.each(edits)("say the same words for %s", async (_what, edit) => {
    const text = edit(largest);
    expect(text).not.toBe(largest);
    onmessage({ data: { rev: replies.length, filename: "mon-scenario.yaml", text } });
    const local = replies.at(-1)!;
    const remote = await anim.post("/api/scenarios/check", { filename: "mon-scenario.yaml", text });
    expect(remote.status).toBe(200);
    expect({ valid: local.valid, problems: local.problems }).toEqual(remote.body);
  });

  it("has a problem to show for each typo (the comparison is not of two empty lists)", () => {
    expect(replies.slice(0, -1).every((r) => !r.valid && r.problems.length > 0)).toBe(true);
    expect(replies.at(-1)!.valid).toBe(true);
  });
});
