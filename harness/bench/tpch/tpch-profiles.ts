// The TPC-H benchmark's security profiles as data: which Spark settings each turns on (through profile-conf.ts), what
// cluster it needs (any, Kerberized, attested), the baseline it is compared with on that cluster, and what it puts
// through a cipher (for the cipher's floor).
import type { ClusterSecrets } from "../../cluster/cluster-config.ts";
import { resolveProfile, type ProfileRef } from "../../cluster/security-profile.ts";
import type { Topology } from "../../cluster/topology.ts";
import { HarnessError } from "../../errors/harness-error.ts";
import { profileConf } from "../profile-conf.ts";

/** What the cluster must have: "any" runs beside plain; the others need their own cluster and baseline. */
export type ClusterNeed = "any" | "kerberos" | "attested";

export interface TpchProfile {
  name: string;
  what: string;
  security: ProfileRef;
  /** settings on top of the profile's (Kerberos: the job's own YARN RPC protection) */
  extraConf?: Record<string, string>;
  needs: ClusterNeed;
  /** the profile every ratio of this one divides by, on the same cluster */
  baseline: string;
  /** first Spark release that has the setting */
  minSpark?: string;
  /** what goes through a cipher: executor-to-executor data (network) and/or shuffle and spill files (io) */
  cipher: { network: boolean; io: boolean };
  /** false where the setting protects only control traffic: the ratio should be ≈ 1 and the report says why */
  touchesJobData: boolean;
}

export const TPCH_PROFILES: readonly TpchProfile[] = [
  { name: "plain", what: "every defence off", security: "plain", needs: "any", baseline: "plain", cipher: { network: false, io: false }, touchesJobData: false },
  { name: "auth", what: "spark.authenticate (SASL/AuthEngine handshake, no encryption)", security: "auth", needs: "any", baseline: "plain", cipher: { network: false, io: false }, touchesJobData: false },
  { name: "auth-ctr", what: "spark.network.crypto with AES/CTR (Spark's default before 4.0)", security: "auth-ctr", needs: "any", baseline: "plain", cipher: { network: true, io: false }, touchesJobData: true },
  { name: "auth-gcm", what: "spark.network.crypto with AES/GCM", security: "auth-gcm", needs: "any", baseline: "plain", cipher: { network: true, io: false }, touchesJobData: true },
  { name: "tls-rpc", what: "spark.ssl.rpc.enabled: TLS for RPC and block transfer (Spark 4.0+)", security: "tls-rpc", needs: "any", baseline: "plain", minSpark: "4.0.0", cipher: { network: true, io: false }, touchesJobData: true },
  { name: "io-enc", what: "spark.io.encryption.enabled: shuffle and spill files encrypted on local disk", security: "io-enc", needs: "any", baseline: "plain", cipher: { network: false, io: true }, touchesJobData: true },
  { name: "auth-gcm+io-enc", what: "AES/GCM on the wire and encrypted local files: the full Spark-side set", security: { profile: "auth-gcm", ioEncryption: true }, needs: "any", baseline: "plain", cipher: { network: true, io: true }, touchesJobData: true },
  {
    name: "plain-again",
    what: "plain's settings in an app of its own: the A/A control — its ratio to plain is the method's own bias, 1 within its interval when the method is sound",
    security: "plain",
    needs: "any",
    baseline: "plain",
    cipher: { network: false, io: false },
    touchesJobData: false,
  },
  {
    name: "krb-authentication",
    what: "Kerberized cluster, YARN RPC with authentication only (the Kerberos baseline)",
    security: "plain",
    extraConf: { "spark.hadoop.hadoop.rpc.protection": "authentication" },
    needs: "kerberos",
    baseline: "krb-authentication",
    cipher: { network: false, io: false },
    touchesJobData: false,
  },
  {
    name: "krb-privacy",
    what: "Kerberos privacy (SASL auth-conf) on YARN RPC — client ↔ RM/NM only: shuffle and block transfer are not touched",
    security: "plain",
    extraConf: { "spark.hadoop.hadoop.rpc.protection": "privacy" },
    needs: "kerberos",
    baseline: "krb-authentication",
    cipher: { network: false, io: false },
    touchesJobData: false,
  },
  { name: "attested", what: "executors attest before taking work (the attestation plugin; start-up cost)", security: "plain", needs: "attested", baseline: "plain", cipher: { network: false, io: false }, touchesJobData: false },
];

// auth-ctr is left out of the default: AES-CTR without integrity (CVE-2025-55039), and its cost measured like auth-gcm's; a fifth
// profile would take the default run past 30 min on 2 cores (~130 s per app)
export const DEFAULT_TPCH_PROFILES = ["plain", "auth-gcm", "tls-rpc", "io-enc"] as const;

const cmp = (a: string, b: string): number => {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

export function tpchProfile(name: string): TpchProfile {
  const p = TPCH_PROFILES.find((x) => x.name === name);
  if (!p) throw new HarnessError("INVALID_INPUT", `--profiles: unknown profile ${JSON.stringify(name)}; known: ${TPCH_PROFILES.map((x) => x.name).join(", ")}`);
  return p;
}

export interface ClusterGroup {
  needs: ClusterNeed;
  baseline: string;
  /** baseline first */
  profiles: string[];
}

/**
 * Groups the chosen profiles by the cluster they need, each group with its baseline; profiles the Spark release does
 * not have are left out with the reason (a plan, not an error: the report lists them).
 */
export function planClusters(names: readonly string[], sparkVersion: string): { groups: ClusterGroup[]; skipped: { profile: string; why: string }[] } {
  const skipped: { profile: string; why: string }[] = [];
  const chosen = [...new Set(names)].map(tpchProfile).filter((p) => {
    if (p.minSpark && cmp(sparkVersion, p.minSpark) < 0) {
      skipped.push({ profile: p.name, why: `needs Spark ≥ ${p.minSpark}, the cluster runs ${sparkVersion}` });
      return false;
    }
    return true;
  });
  const groups: ClusterGroup[] = [];
  for (const needs of ["any", "kerberos", "attested"] as const) {
    const mine = chosen.filter((p) => p.needs === needs);
    if (mine.length === 0) continue;
    const baseline = mine[0]!.baseline;
    groups.push({ needs, baseline, profiles: [baseline, ...mine.map((p) => p.name).filter((n) => n !== baseline)] });
  }
  return { groups, skipped };
}

/** The per-job --conf of a profile on a started cluster (attested: plus the attestation layer's own settings). */
export function tpchProfileConf(name: string, c: { topology: Topology; secrets?: ClusterSecrets; attestationConf?: Record<string, string> }): Record<string, string> {
  const p = tpchProfile(name);
  const conf = { ...profileConf(c.topology, resolveProfile(p.security), c.secrets), ...p.extraConf };
  if (p.needs === "attested") {
    if (!c.attestationConf) throw new HarnessError("INVALID_INPUT", `profile ${name} needs a cluster with the attestation layer (its spark.plugins settings); none was given`);
    Object.assign(conf, c.attestationConf);
  }
  return conf;
}
