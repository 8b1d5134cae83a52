// An executor's view of the emulated CCA device: code in a YARN container (a tenant's bare YARN app; containers run
// as the NodeManager's user, root here) looks for the device's private key, fault and control files, and for any
// private key on the node. It prints what it could read by path and sha256 prefix only, never the bytes. Seen
// against the key the harness gave the device (its sha256), a read is the device's key, not some other file.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NM_LOG_DIR } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { queueFor } from "../cluster/topology.ts";
import { fixturesDir } from "../util/paths.ts";

/** The device's files an attacker would go for (the paths the in-node layout uses). */
export const DEVICE_SECRET_PATHS = ["/etc/shieldlab/cca/cpak.pem", "/run/shieldlab/faults.json", "/run/shieldlab/control", "/run/shieldlab/device-ready"];
/** The configfs-tsm report folder: the device's one legitimate interface, which the attacker's view must have. */
export const TSM_INTERFACE = "/run/shieldlab/tsm/report";

export interface KeyTheftOutcome {
  node: string;
  tenant: string;
  appId: string;
  /** A per-run nonce the probe prints last: its output is complete. */
  nonce: string;
  /** sha256 prefix (12 hex) of the key the harness gave the device (fixtures/cca/cpak-test-only.pem). */
  deviceKeySha256: string;
  /** What the container printed (paths, sha256 prefixes, PEM header words; never key bytes). */
  stdout: string;
}

export function probeScript(nonce: string): string {
  return [
    `for p in ${DEVICE_SECRET_PATHS.join(" ")}; do if [ -r "$p" ]; then echo "READABLE $p sha256=$(sha256sum < "$p" | cut -c1-12) $(head -n1 "$p" | tr -cd 'A-Z -' | cut -c1-40)"; else echo "ABSENT $p"; fi; done`,
    // a PEM private key is a line of its own (code that merely names the header, a bundle, does not count)
    `echo "KEYFILES $(grep -rlsE '^-----BEGIN (EC |RSA |ENCRYPTED )?PRIVATE KEY-----$' /etc /run /var/lib/shieldlab /opt/shieldlab /tmp 2>/dev/null | tr '\\n' ' ')"`,
    // [c]: the pattern does not match this grep's own command line
    `echo "DEVICE-PROCESS $(grep -lsa '[c]ca-device.cjs' /proc/[0-9]*/cmdline 2>/dev/null | tr '\\n' ' ')"`,
    `if [ -d ${TSM_INTERFACE} ]; then echo "TSM ${TSM_INTERFACE} present"; else echo "TSM ${TSM_INTERFACE} missing"; fi`,
    `echo "PROBE-DONE ${nonce}"`,
  ].join("; ");
}

export async function deviceKeyTheft(cluster: StartedCluster, tenant: string, node: string): Promise<KeyTheftOutcome> {
  const nonce = randomBytes(6).toString("hex");
  const deviceKeySha256 = createHash("sha256").update(readFileSync(join(fixturesDir, "cca", "cpak-test-only.pem"))).digest("hex").slice(0, 12);
  const rm = cluster.rm.as(tenant);
  // the script travels base64-encoded: YARN writes an AM command into launch_container.sh inside double quotes
  const script = Buffer.from(probeScript(nonce)).toString("base64");
  const a = await rm.submitProbe(queueFor(cluster.topology, tenant), `{ echo ${script} | base64 -d | bash; } 1><LOG_DIR>/stdout 2>&1`, "device-key-theft");
  if (!a.appId || a.status >= 300) throw new Error(`${tenant} could not submit the probe: HTTP ${a.status} ${a.text.slice(0, 200)}`);
  await rm.waitForApp(a.appId, 90_000);
  const out = await cluster.exec(node, ["bash", "-c", `cat ${NM_LOG_DIR}/${a.appId}/container_*_000001/stdout 2>/dev/null`]);
  return { node, tenant, appId: a.appId, nonce, deviceKeySha256, stdout: out.stdout.slice(0, 4000) };
}
