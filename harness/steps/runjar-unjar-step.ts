// CVE-2024-23454 replay: `victim` runs the cluster's own Hadoop RunJar (`hadoop jar`) on the gateway with a job jar
// that carries a secret; while RunJar holds its work directory, `attacker` (another local user) reads the unpacked
// copy and tries to overwrite it. The evidence: the directory's owner and mode, what each of them saw.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { attackerTries, killVictim, parseUnjarOutput, releaseVictim, startVictim, unpackedModes, victimOutput, VICTIM_UMASK, type AttackerTry, type PathMode, type UnjarOutput } from "../attacks/runjar-unjar.ts";
import { giveUp, notYet, ready, waitUntil } from "../util/wait-until.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const RunJarUnjarStepSchema = z.strictObject({
  kind: z.literal("runjar-unjar"),
  id: StepIdSchema,
  victim: z.string(),
  attacker: z.string(),
  /** How long UnjarHold keeps RunJar (and its work directory) alive at most. */
  holdSeconds: z.number().int().min(10).max(600).default(120),
}).refine((s) => s.victim !== s.attacker, { path: ["attacker"], message: "the attacker must be another user than the victim" });
export type RunJarUnjarStep = z.output<typeof RunJarUnjarStepSchema>;

/** What the replay saw. */
export interface RunJarUnjarEvidence {
  victim: string;
  attacker: string;
  umask: string;
  /** The secret the job jar carried (a random token made for this run, not a real secret). */
  token: string;
  /** What RunJar's main class printed: its work directory, the secret it read before and after the attack. */
  output: UnjarOutput;
  /** Owner and mode of the work directory and the unpacked secret. */
  modes: PathMode[];
  read: AttackerTry;
  replace: AttackerTry;
  replacement: string;
}

/** How long RunJar gets to unpack and print its work directory (a JVM start on a busy two-core machine). */
const UNPACK_MS = 60_000;

export const runJarUnjarStep = defineStep({
  kind: "runjar-unjar",
  schema: RunJarUnjarStepSchema,
  refs: (s) => ({ tenants: [["victim", s.victim], ["attacker", s.attacker]] }),
  describe: (s) => `${s.victim} runs Hadoop's RunJar, ${s.attacker} reads its unpacked files`,
  async run(ctx): Promise<RunJarUnjarEvidence | undefined> {
    const { step, cluster, history } = ctx;
    const token = `SHIELDLAB-UNJAR-${randomBytes(8).toString("hex")}`;
    const replacement = `REPLACED-BY-${step.attacker}`;
    const started = await history.record(step.id, "runjar", { user: step.victim, umask: VICTIM_UMASK }, () => startVictim(cluster, step.victim, token, step.holdSeconds));
    if (!started.ok) {
      ctx.record.problem = (started.error as Error).message;
      return undefined;
    }
    const pid = started.value;
    try {
      const unpacked = await history.record(step.id, "await-unpack", { pid }, () =>
        waitUntil({ what: "RunJar printing its work directory", timeoutMs: UNPACK_MS, intervalMs: 1000, signal: ctx.signal }, async () => {
          const o = await victimOutput(cluster, step.victim, pid);
          const parsed = parseUnjarOutput(o.text);
          if (parsed.dir && parsed.before !== undefined) return ready(parsed);
          return o.alive ? notYet("no UNJAR-DIR line yet") : giveUp(`RunJar exited: ${o.text.trim().split("\n").slice(-5).join(" | ").slice(0, 400)}`);
        }),
      );
      if (!unpacked.ok) {
        ctx.record.problem = `RunJar did not hold an unpacked work directory: ${(unpacked.error as Error).message}`;
        return undefined;
      }
      const dir = unpacked.value.dir!;
      const modes = await history.record(step.id, "stat", { dir }, () => unpackedModes(cluster, dir));
      const tries = await history.record(step.id, "attack", { user: step.attacker, dir }, () => attackerTries(cluster, step.attacker, dir, replacement));
      if (!modes.ok || !tries.ok) {
        ctx.record.problem = `the work directory could not be examined: ${((modes.ok ? tries : modes) as { error: Error }).error.message}`;
        return undefined;
      }
      const after = await history.record(step.id, "release", { user: step.victim }, async () => {
        await releaseVictim(cluster, step.victim);
        return waitUntil({ what: "RunJar reading its copy again after the release", timeoutMs: 20_000, intervalMs: 500, signal: ctx.signal }, async () => {
          const o = await victimOutput(cluster, step.victim, pid);
          const parsed = parseUnjarOutput(o.text);
          return parsed.after !== undefined ? ready(parsed) : o.alive ? notYet("no SECRET-AFTER line yet") : giveUp("RunJar exited without reading again");
        });
      });
      const output = after.ok ? after.value : unpacked.value;
      return { victim: step.victim, attacker: step.attacker, umask: VICTIM_UMASK, token, output, modes: modes.value, read: tries.value.read, replace: tries.value.replace, replacement };
    } finally {
      // the release ends it; a victim that did not end is stopped by its own pid
      const o = await victimOutput(cluster, step.victim, pid).catch(() => undefined);
      if (o?.alive) await killVictim(cluster, pid).catch(() => undefined);
    }
  },
});

/** The CVE-2024-23454 replay: `runJarUnjar({ victim: "alice", attacker: "bob" })`. */
export function runJarUnjar(o: { victim: string; attacker: string; id?: string; holdSeconds?: number }): z.input<typeof RunJarUnjarStepSchema> {
  return { kind: "runjar-unjar", id: o.id ?? "unjar", victim: o.victim, attacker: o.attacker, ...(o.holdSeconds ? { holdSeconds: o.holdSeconds } : {}) };
}
