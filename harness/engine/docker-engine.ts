// The Docker engine: one dockerode client, a check that it answers, and one mapping from "cannot reach it" to ENGINE_UNAVAILABLE.
import Docker from "dockerode";
import { HarnessError, isHarnessError } from "../errors/harness-error.ts";

// testcontainers must never pull its Ryuk reaper: no registry exists here. We reap by label ourselves.
process.env.TESTCONTAINERS_RYUK_DISABLED = "true";

let client: Docker | undefined;
export function docker(): Docker {
  client ??= new Docker();
  return client;
}

/** Where the engine is expected: DOCKER_HOST or the default socket. */
export function engineAddress(): string {
  return process.env.DOCKER_HOST ?? "/var/run/docker.sock";
}

// socket errors of a connection to the engine (dockerode, testcontainers), and the docker CLI's words for the same (execa)
const SOCKET_CODES = new Set(["ENOENT", "ECONNREFUSED", "ECONNRESET", "EPIPE", "EACCES", "ETIMEDOUT", "EHOSTUNREACH", "ENOTCONN"]);
const ENGINE_GONE_TEXT =
  /Cannot connect to the Docker daemon[^\n]*|error during connect[^\n]*|connect (?:ENOENT|ECONNREFUSED|EACCES)[^\n]*|Could not find a working container runtime strategy|socket hang up/i;

/** "<socket>: <code>" when `e` (or a cause inside it) says the engine cannot be reached; undefined otherwise. */
export function engineConnectionProblem(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length > 0) {
    const x = queue.shift();
    if (x === null || typeof x !== "object" || seen.has(x) || seen.size > 20) continue;
    seen.add(x);
    const o = x as { code?: unknown; syscall?: unknown; address?: unknown; message?: unknown; stderr?: unknown; cause?: unknown; errors?: unknown };
    const address = typeof o.address === "string" ? o.address : undefined;
    const toEngine = o.syscall === "connect" || address?.includes("docker") === true;
    if (typeof o.code === "string" && SOCKET_CODES.has(o.code) && toEngine) return `${address ?? engineAddress()}: ${o.code}`;
    for (const text of [o.stderr, o.message]) {
      const m = typeof text === "string" ? ENGINE_GONE_TEXT.exec(text) : null;
      if (m) return `${engineAddress()}: ${m[0].trim()}`;
    }
    queue.push(o.cause, ...(Array.isArray(o.errors) ? o.errors : []));
  }
  return undefined;
}

/** `e` as an ENGINE_UNAVAILABLE HarnessError when it is a lost connection to the engine; any other error unchanged. */
export function asEngineError(e: unknown): unknown {
  if (isHarnessError(e, "ENGINE_UNAVAILABLE")) return e;
  const problem = engineConnectionProblem(e);
  if (!problem) return e;
  // a HarnessError's own message says what the harness was doing; keep it after the cause
  const doing = isHarnessError(e) ? ` while: ${e.message.split("\n")[0]}` : "";
  return new HarnessError("ENGINE_UNAVAILABLE", `the Docker engine stopped answering (${problem})${doing}`, {
    cause: e,
    logTail: isHarnessError(e) ? e.logTail : undefined,
  });
}

/** Undefined when the engine answers a ping within `timeoutMs`; else why not, in words. */
export async function engineProblem(timeoutMs = 10_000): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([docker().ping(), timeout]);
    return undefined;
  } catch (e) {
    return engineConnectionProblem(e) ?? `${engineAddress()}: ${(e as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

/** Throws ENGINE_UNAVAILABLE unless the engine answers a ping within `timeoutMs`. */
export async function assertEngine(timeoutMs = 10_000): Promise<void> {
  const problem = await engineProblem(timeoutMs);
  if (problem) throw new HarnessError("ENGINE_UNAVAILABLE", `no Docker engine answers (${problem})`);
}

export async function imageExists(tag: string): Promise<boolean> {
  try {
    await docker().getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}
