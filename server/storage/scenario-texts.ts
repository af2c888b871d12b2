/**
 * The scenario texts of sessions, kept in memory by session id. A session's
 * text is fixed when the session is created (http/sessions.ts) and never
 * rewritten, so a kept copy is never stale; reading it from the database on
 * every `getSession` cost the event loop 0.4 ms for the ransomware file
 * (150 kB decoded into a string each time) — most of what a staff request or
 * a student's join spent in storage. A session's row is still read each time
 * (status, class, whether it exists at all): only its text comes from here.
 * The least recently used texts go first beyond `maxChars`; an erased
 * session's text goes at once.
 */
export class ScenarioTexts {
  private texts = new Map<string, string>();
  private chars = 0;

  constructor(private maxChars = 16 * 1024 * 1024) {}

  /** The text of `sessionId`: kept, or read by `load` (undefined: the row is gone) and kept; without `load`, the kept one only. */
  get(sessionId: string, load?: () => string | undefined): string | undefined {
    const kept = this.texts.get(sessionId);
    if (kept !== undefined) {
      this.texts.delete(sessionId); // most recently used last
      this.texts.set(sessionId, kept);
      return kept;
    }
    const text = load?.();
    if (text !== undefined) this.keep(sessionId, text);
    return text;
  }

  keep(sessionId: string, text: string): void {
    this.forget(sessionId);
    if (text.length > this.maxChars) return;
    this.texts.set(sessionId, text);
    this.chars += text.length;
    for (const [id, t] of this.texts) {
      if (this.chars <= this.maxChars) break;
      this.texts.delete(id);
      this.chars -= t.length;
    }
  }

  forget(sessionId: string): void {
    const t = this.texts.get(sessionId);
    if (t === undefined) return;
    this.texts.delete(sessionId);
    this.chars -= t.length;
  }

  /** Texts kept and their length in characters. */
  size(): { entries: number; chars: number } { return { entries: this.texts.size, chars: this.chars }; }
}
