import { describe, expect, it } from "vitest";
import { parseTopology } from "../../cluster/topology.ts";
import { DEFAULT_TPCH_PROFILES, planClusters, TPCH_PROFILES, tpchProfileConf } from "./tpch-profiles.ts";

const topology = parseTopology({}, "topology", ["alice"]);

describe("TPC-H profiles", () => {
  it("every profile resolves to Spark settings; plain switches everything off", () => {
    for (const p of TPCH_PROFILES.filter((x) => x.needs !== "attested")) expect(Object.keys(tpchProfileConf(p.name, { topology, secrets: { keystorePassword: "p" } })).length, p.name).toBeGreaterThan(3);
    expect(tpchProfileConf("plain", { topology })).toMatchObject({ "spark.authenticate": "false", "spark.io.encryption.enabled": "false" });
    expect(tpchProfileConf("auth-gcm+io-enc", { topology })).toMatchObject({ "spark.network.crypto.cipher": "AES/GCM/NoPadding", "spark.io.encryption.enabled": "true" });
    expect(tpchProfileConf("krb-privacy", { topology })["spark.hadoop.hadoop.rpc.protection"]).toBe("privacy");
  });

  it("attested needs the attestation layer's settings, and carries them", () => {
    expect(() => tpchProfileConf("attested", { topology })).toThrow(/attestation layer/);
    expect(tpchProfileConf("attested", { topology, attestationConf: { "spark.plugins": "shieldlab.attest.AttestationPlugin" } })["spark.plugins"]).toBe("shieldlab.attest.AttestationPlugin");
  });

  it("groups profiles by the cluster they need, baseline first; TLS RPC is skipped before Spark 4.0", () => {
    const { groups, skipped } = planClusters(["auth-gcm", "krb-privacy", "attested", "tls-rpc", "plain"], "3.5.9");
    expect(groups).toEqual([
      { needs: "any", baseline: "plain", profiles: ["plain", "auth-gcm"] },
      { needs: "kerberos", baseline: "krb-authentication", profiles: ["krb-authentication", "krb-privacy"] },
      { needs: "attested", baseline: "plain", profiles: ["plain", "attested"] },
    ]);
    expect(skipped).toEqual([{ profile: "tls-rpc", why: "needs Spark ≥ 4.0.0, the cluster runs 3.5.9" }]);
    expect(planClusters([...DEFAULT_TPCH_PROFILES], "4.0.5").groups).toHaveLength(1);
    expect(() => planClusters(["aes"], "4.0.5")).toThrow(/unknown profile "aes"; known: plain, auth/);
  });
});
