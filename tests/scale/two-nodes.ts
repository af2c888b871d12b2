import type { ChildServer } from "../server/child.js";
import { Http } from "../server/helpers.js";
import { spawnNode, type ClusterEnv } from "./cluster-kit.js";

/* Apart from cluster-kit.ts, which the scale bench imports: the test helpers patch the SDK to record frames. */

/**
 * Two processes on one database and one Redis, the first instructor created
 * through the first one's setup link (the second prints none: the instructor
 * exists). `nodes` receives both, for the caller's teardown.
 */
export async function twoNodes(env: ClusterEnv, extra: Record<string, string>, nodes: ChildServer[]): Promise<{ a: ChildServer; b: ChildServer; anim: Http }> {
  const a = await spawnNode(env, extra);
  nodes.push(a);
  const anim = new Http(a.url);
  const setup = await anim.post("/api/setup", { token: a.setupToken, username: "anim", password: "un-mot-de-passe" });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const b = await spawnNode(env, extra);
  nodes.push(b);
  if (b.setupToken !== undefined) throw new Error("the second process printed a setup link: the instructor should exist");
  return { a, b, anim };
}
