import type { AnnotationView } from "../../shared/protocol.js";
import type { AnnotationRow } from "../storage/types.js";

/** A stored annotation as the room and the evaluators' API both send it (the same shape on the socket and over HTTP). */
export const annotationView = (a: AnnotationRow): AnnotationView => ({
  id: a.id, cell: a.cellId, author: a.author, at: a.at, text: a.text, wall: a.wall,
  ...(a.entry !== undefined ? { entry: a.entry } : {}), ...(a.competency !== undefined ? { competency: a.competency } : {}),
});
