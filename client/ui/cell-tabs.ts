/**
 * The crisis cell's panels that are not visible when the screen opens (the
 * inbox is): one chunk, fetched and built after the cell screen's first paint
 * or when one of their tabs is opened first (ui/cell.ts, ui/lazy.ts).
 */
export { commsPanel } from "./comms.js";
export { decisionsPanel } from "./decisions.js";
export { logbookPanel } from "./logbook.js";
export { mediaPanel } from "./media.js";
export { sitrepPanel } from "./sitrep.js";
export { stakeholdersPanel } from "./stakeholders.js";
export { tasksPanel } from "./tasks.js";
