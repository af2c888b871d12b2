/**
 * The one cleaner of free text typed by people (action parameters, chat,
 * improvised injects, annotations, display names, RETEX). The server runs it
 * on every free-text field before anything is appended, so the log, the
 * screens, the exports and the PDF report never carry characters that can
 * hide or reorder what a text says, or break a file format:
 *
 * - NUL, the other C0 controls and DEL, the C1 controls (U+0080–U+009F): removed,
 *   except tab and line feed; a carriage return (alone or before a line feed)
 *   becomes a line feed;
 * - bidirectional embeddings and overrides (U+202A–U+202E) and isolates
 *   (U+2066–U+2069), with which "gnp.exe" can display as "exe.png": removed;
 * - lone surrogates (half of a character, invalid UTF-16): removed;
 * - then Unicode NFC, so that "é" typed as e + combining accent and "é" as one
 *   character are the same text (search, comparisons, lengths).
 *
 * Everything else is kept as typed, in any language and script: letters,
 * accents, emoji (with their zero-width joiners), right-to-left text and its
 * marks (U+200E, U+200F, U+061C), non-breaking spaces, French punctuation.
 * Characters are removed, never the text refused: a pasted text keeps its
 * meaning. Pure and idempotent (`sanitizeText(sanitizeText(s)) === sanitizeText(s)`).
 */
export function sanitizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(FORBIDDEN, "")
    .normalize("NFC");
}

/**
 * C0 controls but tab (U+0009) and line feed (U+000A), DEL and C1, the bidi
 * embeddings/overrides and isolates, and any surrogate not part of a pair.
 * (The `u` flag would read pairs as one code point, but it cannot match a
 * lone half, so the surrogate rule is written without it.)
 */
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
