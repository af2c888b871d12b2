import type { StudioProblem } from "../../net/studio-api.js";
import type { Scenario } from "../../../shared/scenario/schema.js";
import type { CheckReply, CheckRequest } from "./check-worker.js";

/**
 * The page's own validator (check-worker.ts in a Web Worker), for feedback
 * while the author types: `submit` every revision of the text; the worker
 * checks one at a time and, when it answers, gets the newest revision
 * submitted meanwhile (the ones in between are skipped, never queued).
 * `onResult` gets each answer with its revision; the caller keeps only the
 * current one. Undefined when the browser cannot start a module worker: the
 * editor then relies on the server's check alone.
 */
export interface LocalCheck {
  submit(rev: number, text: string): void;
  /** False once the worker failed (its script refused, a bug): the editor then asks the server sooner. */
  working(): boolean;
  dispose(): void;
}

export function localCheck(filename: () => string, opened: string, onResult: (rev: number, r: { valid: boolean; problems: StudioProblem[]; scenario?: Scenario }) => void): LocalCheck | undefined {
  let worker: Worker;
  try {
    worker = new Worker(new URL("./check-worker.ts", import.meta.url), { type: "module", name: "sangfroid-check" });
  } catch {
    return undefined;
  }
  let busy = false;
  let failed = false;
  let next: CheckRequest | undefined;
  const send = (req: CheckRequest) => { busy = true; worker.postMessage(req); };
  worker.onmessage = (e: MessageEvent<CheckReply>) => {
    busy = false;
    if (next) { const req = next; next = undefined; send(req); }
    onResult(e.data.rev, e.data);
  };
  worker.postMessage({ rev: -1, filename: filename(), text: opened, warm: true } satisfies CheckRequest);
  // A worker that fails (its script refused, a bug) stops answering: the server's check goes on alone.
  worker.onerror = () => { failed = busy = true; next = undefined; };
  return {
    submit(rev, text) {
      const req = { rev, filename: filename(), text };
      if (busy) next = req; else send(req);
    },
    working: () => !failed,
    dispose: () => worker.terminate(),
  };
}
