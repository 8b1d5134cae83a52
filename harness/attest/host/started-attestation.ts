// The running attestation layer of a cluster: the verifier in its own container, the emulated realm of every NodeManager
// (configfs-tsm report + IMA via fanotify) with its device in a sidecar container (or, in-node, as a root daemon in the
// NodeManager), reference values taken from the image itself, and the faults the attestation scenarios inject
// (tampered files, device faults, verifier outage) with their undo.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { HarnessError, tailLines, type HarnessErrorCode } from "../../errors/harness-error.ts";
import { docker } from "../../engine/docker-engine.ts";
import { demuxToText } from "../../cluster/cluster-builder.ts";
import { layerKey, type LayerKey, type LayerScenario, type StartedLayer } from "../../cluster/cluster-layer.ts";
import type { StartedCluster } from "../../cluster/started-cluster.ts";
import { SHARED_DIR, hostOf } from "../../cluster/cluster-config.ts";
import { fixturesDir } from "../../util/paths.ts";
import { giveUp, notYet, ready, waitUntil } from "../../util/wait-until.ts";
import type { DeviceFaults } from "../device/device-faults.ts";
import type { RealmTokenFormat } from "../../cca/realm-token-format.ts";
import { AttestationOptionsSchema, NO_VERIFIER_OVERRIDES, type VerifierOverrides } from "./attestation-options.ts";
import {
  ATTEST_DIR, CONTROL_FILE, CPAK_IN_NODE, DEVICE_LOG, EVENT_LOG_DIR, FANOTIFY_LOG, FAULTS_FILE, IMA_DIR, POLICY_IN_NODE, READY_FILE, REALM_DIR, REALM_EVENT_SOCKET, REALM_VOLUME, TSM_ROOT,
  VERIFIER_ADMIN_PORT, VERIFIER_CERT, VERIFIER_NODE, VERIFIER_PORT,
} from "./attestation-paths.ts";
import { JWKS_PATH } from "../verifier/ear-jwt.ts";
import { fanotifyHelperArgs, fownerPrefilter } from "../device/fanotify-helper.ts";
import { parseImaPolicy } from "../../ima/ima-policy.ts";
import { auditDownload } from "./audit-download.ts";
import { containerRun, dockerCp, shellQuote } from "./node-commands.ts";
import { VERIFIER_MODE_FILE, verifierContainerCommand, verifierStateArgs, type VerifierStateMode } from "./verifier-command.ts";
import { buildVerifierPolicy, type ImageReference } from "./verifier-policy.ts";
import { LIST_ATTEST_OWNED_FILES, imageDigests } from "./image-digests.ts";

export type { DeviceFaults };

/** The key that finds the attestation layer in a cluster: `cluster.layer(ATTESTATION_LAYER)`. */
export const ATTESTATION_LAYER: LayerKey<StartedAttestation> = layerKey<StartedAttestation>("attestation");

/** The verifier's public EAR key set, saved beside audit.jsonl. */
export const VERIFIER_JWKS_FILE = "verifier-jwks.json";

/** What GET /health of the verifier says (the parts a restart is judged by). */
export interface VerifierHealth {
  appraisals: number;
  outstandingNonces: number;
  /** Used nonces the verifier remembers (-1 from a verifier that does not say). */
  usedNonces: number;
  policyId: string;
  /** SHA-256 prefix of the policy's JSON ("" from a verifier that does not say). */
  policyDigest: string;
}

/** A verifier restart: its health before, right after (before any policy was put back), and at the end. */
export interface VerifierRestart {
  mode: VerifierStateMode;
  before: VerifierHealth;
  afterRestart: VerifierHealth;
  /** After the policy was PUT again ("memory" only: the restart lost it); else the same as afterRestart. */
  after: VerifierHealth;
  policyRestored: boolean;
}

/** A file an attack changed, and how to put it back. */
export interface TamperRecord {
  node: string;
  path: string;
  before: string;
  after: string;
  backup: string;
}

/** The cluster-wide part of a scenario's attestation settings (what the realm on each NodeManager runs). */
export interface AttestationLayerOptions {
  flavour: "cca" | "virtcca";
  /** Realm token shape of "cca" devices; absent: the device's default (realm-2.0, TF-RMM main). */
  tokenFormat?: RealmTokenFormat;
  imaPolicy: string;
  /** Absent: "sidecar" (the device in its own container per NodeManager); "in-node": inside the NodeManager's. */
  deviceLayout?: "sidecar" | "in-node";
}

export class StartedAttestation implements StartedLayer {
  readonly key: LayerKey<StartedAttestation> = ATTESTATION_LAYER;
  readonly #undo: (() => Promise<void>)[] = [];
  #reference: ImageReference;
  #overrides: VerifierOverrides = NO_VERIFIER_OVERRIDES;
  #stopped = false;

  private constructor(
    private readonly cluster: StartedCluster,
    /** The verifier's container id (started here, or found by its labels when attaching to a kept cluster). */
    private readonly verifierId: string,
    readonly verifierHost: string,
    reference: ImageReference,
    /** NodeManager → the container its device runs in: its sidecar, or (in-node layout) the NodeManager's own. */
    private readonly devices: ReadonlyMap<string, string>,
    /** Where the device keeps the IMA log, in the device's container. */
    private readonly deviceImaDir: string,
  ) {
    this.#reference = reference;
  }

  /** The container the device of NodeManager `node` runs in (its keys, faults, control and log are there). */
  deviceContainer(node: string): string {
    const id = this.devices.get(node);
    if (!id) throw new HarnessError("INVALID_INPUT", `no emulated device on ${node}; NodeManagers: ${[...this.devices.keys()].join(", ")}`);
    return id;
  }

  /** Starts the verifier, then the emulated device on every NodeManager; waits until all are ready. */
  static async start(cluster: StartedCluster, options: AttestationLayerOptions): Promise<StartedAttestation> {
    const host = hostOf(cluster.hosts, VERIFIER_NODE);
    const image = await docker().getImage(cluster.image).inspect();
    const rimHex = image.Id.replace(/^sha256:/, "");
    const verifier = await cluster
      .sidecar(VERIFIER_NODE, "verifier")
      .withBindMounts([{ source: `shieldlab-shared-${cluster.sessionId}`, target: SHARED_DIR, mode: "rw" }])
      .withCommand(verifierContainerCommand(host))
      .withStartupTimeout(60_000)
      .start();
    const layout = options.deviceLayout ?? "sidecar";
    const devices = new Map<string, string>();
    const layer = new StartedAttestation(cluster, verifier.getId(), host, { rimHex, digests: {} }, devices, layout === "sidecar" ? `${REALM_DIR}/ima` : IMA_DIR);
    const run = (id: string, cmd: string[]): Promise<string> => containerRun(id, cmd, "LAYER_FAILED");
    // reference values from the clean image (the verifier's container is one), while the devices start
    const reference = imageDigests(rimHex, () => run(verifier.getId(), ["bash", "-c", LIST_ATTEST_OWNED_FILES]));
    reference.catch(() => undefined);
    try {
      await layer.#waitVerifier();
      const cpakPem = readFileSync(join(fixturesDir, "cca", "cpak-test-only.pem"), "utf8");
      const policy = `${options.imaPolicy.trim()}\n`;
      const deviceArgs = (tsmRoot: string, imaDir: string): string[] => [
        "node", `${ATTEST_DIR}/cca-device.cjs`,
        "--tsm-root", tsmRoot, "--ima-dir", imaDir, "--policy", POLICY_IN_NODE, "--cpak-key", CPAK_IN_NODE,
        "--rim-hex", rimHex, "--flavour", options.flavour, ...(options.tokenFormat ? ["--token-format", options.tokenFormat] : []),
        "--faults", FAULTS_FILE, "--control", CONTROL_FILE, "--log", DEVICE_LOG, "--ready", READY_FILE,
      ];
      await Promise.all(
        cluster.nodeManagers.map(async (nm) => {
          const id = nm.containerId;
          if (layout === "in-node") {
            const tmp = mkdtempSync(join(tmpdir(), "shieldlab-attest-"));
            writeFileSync(join(tmp, "ima-policy"), policy);
            writeFileSync(join(tmp, "cpak.pem"), cpakPem);
            await run(id, ["mkdir", "-p", "/etc/shieldlab/cca", "/var/log/shieldlab", "/var/lib/shieldlab/attest", TSM_ROOT, IMA_DIR]);
            try {
              await dockerCp(join(tmp, "cpak.pem"), `${id}:${CPAK_IN_NODE}`, "LAYER_FAILED");
              await dockerCp(join(tmp, "ima-policy"), `${id}:${POLICY_IN_NODE}`, "LAYER_FAILED");
            } finally {
              rmSync(tmp, { recursive: true, force: true });
            }
            // the executors (tenant users) talk to the device through the tsm folder and read the IMA log
            await run(id, ["bash", "-c", `chmod 0600 ${CPAK_IN_NODE} && chmod 1777 ${TSM_ROOT} /var/lib/shieldlab/attest && chmod 0755 /run/shieldlab ${IMA_DIR}`]);
            const cmd = [...deviceArgs(TSM_ROOT, IMA_DIR), "--fanotify", `${ATTEST_DIR}/ima-fanotify.py`];
            await run(id, ["bash", "-c", `nohup ${cmd.map(shellQuote).join(" ")} >>${DEVICE_LOG}.out 2>&1 </dev/null &`]);
            devices.set(nm.name, id);
            return;
          }
          // sidecar: the device, its keys and its faults in a container of its own; the node shares only the realm
          // volume (configfs-tsm folder, IMA log, the event socket) and runs the open-capture helper (kernel IMA's part)
          const device = await cluster
            .sidecar(`${nm.name}-device`, "cca-device")
            .withBindMounts([{ source: cluster.volumeName(nm.name, REALM_VOLUME), target: REALM_DIR, mode: "rw" }])
            .withCopyContentToContainer([
              { content: cpakPem, target: CPAK_IN_NODE, mode: 0o600 },
              { content: policy, target: POLICY_IN_NODE, mode: 0o644 },
            ])
            .withCommand([
              "bash", "-c",
              `mkdir -p /var/log/shieldlab ${REALM_DIR}/tsm/report ${REALM_DIR}/ima && chmod 1777 ${REALM_DIR}/tsm/report && chmod 0755 ${REALM_DIR} ${REALM_DIR}/ima && ` +
                `exec ${[...deviceArgs(`${REALM_DIR}/tsm/report`, `${REALM_DIR}/ima`), "--fanotify-socket", REALM_EVENT_SOCKET].map(shellQuote).join(" ")} >>${DEVICE_LOG}.out 2>&1`,
            ])
            .withStartupTimeout(30_000)
            .start();
          devices.set(nm.name, device.getId());
          const helper = ["python3", `${ATTEST_DIR}/ima-fanotify.py`, ...fanotifyHelperArgs({ mounts: ["/"], fowners: fownerPrefilter(parseImaPolicy(policy)) }), "--out-socket", REALM_EVENT_SOCKET];
          await run(id, [
            "bash", "-c",
            `mkdir -p /var/log/shieldlab /var/lib/shieldlab/attest && chmod 1777 /var/lib/shieldlab/attest && ln -sfn ${REALM_DIR}/tsm /run/shieldlab/tsm && ln -sfn ${REALM_DIR}/ima ${IMA_DIR} && ` +
              `nohup ${helper.map(shellQuote).join(" ")} >>${FANOTIFY_LOG} 2>&1 </dev/null &`,
          ]);
        }),
      );
      await Promise.all(cluster.nodeManagers.map((nm) => layer.#waitDevice(nm.name)));
      await run(cluster.node("gateway").containerId, ["bash", "-c", `mkdir -p ${EVENT_LOG_DIR} && chmod 1777 ${EVENT_LOG_DIR}`]);
      const { digests, cached } = await reference;
      layer.#reference = { rimHex, digests };
      await layer.putPolicy(NO_VERIFIER_OVERRIDES);
      cluster.log.info({ verifier: host, rim: rimHex.slice(0, 16), referenceFiles: Object.keys(digests).length, referenceCached: cached }, "attestation layer ready");
      return layer;
    } catch (e) {
      await verifier.stop({ remove: true, timeout: 1000 }).catch(() => undefined);
      throw e;
    }
  }

  /** The layer of a kept cluster (`shieldlab up --attestation`), for `submit`: its verifier, no reference rebuild. */
  static async attach(cluster: StartedCluster, verifierContainerId: string, sidecars: ReadonlyMap<string, string> = new Map()): Promise<StartedAttestation> {
    const rimHex = (await docker().getImage(cluster.image).inspect()).Id.replace(/^sha256:/, "");
    const devices = new Map(cluster.nodeManagers.map((nm) => [nm.name, sidecars.get(nm.name) ?? nm.containerId]));
    return new StartedAttestation(cluster, verifierContainerId, hostOf(cluster.hosts, VERIFIER_NODE), { rimHex, digests: {} }, devices, sidecars.size > 0 ? `${REALM_DIR}/ima` : IMA_DIR);
  }

  /** Spark confs every submit on an attested cluster gets (a step's own confs win). */
  sparkConf(): Record<string, string> {
    return {
      "spark.plugins": "shieldlab.attest.AttestationPlugin",
      "spark.remote.attestation.enable": "true",
      "spark.remote.attestation.verifier.url": `https://${this.verifierHost}:${VERIFIER_PORT}`,
      "spark.remote.attestation.verifier.ca": VERIFIER_CERT,
      "spark.eventLog.enabled": "true",
      "spark.eventLog.dir": `file://${EVENT_LOG_DIR}`,
      // one plain JSON-lines file per app (Spark 4 compresses with zstd by default), read by the liveness checker
      "spark.eventLog.compress": "false",
      "spark.eventLog.rolling.enabled": "false",
    };
  }

  async #adminUrl(): Promise<string> {
    const info = await docker().getContainer(this.verifierId).inspect();
    const ip = info.NetworkSettings.Networks[this.cluster.networkName]?.IPAddress;
    if (!ip) throw new HarnessError("VERIFIER_UNREACHABLE", `the verifier has no address on ${this.cluster.networkName}`);
    return `http://${ip}:${VERIFIER_ADMIN_PORT}`;
  }

  async #waitVerifier(): Promise<void> {
    await waitUntil(
      {
        what: `the verifier ${this.verifierHost} answering GET /health`,
        timeoutMs: 60_000,
        intervalMs: 300,
        code: "VERIFIER_UNREACHABLE",
        logTail: async () => tailLines(demuxToText((await docker().getContainer(this.verifierId).logs({ stdout: true, stderr: true, tail: 30 })) as unknown as Buffer)),
      },
      async () => {
        const r = await fetch(`${await this.#adminUrl()}/health`, { signal: AbortSignal.timeout(2000) });
        return r.ok ? ready(undefined) : notYet(`HTTP ${r.status}`);
      },
    );
  }

  /** Until the device on `node` wrote its ready file; gives up at once when its process is gone. */
  async #waitDevice(node: string, code: HarnessErrorCode = "DEVICE_UNAVAILABLE"): Promise<void> {
    const id = this.deviceContainer(node);
    await waitUntil(
      {
        what: `the emulated CCA device on ${node} ready (${READY_FILE})`,
        timeoutMs: 45_000,
        intervalMs: 300,
        code,
        logTail: () => containerRun(id, ["bash", "-c", `tail -n 30 ${DEVICE_LOG}.out ${DEVICE_LOG} 2>&1`]).catch((e: Error) => e.message),
      },
      async () => {
        const r = await containerRun(id, ["bash", "-c", `test -f ${READY_FILE} && echo ready || (pgrep -f cca-device.cjs >/dev/null && echo starting || echo dead)`]);
        return r.includes("ready") ? ready(undefined) : r.includes("dead") ? giveUp("the cca-device process is not running") : notYet("starting");
      },
    );
  }

  /** The verifier policy for a scenario: reference values from the image, changed as the scenario says. */
  async putPolicy(overrides: VerifierOverrides): Promise<void> {
    this.#overrides = overrides;
    const policy = buildVerifierPolicy(this.#reference, overrides, readFileSync(join(fixturesDir, "cca", "cpak-test-only.pub.pem"), "utf8"), await this.#foreignKeys());
    const r = await fetch(`${await this.#adminUrl()}/policy`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(policy), signal: AbortSignal.timeout(10_000) });
    if (!r.ok) throw new HarnessError("INVALID_INPUT", `the verifier refused the policy: HTTP ${r.status} ${(await r.text()).slice(0, 400)}`);
  }

  /** The public keys the devices' `foreignPlatformKey` fault signs with (each device makes its own). */
  async #foreignKeys(): Promise<string[]> {
    const out: string[] = [];
    for (const nm of this.cluster.nodeManagers) {
      const pem = await containerRun(this.deviceContainer(nm.name), ["bash", "-c", "cat /run/shieldlab/foreign-cpak.pub.pem 2>/dev/null || true"]);
      if (pem.includes("BEGIN PUBLIC KEY")) out.push(pem);
    }
    return out;
  }

  /** The layer hook before each scenario: its `attestation.verifier` section (absent: every check on). */
  async beforeScenario(scenario: LayerScenario): Promise<void> {
    const section = AttestationOptionsSchema.optional().parse(scenario["attestation"]);
    await this.prepareScenario(section?.verifier ?? NO_VERIFIER_OVERRIDES);
  }

  /** Before each scenario: every realm rebooted (fresh REMs and IMA log), no faults, the scenario's policy. */
  async prepareScenario(overrides: VerifierOverrides): Promise<void> {
    // a fault still in place would decide this scenario: refuse to prepare it on a cluster that is not clean
    const left = await this.undo();
    if (left.length > 0) throw new HarnessError("LAYER_FAILED", `an earlier attestation fault could not be undone: ${left.join("; ")}`);
    await Promise.all(
      this.cluster.nodeManagers.map(async (nm) => {
        // the executor side's faults live in the node (sidecar layout), the device's in its own container
        if (this.deviceContainer(nm.name) !== nm.containerId) await containerRun(nm.containerId, ["rm", "-f", FAULTS_FILE]);
        await containerRun(this.deviceContainer(nm.name), ["bash", "-c", `rm -f ${FAULTS_FILE} ${READY_FILE} && echo reboot > ${CONTROL_FILE}`]);
        await this.#waitDevice(nm.name);
      }),
    );
    await this.putPolicy(overrides);
  }

  async setFaults(node: string, faults: DeviceFaults): Promise<void> {
    const nodeId = this.cluster.node(node).containerId;
    const deviceId = this.deviceContainer(node);
    // the device's own faults go where the device runs; the executor side's (the RA-TLS client's, the plugin's) stay in
    // the node, where a compromised executor would have them: one file in the in-node layout
    const { replayEvidence, forgeEar, skipAttestation, ...device } = faults;
    const client = { ...(replayEvidence !== undefined ? { replayEvidence } : {}), ...(forgeEar !== undefined ? { forgeEar } : {}), ...(skipAttestation !== undefined ? { skipAttestation } : {}) };
    const writes: Array<[string, DeviceFaults]> = deviceId === nodeId ? [[nodeId, faults]] : [[deviceId, device], [nodeId, client]];
    for (const [id, f] of writes) {
      if (Object.keys(f).length === 0) continue;
      await containerRun(id, ["bash", "-c", `mkdir -p $(dirname ${FAULTS_FILE}) && printf '%s' "$1" > ${FAULTS_FILE}.tmp && chmod 0644 ${FAULTS_FILE}.tmp && mv ${FAULTS_FILE}.tmp ${FAULTS_FILE}`, "-", JSON.stringify(f)]);
      this.#undo.push(async () => void (await containerRun(id, ["rm", "-f", FAULTS_FILE])));
    }
  }

  /**
   * Changes a file owned by the attest user on one node without breaking it: a jar gets one more entry
   * (python's zipfile appends and rewrites the central directory). The change is made on a root-owned copy, hashed
   * there and renamed into place, so nothing the IMA rule measures (fowner = attest user) reads the new content before
   * the first process that opens the file afterwards: the IMA entry of the new digest names that opener. The original
   * is restored by undo().
   */
  async tamperFile(node: string, pathGlob: string): Promise<TamperRecord> {
    const id = this.cluster.node(node).containerId;
    const path = (await containerRun(id, ["bash", "-c", `ls -1 ${pathGlob} | head -n 1`])).trim();
    if (!path) throw new HarnessError("INVALID_INPUT", `tamper-file: nothing matches ${pathGlob} on ${node}`);
    const backup = `/var/lib/shieldlab/tamper-backup${path.replaceAll("/", "_")}`;
    const before = (await containerRun(id, ["sha256sum", path])).split(" ")[0]!;
    const change = path.endsWith(".jar") || path.endsWith(".zip")
      ? `python3 -c 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],"a"); z.writestr("META-INF/shieldlab-tampered.txt","changed by the tamper-file attack\\n"); z.close()' "$tmp"`
      : `printf '\\n# changed by the tamper-file attack\\n' >> "$tmp"`;
    const script = [
      "set -e",
      'cp -p "$1" "$2"',
      'tmp="$(dirname "$1")/.shieldlab-tamper-$$"',
      'cp "$1" "$tmp"',
      change,
      'sha256sum "$tmp" | cut -d" " -f1',
      'chown --reference="$1" "$tmp"',
      'chmod --reference="$1" "$tmp"',
      'mv -f "$tmp" "$1"',
    ].join("\n");
    const after = (await containerRun(id, ["bash", "-c", script, "-", path, backup])).trim();
    this.#undo.push(async () => void (await containerRun(id, ["bash", "-c", `cp -p "$2" "$1" && rm -f "$2"`, "-", path, backup])));
    return { node, path, before, after, backup };
  }

  /** The verifier disappears from the cluster network (name and address); undo() puts it back. */
  async verifierOutage(): Promise<void> {
    const net = docker().getNetwork(this.cluster.networkName);
    await net.disconnect({ Container: this.verifierId, Force: true });
    this.#undo.push(async () => {
      await net.connect({ Container: this.verifierId });
      await this.#waitVerifier();
    });
  }

  /**
   * Restarts the verifier's container between jobs. "durable": it comes back with --state-dir (policy, used nonces and
   * audit chain survive, nothing is put back). "memory": it comes back with --key-dir only (same keys, policy and
   * used nonces forgotten); the scenario's policy is PUT again, and undo() restarts it durable.
   */
  async restartVerifier(mode: VerifierStateMode): Promise<VerifierRestart> {
    const before = await this.#health();
    await this.#restartAs(mode);
    const afterRestart = await this.#health();
    const policyRestored = mode === "memory";
    if (policyRestored) {
      await this.putPolicy(this.#overrides);
      this.#undo.push(() => this.#restartAs("durable"));
    }
    const after = policyRestored ? await this.#health() : afterRestart;
    this.cluster.log.info({ mode, before, afterRestart, after }, "verifier restarted");
    return { mode, before, afterRestart, after, policyRestored };
  }

  async #restartAs(mode: VerifierStateMode): Promise<void> {
    await containerRun(this.verifierId, ["bash", "-c", `printf '%s' "$1" > ${VERIFIER_MODE_FILE}`, "-", verifierStateArgs(mode).join(" ")], "LAYER_FAILED");
    await docker().getContainer(this.verifierId).restart({ t: 10 });
    await this.#waitVerifier();
  }

  async #health(): Promise<VerifierHealth> {
    const r = await fetch(`${await this.#adminUrl()}/health`, { signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new HarnessError("VERIFIER_UNREACHABLE", `GET /health of the verifier: HTTP ${r.status}`);
    const h = (await r.json()) as Partial<VerifierHealth>;
    return { appraisals: h.appraisals ?? -1, outstandingNonces: h.outstandingNonces ?? -1, usedNonces: h.usedNonces ?? -1, policyId: h.policyId ?? "", policyDigest: h.policyDigest ?? "" };
  }

  /** The layer hook after each scenario: undo (an outage must end before the audit log can be fetched). */
  afterScenario(): Promise<string[]> {
    return this.undo();
  }

  /**
   * Puts back everything the scenario's attacks changed, newest first. Never throws: returns what could not be put
   * back, and keeps it listed, so that the next undo tries it again and reports it until it succeeds.
   */
  async undo(): Promise<string[]> {
    const problems: string[] = [];
    const failed: (() => Promise<void>)[] = [];
    while (this.#undo.length > 0) {
      const f = this.#undo.pop()!;
      await f().catch((e: Error) => {
        problems.push(e.message);
        failed.unshift(f);
      });
    }
    this.#undo.push(...failed);
    return problems;
  }

  /** Audit log (with the signed EARs) and the verifier's JWKS, each NodeManager's IMA and device log into `dir`. Never throws; returns problems. */
  async collect(dir: string): Promise<string[]> {
    mkdirSync(dir, { recursive: true });
    const problems: string[] = [];
    try {
      const r = await fetch(`${await this.#adminUrl()}/appraisals`, { signal: AbortSignal.timeout(10_000) });
      // only the verifier's own audit records become audit.jsonl: an error body there would read as "no appraisals"
      const got = auditDownload(r.status, r.headers.get("content-type"), await r.text());
      if (got.ok) writeFileSync(join(dir, "audit.jsonl"), got.text);
      if (got.problem) problems.push(got.problem);
    } catch (e) {
      problems.push(`verifier audit log: ${(e as Error).message}`);
    }
    try {
      // the public EAR signing key, so that every earJwt in audit.jsonl can be verified offline
      const r = await fetch(`${await this.#adminUrl()}${JWKS_PATH}`, { signal: AbortSignal.timeout(10_000) });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      writeFileSync(join(dir, VERIFIER_JWKS_FILE), await r.text());
    } catch (e) {
      problems.push(`verifier JWKS: ${(e as Error).message}`);
    }
    const vlog = await docker().getContainer(this.verifierId).logs({ stdout: true, stderr: true }).catch(() => Buffer.from(""));
    writeFileSync(join(dir, "verifier.log"), demuxToText(vlog as unknown as Buffer));
    // the driver's event log (spark.eventLog.dir on the shared volume): which executor ran which task
    const el = await execa("docker", ["cp", `${this.cluster.node("gateway").containerId}:${EVENT_LOG_DIR}`, join(dir, "eventlog")], { reject: false });
    if (el.exitCode !== 0) problems.push(`event log: ${el.stderr.trim()}`);
    for (const nm of this.cluster.nodeManagers) {
      const device = this.devices.get(nm.name) ?? nm.containerId;
      const files: Array<[container: string, src: string, name: string]> = [
        [device, `${this.deviceImaDir}/ascii_runtime_measurements`, "ima-ascii.log"],
        [device, `${this.deviceImaDir}/binary_runtime_measurements`, "ima-binary.log"],
        [device, DEVICE_LOG, "cca-device.log"],
        ...(device !== nm.containerId ? [[nm.containerId, FANOTIFY_LOG, "ima-fanotify.log"] as [string, string, string]] : []),
      ];
      for (const [container, src, name] of files) {
        const r = await execa("docker", ["cp", `${container}:${src}`, join(dir, `${nm.name}-${name}`)], { reject: false });
        if (r.exitCode !== 0) problems.push(`${nm.name} ${src}: ${r.stderr.trim()}`);
      }
    }
    return problems;
  }

  /** Removes the verifier and the device sidecars (an in-node device goes with its NodeManager). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const sidecars = this.cluster.nodeManagers.flatMap((nm) => {
      const id = this.devices.get(nm.name);
      return id && id !== nm.containerId ? [id] : [];
    });
    await Promise.all([this.verifierId, ...sidecars].map((id) => docker().getContainer(id).remove({ force: true }).catch(() => undefined)));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
