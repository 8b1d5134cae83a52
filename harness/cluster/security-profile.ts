// Security profiles: named, composable sets of Spark/YARN security settings, validated before anything starts.
import { z } from "zod";
import { HarnessError } from "../errors/harness-error.ts";
import { formatZodError } from "../util/zod-format.ts";

/** Hadoop secure mode (core-site/yarn-site): who may be whom is decided by Kerberos tickets, not by `user.name`. */
const RpcProtectionSchema = z.enum(["authentication", "integrity", "privacy"]);

export const KerberosSchema = z.strictObject({
  /**
   * hadoop.rpc.protection: SASL quality of protection on YARN RPC (privacy = auth-conf, encrypted). A list lets the
   * daemons accept several, and each client (a job's spark.hadoop.hadoop.rpc.protection) choose (benchmarks).
   */
  rpcProtection: z.union([RpcProtectionSchema, z.array(RpcProtectionSchema).min(1)]).default("authentication"),
  /** hadoop.proxyuser.<user>.{hosts,users}: who may submit on behalf of whom (`--proxy-user`) */
  proxyUsers: z
    .record(z.string(), z.array(z.string()).min(1))
    // (zod reports a record key that fails its own schema only as "Invalid key in record": say what a key must be here)
    .superRefine((r, ctx) => {
      for (const user of Object.keys(r))
        if (!/^[a-z][a-z0-9_-]{0,30}$/.test(user)) ctx.addIssue({ code: "custom", path: [user], message: `a proxy user must be a tenant name (lowercase, starting with a letter), got ${JSON.stringify(user)}` });
    })
    .default({}),
  /** SPNEGO on the ResourceManager's and NodeManagers' web UI and REST API (hadoop.http.authentication.type=kerberos) */
  spnego: z.boolean().default(true),
});
export type KerberosOptions = z.output<typeof KerberosSchema>;

export const SecurityProfileSchema = z
  .strictObject({
    /** spark.authenticate */
    sparkAuth: z.boolean().default(false),
    /**
     * spark.network.crypto.* (needs sparkAuth): off, AES/CTR (unauthenticated), AES/GCM, or "aes-default": encryption
     * on with no spark.network.crypto.cipher at all, i.e. whatever the release defaults to (CVE-2025-55039 replays)
     */
    networkCrypto: z.enum(["off", "aes-ctr", "aes-gcm", "aes-default"]).default("off"),
    /** spark.authenticate.enableSaslEncryption (legacy SASL; needs sparkAuth) */
    saslEncryption: z.boolean().default(false),
    /** spark.ssl.rpc.enabled (Spark 4.0+, SPARK-44937): TLS for RPC, with a keystore the harness generates */
    rpcTls: z.boolean().default(false),
    /** spark.ssl.ui.enabled: the driver's web UI over HTTPS only, with the generated keystore */
    uiTls: z.boolean().default(false),
    /** spark.io.encryption.enabled: shuffle, spill and cache files on local disk */
    ioEncryption: z.boolean().default(false),
    /** yarn.acl.enable with queue ACLs; yarn.admin.acl limited to the yarn user */
    yarnAcls: z.boolean().default(false),
    /** Hadoop secure mode: Kerberos identities for the daemons and tenants (needs a KDC layer on the cluster) */
    kerberos: KerberosSchema.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.networkCrypto !== "off" && !p.sparkAuth)
      ctx.addIssue({ code: "custom", path: ["networkCrypto"], message: `network encryption (${p.networkCrypto}) needs sparkAuth: true — Spark only encrypts authenticated channels` });
    if (p.rpcTls && p.saslEncryption)
      ctx.addIssue({ code: "custom", path: ["rpcTls"], message: "TLS for RPC and SASL encryption are exclusive; choose one" });
    if (p.saslEncryption && !p.sparkAuth)
      ctx.addIssue({ code: "custom", path: ["saslEncryption"], message: "SASL encryption needs sparkAuth: true" });
  });
export type SecurityProfileInput = z.input<typeof SecurityProfileSchema>;
export type SecurityProfile = z.output<typeof SecurityProfileSchema>;

/** The named profiles; a scenario names one and may override single settings. */
export const NAMED_PROFILES = {
  plain: {},
  auth: { sparkAuth: true },
  "auth-ctr": { sparkAuth: true, networkCrypto: "aes-ctr" },
  "auth-gcm": { sparkAuth: true, networkCrypto: "aes-gcm" },
  /** AES encryption with the release's default cipher: spark.network.crypto.cipher is not written */
  "auth-aes": { sparkAuth: true, networkCrypto: "aes-default" },
  sasl: { sparkAuth: true, saslEncryption: true },
  "tls-rpc": { rpcTls: true },
  "ui-tls": { uiTls: true },
  "io-enc": { ioEncryption: true },
  acls: { yarnAcls: true },
} as const satisfies Record<string, SecurityProfileInput>;
export type ProfileName = keyof typeof NAMED_PROFILES;
export const PROFILE_NAMES = Object.keys(NAMED_PROFILES) as ProfileName[];

export const ProfileRefSchema = z.union([
  z.enum(PROFILE_NAMES as [ProfileName, ...ProfileName[]]),
  z.strictObject({ profile: z.enum(PROFILE_NAMES as [ProfileName, ...ProfileName[]]).default("plain") }).catchall(z.unknown()),
]);
export type ProfileRef = z.input<typeof ProfileRefSchema>;

/** Whether a profile needs the per-cluster keystore on the shared volume (RPC or UI TLS). */
export function needsKeystore(p: SecurityProfile): boolean {
  return p.rpcTls || p.uiTls;
}

/** Resolves "auth-gcm" or { profile: "auth", ioEncryption: true } to a validated profile. */
export function resolveProfile(ref: unknown = "plain", where = "security"): SecurityProfile & { name: string } {
  const r = ProfileRefSchema.safeParse(ref, { reportInput: true });
  if (!r.success) throw new HarnessError("INVALID_INPUT", `invalid ${where}: ${formatZodError(r.error, where)}`);
  const { profile, ...overrides } = typeof r.data === "string" ? { profile: r.data } : r.data;
  const merged = { ...NAMED_PROFILES[profile], ...overrides };
  const p = SecurityProfileSchema.safeParse(merged, { reportInput: true });
  if (!p.success) throw new HarnessError("INVALID_INPUT", `invalid ${where} (profile ${profile}): ${formatZodError(p.error, where)}`);
  const name = Object.keys(overrides).length === 0 ? profile : `${profile}+${Object.keys(overrides).sort().join("+")}`;
  return { ...p.data, name };
}
