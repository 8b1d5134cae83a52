// A running KDC: what scenarios may do to it (stop answering, shorten a principal's ticket lifetime), put back before
// the next scenario, and its own log as evidence (every AS_REQ / TGS_REQ with its outcome).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demuxToText } from "../cluster/cluster-builder.ts";
import { layerKey, type LayerKey, type StartedLayer } from "../cluster/cluster-layer.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { docker } from "../engine/docker-engine.ts";
import { containerExec, type ExecResult } from "../engine/container-exec.ts";
import { HarnessError, tailLines } from "../errors/harness-error.ts";
import { notYet, ready, waitUntil } from "../util/wait-until.ts";
import type { RealmSettings } from "./krb5-config.ts";

/** The KDC's logical node name: its host is `<prefix>-kdc.<domain>`. */
export const KDC_NODE = "kdc";
export const KDC_LAYER: LayerKey<StartedKdc> = layerKey<StartedKdc>("kdc");

export class StartedKdc implements StartedLayer {
  readonly key: LayerKey<StartedKdc> = KDC_LAYER;
  /** Principals whose max ticket life a scenario changed (put back after it). */
  readonly #shortened = new Set<string>();
  #down = false;
  #logFrom = 0;

  constructor(
    readonly cluster: StartedCluster,
    readonly containerId: string,
    readonly realm: RealmSettings,
  ) {}

  get host(): string {
    return this.realm.kdcHost;
  }

  /** kadmin.local queries on the KDC (its database, no network); throws LAYER_FAILED with kadmin's output. */
  async kadmin(...queries: string[]): Promise<ExecResult> {
    const r = await containerExec(this.containerId, ["bash", "-c", `kadmin.local <<'EOF'\n${queries.join("\n")}\nEOF`]);
    // kadmin.local reading queries from stdin may exit 0 after a failed one; its message says "<query>: … while <doing>"
    if (r.exitCode !== 0 || /error|not found|denied|does not exist|\bwhile [a-z]+ing\b/i.test(r.stderr)) throw new HarnessError("LAYER_FAILED", `kadmin.local on the KDC failed: ${queries.join("; ")}`, { logTail: tailLines(r.stderr + r.stdout) });
    return r;
  }

  /** The longest ticket the KDC issues to a principal from now on (e.g. "5 seconds"); undone after the scenario. */
  async setMaxLife(principal: string, life: string): Promise<void> {
    this.#shortened.add(principal);
    await this.kadmin(`modprinc -maxlife "${life}" ${principal}`);
  }

  /** The KDC stops answering: its process ends and port 88 refuses connections until `resume()`. */
  async halt(): Promise<void> {
    this.#down = true;
    const r = await containerExec(this.containerId, ["bash", "-c", "touch /run/kdc-down; pkill -x krb5kdc; for i in $(seq 50); do pgrep -x krb5kdc >/dev/null || exit 0; sleep 0.1; done; exit 1"]);
    if (r.exitCode !== 0) throw new HarnessError("LAYER_FAILED", "the KDC process did not stop", { logTail: tailLines(r.stderr + r.stdout) });
  }

  /** The KDC answers again (its supervisor restarts krb5kdc). */
  async resume(): Promise<void> {
    if (!this.#down) return;
    await containerExec(this.containerId, ["rm", "-f", "/run/kdc-down"]);
    await waitUntil({ what: "the KDC answering again on port 88", timeoutMs: 15_000, intervalMs: 200, code: "LAYER_FAILED" }, async () => {
      const r = await containerExec(this.containerId, ["bash", "-c", "pgrep -x krb5kdc >/dev/null && (exec 3<>/dev/tcp/127.0.0.1/88) 2>/dev/null"]);
      return r.exitCode === 0 ? ready(true) : notYet("krb5kdc not listening");
    });
    this.#down = false;
  }

  /** What the KDC's container says about it now: its krb5kdc process and whether port 88 accepts a connection. */
  async probe(): Promise<string> {
    const r = await containerExec(this.containerId, ["bash", "-c", "echo \"krb5kdc processes: $(pgrep -xc krb5kdc)\"; (exec 3<>/dev/tcp/127.0.0.1/88) 2>/dev/null && echo 'port 88: accepts' || echo 'port 88: refused'"]);
    return r.stdout.trim();
  }

  get isDown(): boolean {
    return this.#down;
  }

  async beforeScenario(): Promise<void> {
    this.#logFrom = Math.floor(Date.now() / 1000);
    await this.#putBack();
  }

  async afterScenario(): Promise<string[]> {
    try {
      await this.#putBack();
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  }

  /** The KDC's log since the scenario began (every request and its outcome) into `dir/kdc.log`. */
  async collect(dir: string): Promise<string[]> {
    try {
      mkdirSync(dir, { recursive: true });
      const buf = (await docker().getContainer(this.containerId).logs({ stdout: true, stderr: true, since: this.#logFrom })) as unknown as Buffer;
      writeFileSync(join(dir, "kdc.log"), demuxToText(buf));
      return [];
    } catch (e) {
      return [`kdc log: ${(e as Error).message}`];
    }
  }

  async stop(): Promise<void> {
    await docker().getContainer(this.containerId).remove({ force: true }).catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #putBack(): Promise<void> {
    await this.resume();
    if (this.#shortened.size > 0) {
      await this.kadmin(...[...this.#shortened].map((p) => `modprinc -maxlife "1 hour" ${p}`));
      this.#shortened.clear();
    }
  }
}
