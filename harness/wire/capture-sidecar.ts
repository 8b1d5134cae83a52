// A tcpdump sidecar in a node's network namespace: sees exactly that container's traffic; the pcap is kept.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { execa } from "execa";
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { docker } from "../engine/docker-engine.ts";
import { sessionLabels } from "../engine/session.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { HarnessError } from "../errors/harness-error.ts";

const PCAP_IN_CONTAINER = "/tmp/capture.pcap";

export class CaptureSidecar {
  constructor(
    private readonly cluster: StartedCluster,
    private readonly node: string,
    private readonly image: string,
  ) {}

  /** Starts tcpdump on every interface of the node (-i any: also traffic a node sends to itself). */
  async start(): Promise<StartedCapture> {
    const target = this.cluster.node(this.node);
    const c = await new GenericContainer(this.image)
      .withNetworkMode(`container:${target.containerId}`)
      .withAddedCapabilities("NET_RAW", "NET_ADMIN")
      .withLabels(sessionLabels(this.cluster.sessionId, "sniffer", this.cluster.keep))
      .withCommand(["tcpdump", "-i", "any", "-U", "-s", "0", "-n", "-w", PCAP_IN_CONTAINER, "not", "port", "22"])
      .start();
    // tcpdump prints "listening on any" once it captures
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const logs = (await docker().getContainer(c.getId()).logs({ stdout: true, stderr: true })).toString();
      if (logs.includes("listening on")) return new StartedCapture(c, this.node);
      await new Promise((r) => setTimeout(r, 200));
    }
    await c.stop({ remove: true }).catch(() => undefined);
    throw new HarnessError("TIMEOUT", `tcpdump in the namespace of ${this.node} did not start listening within 15 s`);
  }
}

export class StartedCapture implements AsyncDisposable {
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
      if (r.exitCode !== 0) throw new HarnessError("INVALID_INPUT", `no capture from ${this.node}: ${r.stderr.trim()}`);
    } finally {
      await docker().getContainer(id).remove({ force: true }).catch(() => undefined);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await docker().getContainer(this.container.getId()).remove({ force: true }).catch(() => undefined);
  }
}
