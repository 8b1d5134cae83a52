// The KDC as a cluster layer: a real MIT Kerberos KDC (Debian's krb5-kdc) in its own container on the cluster network.
// configure: krb5.conf on every node; prepare (network up, daemons not yet): the realm, every principal the plan
// needs, one keytab per node and tenant onto the plan (mode 0400, a tenant's owned by the tenant); start: the handle.
import { GenericContainer, Wait, type StartedTestContainer } from "testcontainers";
import { HarnessError, tailLines } from "../errors/harness-error.ts";
import type { ClusterLayer, PlanEnvironment } from "../cluster/cluster-layer.ts";
import type { ClusterPlan } from "../cluster/cluster-plan.ts";
import { hostOf } from "../cluster/cluster-config.ts";
import { KERBEROS_REALM, keytabsFor } from "../cluster/secure-mode.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { renderKdcConf, renderKrb5Conf, type RealmSettings } from "./krb5-config.ts";
import { KDC_LAYER, KDC_NODE, StartedKdc } from "./started-kdc.ts";

export { KDC_LAYER, KDC_NODE, StartedKdc } from "./started-kdc.ts";

/** The KDC's supervisor: runs krb5kdc in the foreground, and again after a scenario stopped it (`/run/kdc-down`). */
const KDC_MAIN = `set -eu
kdb5_util create -s -r "$REALM" -P "$KDC_MASTER_PASSWORD" >/dev/null
unset KDC_MASTER_PASSWORD
while true; do
  if [ -e /run/kdc-down ]; then sleep 0.2; else krb5kdc -n || sleep 0.5; fi
done`;

export class KdcLayer implements ClusterLayer<StartedKdc> {
  readonly key = KDC_LAYER;
  #container: StartedTestContainer | undefined;
  #settings: RealmSettings | undefined;
  /** Secrets made before the cluster's own registry exists; handed over at start. */
  readonly #secrets = new SecretRegistry("kdc");

  /** A KDC layer when the profile is Kerberized, else none (for `withLayer(KdcLayer.of(profile.kerberos))`). */
  static of(kerberos: unknown): KdcLayer | undefined {
    return kerberos ? new KdcLayer() : undefined;
  }

  configure(plan: ClusterPlan): void {
    this.#settings = { realm: KERBEROS_REALM, kdcHost: hostOf(plan.hosts, KDC_NODE), domain: plan.hosts.domain };
    const krb5 = renderKrb5Conf(this.#settings);
    for (const n of plan.nodes) n.files.push({ target: "/etc/krb5.conf", content: krb5 });
    plan.provide("kdc");
    plan.descriptions[this.key.name] = { realm: KERBEROS_REALM };
  }

  async prepare(plan: ClusterPlan, env: PlanEnvironment): Promise<void> {
    const s = this.#settings!;
    const started = Date.now();
    this.#container = await new GenericContainer(env.image)
      .withName(env.containerName(KDC_NODE))
      .withHostname(env.host(KDC_NODE))
      .withNetworkMode(env.networkName)
      .withLabels(env.labels("kdc", KDC_NODE))
      .withCopyContentToContainer([
        { target: "/etc/krb5.conf", content: renderKrb5Conf(s) },
        { target: "/etc/krb5kdc/kdc.conf", content: renderKdcConf(s) },
      ])
      .withEnvironment({ REALM: s.realm, KDC_MASTER_PASSWORD: this.#secrets.generate("kdc-master-password") })
      .withCommand(["bash", "-c", KDC_MAIN])
      .withWaitStrategy(Wait.forLogMessage(/commencing operation/).withStartupTimeout(30_000))
      .start();
    const specs = keytabsFor(plan.topology, plan.hosts);
    // every principal with a random key, then each keytab with the keys as they are (-norandkey: kadmin.local only)
    const queries = [
      ...specs.flatMap((k) => k.principals).map((p) => `addprinc -randkey ${p}`),
      ...specs.map((k, i) => `ktadd -k /tmp/keytabs/${i}.keytab -norandkey ${k.principals.join(" ")}`),
    ];
    const script = `set -e; mkdir -p /tmp/keytabs; kadmin.local >/tmp/kadmin.out 2>&1 <<'EOF'\n${queries.join("\n")}\nEOF\nfor f in /tmp/keytabs/*.keytab; do printf '%s %s\\n' "$(basename "$f" .keytab)" "$(base64 -w0 "$f")"; done; rm -rf /tmp/keytabs`;
    const r = await this.#container.exec(["bash", "-c", script]);
    if (r.exitCode !== 0) {
      const out = await this.#container.exec(["cat", "/tmp/kadmin.out"]);
      throw new HarnessError("LAYER_FAILED", `kadmin.local could not create the principals and keytabs of ${s.realm} (exit ${r.exitCode})`, { logTail: tailLines(out.output + r.output) });
    }
    const written = new Map(r.stdout.trim().split("\n").map((l) => l.split(" ") as [string, string]));
    for (const [i, k] of specs.entries()) {
      const b64 = written.get(String(i));
      if (!b64) throw new HarnessError("LAYER_FAILED", `kadmin.local wrote no keytab for ${k.principals.join(", ")}`);
      this.#secrets.add(`keytab-${i}`, b64);
      // and as bytes: a keytab copied into an artifact (a stolen one) is masked too
      this.#secrets.add(`keytab-${i}-bytes`, Buffer.from(b64, "base64").toString("latin1"));
      plan.node(k.node).files.push({ target: k.path, content: Buffer.from(b64, "base64"), mode: 0o400, ...(k.owner ? { owner: k.owner } : {}) });
    }
    plan.descriptions[this.key.name] = { realm: s.realm, kdcHost: s.kdcHost, principals: specs.flatMap((k) => k.principals), prepareSeconds: (Date.now() - started) / 1000 };
  }

  async start(cluster: StartedCluster): Promise<StartedKdc> {
    if (!this.#container || !this.#settings) throw new HarnessError("LAYER_FAILED", "the KDC layer was started without being prepared");
    for (const s of this.#secrets.list()) cluster.secretRegistry.add(s.kind, s.value);
    return new StartedKdc(cluster, this.#container.getId(), this.#settings);
  }
}
