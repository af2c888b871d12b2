/**
 * Names of built-in actions that code outside the schemas needs (the engine's
 * phone calls, the browser's phone banner): zod-free, so the browser imports
 * them without the scenario language. The built-ins themselves: builtins.ts.
 */

/** The built-in action that picks up a ringing phone call (its `phone_call` parameter names the call's inject). */
export const ANSWER_CALL = "answer_call";
