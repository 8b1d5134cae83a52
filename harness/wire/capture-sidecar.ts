// A tcpdump sidecar in a node's network namespace: sees exactly that container's traffic; the pcap is kept.
// It is a cluster layer: `withLayer(new CaptureSidecar(undefined, node))` captures from the daemons' start, or a step
// starts one for a scenario (`new CaptureSidecar(cluster, node).start()`); collect(dir) writes <dir>/<node>.pcap.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { docker } from "../engine/docker-engine.ts";
import { sessionLabels } from "../engine/session.ts";
import { demuxToText } from "../cluster/cluster-builder.ts";
import { layerKey, type ClusterLayer, type LayerKey, type StartedLayer } from "../cluster/cluster-layer.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { notYet, ready, waitUntil } from "../util/wait-until.ts";

const PCAP_IN_CONTAINER = "/tmp/capture.pcap";

/** The key of capture layers; its name is the evidence folder ("pcaps") every capture writes its <node>.pcap into. */
export const CAPTURE_LAYER: LayerKey<StartedCapture> = layerKey<StartedCapture>("pcaps");

export class CaptureSidecar implements ClusterLayer<StartedCapture> {
  readonly key = CAPTURE_LAYER;

  constructor(
    private readonly cluster: StartedCluster | undefined,
    private readonly node: string,
    private readonly image?: string,
  ) {}

  /** Starts tcpdump on every interface of the node (-i any: also traffic a node sends to itself). */
  async start(cluster: StartedCluster | undefined = this.cluster): Promise<StartedCapture> {
    if (!cluster) throw new HarnessError("INVALID_INPUT", `capture on ${this.node}: no cluster to capture in`);
    const target = cluster.node(this.node);
    const c = await new GenericContainer(this.image ?? cluster.image)
      .withNetworkMode(`container:${target.containerId}`)
      .withAddedCapabilities("NET_RAW", "NET_ADMIN")
      .withLabels(sessionLabels(cluster.sessionId, "sniffer", cluster.keep))
      .withCommand(["tcpdump", "-i", "any", "-U", "-s", "0", "-n", "-w", PCAP_IN_CONTAINER, "not", "port", "22"])
      .start();
    try {
      // tcpdump prints "listening on any" once it captures
      await waitUntil({ what: `tcpdump in the namespace of ${this.node} listening`, timeoutMs: 15_000, intervalMs: 200, code: "LAYER_FAILED" }, async () => {
        const logs = demuxToText((await docker().getContainer(c.getId()).logs({ stdout: true, stderr: true })) as unknown as Buffer);
        return logs.includes("listening on") ? ready(undefined) : notYet(logs.trim().split("\n").at(-1) || "no output yet");
      });
    } catch (e) {
      await c.stop({ remove: true }).catch(() => undefined);
      throw e;
    }
    return new StartedCapture(c, this.node);
  }
}

export class StartedCapture implements StartedLayer {
  readonly key = CAPTURE_LAYER;
  #stopped = false;
  constructor(
    private readonly container: StartedTestContainer,
    readonly node: string,
  ) {}

  /** Stops tcpdump (SIGINT flushes it), copies the pcap to `dest`, removes the sidecar. */
  async stopAndSave(dest: string): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const id = this.container.getId();
    try {
      await docker().getContainer(id).kill({ signal: "SIGINT" }).catch(() => undefined);
      await docker().getContainer(id).wait().catch(() => undefined);
      mkdirSync(dirname(dest), { recursive: true });
      const r = await execa("docker", ["cp", `${id}:${PCAP_IN_CONTAINER}`, dest], { reject: false });
      if (r.exitCode !== 0) throw new HarnessError("EXEC_FAILED", `no capture from ${this.node}: ${r.stderr.trim()}`);
    } finally {
      await docker().getContainer(id).remove({ force: true }).catch(() => undefined);
    }
  }

  /** The layer's evidence: stops the capture and writes `<dir>/<node>.pcap`. Never throws; returns problems. */
  async collect(dir: string): Promise<string[]> {
    return this.stopAndSave(join(dir, `${this.node}.pcap`)).then(
      () => [],
      (e: Error) => [e.message],
    );
  }

  /** Removes the sidecar without saving (collect saves). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await docker().getContainer(this.container.getId()).remove({ force: true }).catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
