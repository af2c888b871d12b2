import type { Command, Io } from "./command.js";
import { scenarioJsonSchemaText } from "../scenario/json-schema.js";

/**
 * `schema [--out FICHIER]`: the JSON Schema of scenario files, generated from
 * the zod schemas. `--out` exists because `npm run` prints its own banner on
 * standard output, which would corrupt a redirected file.
 */
export const schema: Command = {
  args: "[--out FICHIER]",
  summary: "écrit le JSON Schema des scénarios (pour l'éditeur) ; --out scenarios/scenario.schema.json l'enregistre",
  async run(args: string[], io: Io): Promise<number> {
    const rest = args.filter((a) => a !== "--");
    let out: string | undefined;
    if (rest.length === 2 && rest[0] === "--out") out = rest[1];
    else if (rest.length > 0) {
      io.err(`schema : arguments inattendus : ${rest.join(" ")}`);
      io.err("usage : npm run scenario -- schema [--out FICHIER]");
      return 2;
    }
    const text = scenarioJsonSchemaText();
    if (out === undefined) {
      io.out(text.trimEnd());
      return 0;
    }
    await io.writeFile(out, text);
    io.err(`${out} écrit`);
    return 0;
  },
};
