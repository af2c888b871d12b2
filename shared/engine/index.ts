/** The engine's public surface: compile a scenario, fold log entries, project views. */
export { BUILTIN_ACTIONS, BUILTIN_ACTION_IDS, AFTER_END_ACTIONS } from "../scenario/builtins.js";
export { compileScenario, CompileError } from "./compile.js";
export type { CompiledScenario } from "./compiled.js";
export { applyEntry, checkEntry, createState, replay, step } from "./engine.js";
export { LogPayload, type LogEntry, type LogPayloadInput, ENTRY_TYPES, Author } from "./log.js";
export * from "./types.js";
export { viewFor, staffView, scenarioBrief, liveParts, SHARED_KINDS, type CellView, type DeliveryView, type ExpectationView, type ScenarioBrief } from "./view.js";
export { seededRandom } from "./rng.js";
export { ENGINE_VERSION, engineVersion } from "./version.js";
export { countdownViews, pacingView, realSecondsUntil, WARN_REAL_SECONDS, type Closing, type CountdownView, type PacingView } from "./pacing.js";
export { actionNow, type CallView, type LivePart } from "./reveal.js";
