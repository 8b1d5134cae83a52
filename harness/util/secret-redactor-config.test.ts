import { describe, expect, it } from "vitest";
import { clusterHosts, renderClusterConfig } from "../cluster/cluster-config.ts";
import { PROFILE_NAMES, resolveProfile } from "../cluster/security-profile.ts";
import { parseTopology } from "../cluster/topology.ts";
import { SecretRegistry } from "./generated-secrets.ts";
import { redactText } from "./secret-redactor.ts";

const SECRET_KEY = /password|secret|keytab|token/i;

describe("secrets rendered into the cluster config", () => {
  const reg = new SecretRegistry("config-test");
  const secrets = { keystorePassword: reg.generate("keystore-password") };
  const t = parseTopology({ tenants: ["alice", "bob"] });
  const all = [...PROFILE_NAMES.map((p) => resolveProfile(p)), resolveProfile({ profile: "tls-rpc", uiTls: true, yarnAcls: true })];

  it("every value under a secret-looking key is a registered generated secret (no literal, no 'unset')", () => {
    let seen = 0;
    for (const p of all) {
      const conf = renderClusterConfig(t, p, clusterHosts("20261122-000000-abcdef"), secrets).spark["spark-defaults.conf"]!;
      for (const line of conf.split("\n").filter((l) => l && !l.startsWith("#"))) {
        const [key, ...rest] = line.split(" ");
        if (!SECRET_KEY.test(key!)) continue;
        seen++;
        expect(reg.list().map((s) => s.value), `${p.name}: ${key}`).toContain(rest.join(" "));
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("redacting the rendered files leaves none of the registry's secrets", () => {
    for (const p of all) {
      const files = renderClusterConfig(t, p, clusterHosts("20261122-000000-abcdef"), secrets);
      const text = redactText(Object.values({ ...files.hadoop, ...files.spark }).join("\n"), reg.list());
      expect(text).not.toContain(secrets.keystorePassword);
    }
  });
});
