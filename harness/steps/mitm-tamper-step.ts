// A client-mode job whose executors (and AM) reach the driver through a man-in-the-middle proxy that flips one bit in
// each executor→driver connection after the plaintext auth handshake. The job may fail: whether the crypto layer
// noticed is the tamper-outcome checker's call, from the proxy's log kept here and the job's logs.
import { join } from "node:path";
import { z } from "zod";
import { endpointNameOffset, MITM_NODE, MitmProxy, type MitmEvent, type StartedMitmProxy } from "../attacks/mitm-proxy.ts";
import { hostOf } from "../cluster/cluster-config.ts";
import { JobSchema, submitJob } from "./spark-submit-step.ts";
import { defineStep, StepIdSchema } from "./step-module.ts";

export const MitmTamperStepSchema = z.strictObject({
  kind: z.literal("mitm-tamper"),
  id: StepIdSchema,
  tenant: z.string(),
  job: JobSchema.default("pi"),
  args: z.array(z.string()).default(["2", "2000"]),
  conf: z.record(z.string(), z.string()).default({}),
  queue: z.string().optional(),
  timeoutSeconds: z.number().int().min(10).max(3600).default(240),
  /** Bytes into the encrypted stream; default: the first character of the endpoint name in the first message. */
  flipOffset: z.number().int().min(0).max(1 << 20).optional(),
  /** Bytes into the payload of the first TLS application_data record. */
  tlsPayloadOffset: z.number().int().min(0).max(16384).default(8),
  /** The one bit flipped (XOR mask). */
  bitMask: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8), z.literal(16), z.literal(32), z.literal(64), z.literal(128)]).default(32),
  /** Data-carrying driver-port connections passed untouched first (client mode: the YARN AM connects first). */
  spareConnections: z.number().int().min(0).max(10).default(1),
});
export type MitmTamperStep = z.output<typeof MitmTamperStepSchema>;

export type { MitmEvent };

/** What the proxy did during the step (the job's own evidence is the step's spark record). */
export interface MitmEvidence {
  proxyHost: string;
  /** The proxy's JSON-lines log in the scenario's artifacts. */
  logPath: string;
  events: MitmEvent[];
  flipOffset: number;
}

export const mitmTamperStep = defineStep({
  kind: "mitm-tamper",
  schema: MitmTamperStepSchema,
  refs: (s) => ({ tenants: [["tenant", s.tenant]] }),
  describe: (s) => `${s.job} as ${s.tenant}, client mode, through a bit-flipping proxy`,
  async run(ctx): Promise<MitmEvidence | undefined> {
    const { step, cluster, history } = ctx;
    const host = hostOf(cluster.hosts, MITM_NODE);
    const flipOffset = step.flipOffset ?? endpointNameOffset(host);
    let running: StartedMitmProxy | undefined;
    const started = await history.record(step.id, "start-mitm-proxy", { host, flipOffset, bitMask: step.bitMask, spare: step.spareConnections }, async () => {
      running = await new MitmProxy(cluster, { flipOffset, tlsPayloadOffset: step.tlsPayloadOffset, bitMask: step.bitMask, spareConnections: step.spareConnections }).start();
      return { host: running.host, routing: running.sparkConf() };
    });
    if (!started.ok || !running) {
      ctx.record.problem = `the mitm proxy did not start: ${started.ok ? "no container" : (started.error as Error).message}`;
      return undefined;
    }
    const proxy = running;
    const logPath = join(ctx.dir, "mitm-proxy.jsonl");
    let evidence: MitmEvidence | undefined;
    try {
      await submitJob(ctx, {
        kind: "spark-submit",
        id: step.id,
        tenant: step.tenant,
        job: step.job,
        deployMode: "client",
        args: step.args,
        queue: step.queue,
        jars: [],
        timeoutSeconds: step.timeoutSeconds,
        background: false,
        hold: false,
        // a failing executor should end the app soon, not after YARN's default number of retries
        conf: { "spark.executor.maxNumFailures": "2", ...step.conf, ...proxy.sparkConf() },
      });
    } finally {
      let events: MitmEvent[] = [];
      const stopped = await history.record(step.id, "stop-mitm-proxy", { logPath }, async () => {
        events = await proxy.stopAndSave(logPath);
        return { events: events.length, flips: events.filter((e) => e.event === "flip").length, connections: events.filter((e) => e.event === "connect").length };
      });
      if (stopped.ok) evidence = { proxyHost: proxy.host, logPath, events, flipOffset };
      else ctx.record.problem ??= `the mitm proxy log could not be saved: ${(stopped.error as Error).message}`;
    }
    return evidence;
  },
});

/** A short client-mode Pi as `tenant`, routed through the bit-flipping proxy: `mitmTamper({ tenant: "alice" })`. */
export function mitmTamper(o: Omit<z.input<typeof MitmTamperStepSchema>, "kind" | "id"> & { id?: string }): z.input<typeof MitmTamperStepSchema> {
  return { kind: "mitm-tamper", id: o.id ?? "tamper", ...o };
}
