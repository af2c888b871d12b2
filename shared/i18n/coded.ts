/**
 * A refusal or message as data: a `code` and its `params`, never prose. The
 * engine and the server produce these; the reader's side translates them
 * (`refusalText` in shared/i18n/refusals.ts) in the reader's language.
 *
 * Parameters: `detail` picks a variant of the code's text; `count` picks the
 * plural form; a string or number is shown as it is (a person's display
 * name, a size); a `{ fr, en }` label is shown in the reader's language (a
 * field's, role's or option's label from the scenario); a list of labels is
 * written as a list ("« A », « B » et « C »", "“A”, “B”, or “C”" for `options`).
 * Never an internal id.
 */
export interface Label { fr: string; en: string }
export type CodedParam = string | number | Label | Label[];
export type CodedParams = Record<string, CodedParam>;
export interface Coded { code: string; params?: CodedParams }
