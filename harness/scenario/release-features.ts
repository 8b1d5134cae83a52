// What a profile asks of a Spark release that older releases do not have: AES/GCM for RPC (SPARK-47172, in 3.4.4,
// 3.5.2 and 4.0.0) and TLS for RPC (SPARK-44937, 4.0.0). A run on a release without it is unknown, with this reason.
import { compareVersions } from "../images/version-pair.ts";
import type { SecurityProfile } from "../cluster/security-profile.ts";

/** Whether `spark` has AES/GCM for RPC encryption (spark.network.crypto.cipher=AES/GCM/NoPadding). */
export function hasRpcGcm(spark: string): boolean {
  const at = (v: string): boolean => compareVersions(spark, v) >= 0;
  return at("4.0.0") || (at("3.5.2") && !at("4.0.0")) || (at("3.4.4") && !at("3.5.0"));
}

/** Why `spark` cannot run profile `p` as asked; undefined when it can. */
export function profileProblem(p: Pick<SecurityProfile, "networkCrypto" | "rpcTls"> | undefined, spark: string): string | undefined {
  if (p?.networkCrypto === "aes-gcm" && !hasRpcGcm(spark))
    return `spark ${spark} has no AES/GCM for RPC (spark.network.crypto.cipher=AES/GCM/NoPadding came in 3.4.4, 3.5.2 and 4.0.0)`;
  if (p?.rpcTls && compareVersions(spark, "4.0.0") < 0) return `spark ${spark} has no TLS for RPC (spark.ssl.rpc.enabled came in 4.0.0)`;
  return undefined;
}
