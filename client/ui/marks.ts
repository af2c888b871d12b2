/**
 * Readiness in the lobby was, in cells logged before the `ready` entry, a chat
 * line starting with one of these marks. They are data (the log's words), never
 * shown as such: the chat draws an icon in their place.
 */
export const READY_MARK = "\u2714";
export const NOT_READY_MARK = "\u2716";
