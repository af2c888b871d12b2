// The game speed under an instructor's multiplier, in a module of its own: the player's screen
// (client/ui/countdowns.ts, through pacing.ts) needs it without the engine's world and machine code.

/** The speed the tempo gives under the instructor's multiplier (none: the tempo itself, exactly). */
export function paced(tempo: number, factor: number | undefined): number {
  return factor === undefined ? tempo : Math.min(MAX_SPEED, Math.round(tempo * factor * 1000) / 1000);
}
const MAX_SPEED = 1440;
