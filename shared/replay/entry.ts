import type { LogEntry, LogPayload } from "../engine/log.js";

/** What a replay folds: payloads (a log being written) or stored entries (with their seq and wall time). Apart from index.ts so that describe.ts can name it without importing the index that imports it. */
export type ReplayEntry = LogPayload | LogEntry;
