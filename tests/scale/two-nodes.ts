import { afterAll } from "vitest";
import type { ChildServer } from "../server/child.js";
import { Http } from "../server/helpers.js";
import { clusterEnv, spawnNode, type ClusterEnv } from "./cluster-kit.js";

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

/**
 * A test file's cluster, torn down after its tests: `cleanup` first (its
 * clients, a front door), then every process in `nodes` killed (SIGKILL:
 * nothing to wait for) and the environment dropped. `open(redisDb)` makes
 * the environment on the file's own Redis database, or on SF_TEST_REDIS_DB
 * when set (as SF_TEST_PORT_OFFSET shifts ports): two working copies on one
 * machine then never empty each other's; the files of one run go one at a
 * time, so they may share it.
 */
export function clusterFile(cleanup?: () => Promise<void>): { nodes: ChildServer[]; open: (redisDb: number) => Promise<ClusterEnv> } {
  const nodes: ChildServer[] = [];
  let env: ClusterEnv | undefined;
  afterAll(async () => {
    await cleanup?.();
    for (const n of nodes) n.proc.kill("SIGKILL");
    await Promise.all(nodes.map((n) => n.exited));
    await env?.dispose();
  });
  return { nodes, open: async (redisDb) => (env = await clusterEnv(Number(process.env.SF_TEST_REDIS_DB ?? redisDb))) };
}
