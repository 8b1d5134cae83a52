// A man-in-the-middle sidecar on the cluster network: fixtures/jobs BitFlipProxy forwards the client-mode driver's
// ports to the gateway and flips one bit in each executor→driver connection after the plaintext auth handshake.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Wait, type StartedTestContainer } from "testcontainers";
import { GATEWAY_NODE, hostOf } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { demuxToText } from "../cluster/cluster-builder.ts";
import { layerKey, type LayerKey, type StartedLayer } from "../cluster/cluster-layer.ts";
import { docker } from "../engine/docker-engine.ts";
import { JOBS_JAR } from "../images/hadoop-spark-image.ts";
import { notYet, ready, waitUntil } from "../util/wait-until.ts";

/** The proxy's logical node name; its host name is `<prefix>-mitm`. */
export const MITM_NODE = "mitm";
/** Fixed driver ports in tamper scenarios (spark.driver.port, spark.driver.blockManager.port). */
export const MITM_DRIVER_PORT = 40200;
export const MITM_BLOCK_MANAGER_PORT = 40201;

export interface MitmProxyOptions {
  /** Bytes into the encrypted stream (after Spark's plaintext auth frame) where the bit is flipped. */
  flipOffset: number;
  /** Bytes into the payload of the first TLS application_data record. */
  tlsPayloadOffset: number;
  /** XOR mask for the flipped byte (one bit). */
  bitMask: number;
  /** The first N data-carrying connections on the driver port pass untouched (client mode: the YARN AM). */
  spareConnections: number;
}

/** One JSON line of the proxy's log. */
export interface MitmEvent {
  t: number;
  event: "listening" | "connect" | "connect-failed" | "mode" | "auth-frame" | "tls-target" | "flip" | "close" | "stop" | string;
  conn?: number;
  port?: number;
  [k: string]: unknown;
}

/** Parses the proxy's JSON lines; lines that are not JSON (JVM warnings) are skipped. */
export function parseProxyLog(text: string): MitmEvent[] {
  const out: MitmEvent[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      out.push(JSON.parse(line) as MitmEvent);
    } catch {
      // a torn last line when the container was killed
    }
  }
  return out;
}

/**
 * Where the first bit of the endpoint name sits in the first encrypted message of a client-mode RpcEnv (the AM's
 * and the executors'): frame length 8 + type 1 + requestId 8 + body length 4, then the RequestMessage — no sender
 * (1), receiver address (1 + 2 + host + 4), the name's length (2). Flipping 0x20 there turns "endpoint-verifier"
 * into "Endpoint-verifier": visible in Spark's answer when the plaintext gets through (CTR); inside the first GCM
 * segment's ciphertext (≥ 8 + 24 header bytes) otherwise.
 */
export function endpointNameOffset(driverHost: string): number {
  return 8 + 1 + 8 + 4 + 1 + (1 + 2 + Buffer.byteLength(driverHost) + 4) + 2;
}

export class MitmProxy {
  constructor(
    private readonly cluster: StartedCluster,
    private readonly options: MitmProxyOptions,
  ) {}

  get host(): string {
    return hostOf(this.cluster.hosts, MITM_NODE);
  }

  /** Starts the proxy container (named, on the cluster network, session-labelled) and waits until it listens. */
  async start(): Promise<StartedMitmProxy> {
    const host = this.host;
    // a crashed earlier scenario of this session may have left it: same name, same session, ours to remove
    await docker().getContainer(host).remove({ force: true }).catch(() => undefined);
    const gateway = this.cluster.hosts.gateway;
    const o = this.options;
    const c = await this.cluster
      .sidecar(MITM_NODE, "mitm")
      .withCommand([
        "java", "-Xmx128m", "-cp", JOBS_JAR, "shieldlab.jobs.BitFlipProxy",
        "--log", "/tmp/mitm-proxy.jsonl",
        "--forward", `${MITM_DRIVER_PORT}:${gateway}:${MITM_DRIVER_PORT}`,
        "--forward", `${MITM_BLOCK_MANAGER_PORT}:${gateway}:${MITM_BLOCK_MANAGER_PORT}`,
        "--flip-offset", String(o.flipOffset),
        "--tls-payload-offset", String(o.tlsPayloadOffset),
        "--bit-mask", String(o.bitMask),
        "--spare", String(o.spareConnections),
        "--spare-port", String(MITM_DRIVER_PORT),
      ])
      .withWaitStrategy(Wait.forLogMessage(/"event":"listening"/).withStartupTimeout(30_000))
      .start();
    this.cluster.log.info({ proxy: host, target: `${GATEWAY_NODE}:${MITM_DRIVER_PORT},${MITM_BLOCK_MANAGER_PORT}`, ...o }, "mitm proxy listening");
    return new StartedMitmProxy(c, host);
  }
}

/** The key of the proxy as a layer; its name is its evidence folder. */
export const MITM_LAYER: LayerKey<StartedMitmProxy> = layerKey<StartedMitmProxy>("mitm");

export class StartedMitmProxy implements StartedLayer {
  readonly key = MITM_LAYER;
  #stopped = false;
  constructor(
    private readonly container: StartedTestContainer,
    readonly host: string,
  ) {}

  /** Spark settings that route the client-mode driver's executors (and AM) through the proxy. */
  sparkConf(): Record<string, string> {
    return {
      "spark.driver.host": this.host,
      "spark.driver.bindAddress": "0.0.0.0",
      "spark.driver.port": String(MITM_DRIVER_PORT),
      "spark.driver.blockManager.port": String(MITM_BLOCK_MANAGER_PORT),
    };
  }

  /** Stops the proxy (SIGTERM: it logs "stop"), saves its log to `dest`, removes the container; returns the events. */
  async stopAndSave(dest: string): Promise<MitmEvent[]> {
    if (this.#stopped) return [];
    this.#stopped = true;
    const c = docker().getContainer(this.container.getId());
    try {
      await c.kill({ signal: "SIGTERM" }).catch(() => undefined);
      // it logs "stop" and exits on SIGTERM; a proxy that does not is removed below all the same
      await waitUntil({ what: `the mitm proxy ${this.host} exiting after SIGTERM`, timeoutMs: 10_000 }, async () =>
        (await c.inspect()).State.Running ? notYet("still running") : ready(true),
      ).catch(() => undefined);
      const text = demuxToText((await c.logs({ stdout: true, stderr: false })) as unknown as Buffer);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, text);
      return parseProxyLog(text);
    } finally {
      await c.remove({ force: true }).catch(() => undefined);
    }
  }

  /** The layer's evidence: stops the proxy and writes `<dir>/mitm-proxy.jsonl`. Never throws; returns problems. */
  async collect(dir: string): Promise<string[]> {
    return this.stopAndSave(join(dir, "mitm-proxy.jsonl")).then(
      () => [],
      (e: Error) => [e.message],
    );
  }

  /** Removes the proxy without saving its log (collect saves). */
  stop(): Promise<void> {
    return this[Symbol.asyncDispose]();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await docker().getContainer(this.container.getId()).remove({ force: true }).catch(() => undefined);
  }
}
