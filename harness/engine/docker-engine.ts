// The Docker engine: one dockerode client, and a check that it answers with a message saying how to fix it.
import Docker from "dockerode";
import { HarnessError } from "../errors/harness-error.ts";

// testcontainers must never pull its Ryuk reaper: no registry exists here. We reap by label ourselves.
process.env.TESTCONTAINERS_RYUK_DISABLED = "true";

let client: Docker | undefined;
export function docker(): Docker {
  client ??= new Docker();
  return client;
}

/** Throws ENGINE_UNAVAILABLE unless the engine answers a ping within `timeoutMs`. */
export async function assertEngine(timeoutMs = 10_000): Promise<void> {
  const ping = docker().ping();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  try {
    await Promise.race([ping, timeout]);
  } catch (e) {
    throw new HarnessError(
      "ENGINE_UNAVAILABLE",
      `no Docker engine answers at ${process.env.DOCKER_HOST ?? "/var/run/docker.sock"} (${(e as Error).message}). ` +
        "Run `bash scripts/bootstrap-engine.sh` (as root) to install and start one.",
      { cause: e },
    );
  }
}

export async function imageExists(tag: string): Promise<boolean> {
  try {
    await docker().getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}
