// The mitm-tamper step: start the bit-flipping proxy, run a client-mode job routed through it, stop the proxy and
// keep its log. The job may fail — whether the crypto layer noticed is the tamper-outcome checker's call.
import { join } from "node:path";
import { endpointNameOffset, MITM_NODE, MitmProxy, type MitmEvent, type StartedMitmProxy } from "../attacks/mitm-proxy.ts";
import { hostOf } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import type { History } from "./history.ts";
import type { StepEvidence } from "./scenario-evidence.ts";
import type { MitmTamperStep, SubmitStep } from "./workloads.ts";

/** What the proxy did during a mitm-tamper step. */
export interface MitmEvidence {
  proxyHost: string;
  /** The proxy's JSON-lines log in the scenario's artifacts. */
  logPath: string;
  events: MitmEvent[];
  flipOffset: number;
}

/** Runs the step; `submit` is the runner's own spark-submit step (same evidence, logs and timeouts). */
export async function runMitmTamperStep(
  step: MitmTamperStep,
  ev: StepEvidence,
  cluster: StartedCluster,
  history: History,
  dir: string,
  submit: (s: SubmitStep) => Promise<void>,
): Promise<void> {
  const host = hostOf(cluster.hosts, MITM_NODE);
  const flipOffset = step.flipOffset ?? endpointNameOffset(host);
  let running: StartedMitmProxy | undefined;
  const started = await history.record(step.id, "start-mitm-proxy", { host, flipOffset, bitMask: step.bitMask, spare: step.spareConnections }, async () => {
    running = await new MitmProxy(cluster, { flipOffset, tlsPayloadOffset: step.tlsPayloadOffset, bitMask: step.bitMask, spareConnections: step.spareConnections }).start();
    return { host: running.host, routing: running.sparkConf() };
  });
  if (!started.ok || !running) {
    ev.problem = `the mitm proxy did not start: ${started.ok ? "no container" : (started.error as Error).message}`;
    return;
  }
  const logPath = join(dir, "mitm-proxy.jsonl");
  try {
    await submit({
      kind: "spark-submit",
      id: step.id,
      tenant: step.tenant,
      job: step.job,
      deployMode: "client",
      args: step.args,
      queue: step.queue,
      timeoutSeconds: step.timeoutSeconds,
      background: false,
      hold: false,
      // a failing executor should end the app soon, not after YARN's default number of retries
      conf: { "spark.executor.maxNumFailures": "2", ...step.conf, ...running.sparkConf() },
    });
  } finally {
    const proxy = running;
    let events: MitmEvent[] = [];
    const stopped = await history.record(step.id, "stop-mitm-proxy", { logPath }, async () => {
      events = await proxy.stopAndSave(logPath);
      return { events: events.length, flips: events.filter((e) => e.event === "flip").length, connections: events.filter((e) => e.event === "connect").length };
    });
    if (stopped.ok) ev.mitm = { proxyHost: proxy.host, logPath, events, flipOffset };
    else ev.problem ??= `the mitm proxy log could not be saved: ${(stopped.error as Error).message}`;
  }
}
