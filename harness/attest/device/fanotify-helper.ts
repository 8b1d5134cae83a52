// Runs ima-fanotify.py (the open-capture helper) as a child and turns its JSON lines into OpenEvents.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { z } from "zod";
import { HarnessError, tailLines } from "../../errors/harness-error.ts";
import type { ImaPolicy } from "../../ima/ima-policy.ts";
import type { OpenEvent } from "./emulated-device.ts";

const id = z.number().int().nullable();
const EventLine = z.object({
  type: z.literal("event"),
  path: z.string(),
  pid: z.number().int(),
  role: z.string().nullable().optional(),
  container: z.string().nullable().optional(),
  uid: id,
  euid: id,
  gid: id,
  egid: id.optional(),
  fowner: z.number().int(),
  fgroup: z.number().int(),
  func: z.enum(["FILE_CHECK", "BPRM_CHECK"]),
  mask: z.array(z.enum(["MAY_READ", "MAY_WRITE", "MAY_APPEND", "MAY_EXEC"])).min(1),
  maskSource: z.enum(["fdinfo", "assumed", "exec"]).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  fsmagic: z.number().int().nullable().optional(),
});
const ReadyLine = z.object({ type: z.literal("ready"), marks: z.array(z.string()), mask: z.array(z.string()), pid: z.number().int() });

export interface FanotifyHelperOptions {
  /** Path of ima-fanotify.py. */
  script: string;
  /** Default "python3". */
  python?: string;
  /** Mounts to mark (default ["/"]); "all" marks every mount but pseudo filesystems. */
  mounts?: string[] | "all";
  /** Report and hash only opens of files owned by these uids (see fownerPrefilter); undefined: every open, hashed. */
  fowners?: number[];
  onEvent: (event: OpenEvent) => void;
  /** The kernel queue overflowed (cannot happen with FAN_UNLIMITED_QUEUE, but is reported): opens were lost. */
  onOverflow?: () => void;
  /** A line that is not the helper's JSON. */
  onBadLine?: (line: string, reason: string) => void;
  /** The helper ended after it was ready. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null, stderrTail: string) => void;
  /** Default 15 000 ms until the ready line. */
  readyTimeoutMs?: number;
}

export interface StartedFanotifyHelper {
  pid: number;
  marks: string[];
  mask: string[];
  stop(): void;
}

/** The uids whose files the helper reports and hashes: every measure rule's fowner= value, or undefined when a measure rule has no fowner=X. */
export function fownerPrefilter(policy: ImaPolicy): number[] | undefined {
  const measure = policy.rules.filter((r) => r.action === "measure");
  if (measure.some((r) => r.ids.fowner?.op !== "=")) return undefined;
  return [...new Set(measure.map((r) => r.ids.fowner!.value))];
}

/** The helper's arguments after the script (mounts, the fowner pre-filter), as the device would start it. */
export function fanotifyHelperArgs(o: Pick<FanotifyHelperOptions, "mounts" | "fowners">): string[] {
  const args: string[] = [];
  if (o.mounts === "all") args.push("--all-mounts");
  else for (const m of o.mounts ?? ["/"]) args.push("--mount", m);
  // no fowner at all (a policy without measure rules) is "every open, hashed" as before, never --only-fowner alone
  if (o.fowners && o.fowners.length > 0) args.push(...o.fowners.flatMap((u) => ["--fowner", String(u)]), "--only-fowner");
  else args.push("--hash-all");
  return args;
}

/** Turns the helper's JSON lines into events; `onReady` gets the ready line once. */
function lineHandler(o: Pick<FanotifyHelperOptions, "onEvent" | "onOverflow" | "onBadLine">, onReady: (r: z.infer<typeof ReadyLine>) => void, fail: (what: string) => void): (line: string) => void {
  let seenReady = false;
  return (line) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return o.onBadLine?.(line, "not JSON");
    }
    const type = (json as { type?: unknown }).type;
    if (type === "event") {
      const r = EventLine.safeParse(json);
      if (!r.success) return o.onBadLine?.(line, r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      const { type: _t, ...event } = r.data;
      o.onEvent(event);
    } else if (type === "overflow") {
      o.onOverflow?.();
    } else if (type === "ready" && !seenReady) {
      const r = ReadyLine.safeParse(json);
      if (!r.success) return fail(`sent a bad ready line: ${line}`);
      seenReady = true;
      onReady(r.data);
    } else {
      o.onBadLine?.(line, `unknown type ${JSON.stringify(type)}`);
    }
  };
}

/** Spawns the helper and resolves once it has marked its mounts; rejects (with its stderr) if it cannot. */
export function startFanotifyHelper(o: FanotifyHelperOptions): Promise<StartedFanotifyHelper> {
  const args = [o.script, "--ignore-pid", String(process.pid), ...fanotifyHelperArgs(o)];
  const python = o.python ?? "python3";
  const child: ChildProcess = spawn(python, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-8000)));
  const timeoutMs = o.readyTimeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    let ready: StartedFanotifyHelper | undefined;
    const fail = (what: string, cause?: unknown): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new HarnessError("DEVICE_UNAVAILABLE", `fanotify helper (${python} ${o.script}) ${what}`, { cause, logTail: tailLines(stderr) }));
    };
    const timer = setTimeout(() => fail(`did not report ready within ${timeoutMs} ms`), timeoutMs);
    child.on("error", (e) => (ready ? o.onExit?.(null, null, `${e.message}\n${stderr}`) : fail(`could not start: ${e.message}`, e)));
    child.on("exit", (code, signal) => {
      if (ready) o.onExit?.(code, signal, tailLines(stderr));
      else fail(`exited with ${signal ?? `status ${code}`} before it was ready: ${stderr.trim().split("\n").pop() ?? ""}`);
    });
    const onLine = lineHandler(
      o,
      (r) => {
        clearTimeout(timer);
        ready = { pid: child.pid!, marks: r.marks, mask: r.mask, stop: () => void child.kill("SIGTERM") };
        resolve(ready);
      },
      (what) => fail(what),
    );
    createInterface({ input: child.stdout! }).on("line", onLine);
  });
}

/**
 * The helper runs elsewhere (in the NodeManager's container, while this device runs in its own) and connects to the
 * unix socket `socketPath` (ima-fanotify.py --out-socket): listens there, takes the first connection, and resolves
 * once the helper has marked its mounts. `onExit` is called when that connection ends.
 */
export function listenFanotifyHelper(o: Omit<FanotifyHelperOptions, "script" | "python"> & { socketPath: string }): Promise<StartedFanotifyHelper> {
  rmSync(o.socketPath, { force: true });
  const timeoutMs = o.readyTimeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    let ready: StartedFanotifyHelper | undefined;
    let conn: Socket | undefined;
    const server: Server = createServer((c) => {
      if (conn) return void c.destroy(); // one helper per device
      conn = c;
      c.on("close", () => {
        if (ready) o.onExit?.(null, null, "the fanotify helper's connection closed");
        else fail("closed its connection before it was ready");
      });
      createInterface({ input: c }).on("line", onLine);
    });
    const fail = (what: string): void => {
      clearTimeout(timer);
      conn?.destroy();
      server.close();
      reject(new HarnessError("DEVICE_UNAVAILABLE", `fanotify helper on ${o.socketPath} ${what}`));
    };
    const timer = setTimeout(() => fail(`did not connect and report ready within ${timeoutMs} ms`), timeoutMs);
    const onLine = lineHandler(
      o,
      (r) => {
        clearTimeout(timer);
        ready = { pid: r.pid, marks: r.marks, mask: r.mask, stop: () => (conn?.destroy(), void server.close()) };
        resolve(ready);
      },
      (what) => fail(what),
    );
    server.on("error", (e) => (ready ? o.onExit?.(null, null, e.message) : fail(`: cannot listen: ${e.message}`)));
    server.listen(o.socketPath);
  });
}
