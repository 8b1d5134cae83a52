// The Spark settings of a security profile as per-job --conf values, so one cluster can run every profile.
import { sparkDefaults, type ClusterSecrets } from "../cluster/cluster-config.ts";
import type { SecurityProfile } from "../cluster/security-profile.ts";
import type { Topology } from "../cluster/topology.ts";

const SECURITY_KEY = /^spark\.(authenticate|network\.crypto\.|io\.encryption\.|ssl\.|executorEnv\._SPARK_SSL_)/;

/** Every security key of the profile; keys the profile leaves out are set to their off value. */
export function profileConf(t: Topology, p: SecurityProfile, secrets?: ClusterSecrets): Record<string, string> {
  const conf: Record<string, string> = {
    "spark.authenticate": "false",
    "spark.network.crypto.enabled": "false",
    "spark.authenticate.enableSaslEncryption": "false",
    "spark.ssl.rpc.enabled": "false",
    "spark.io.encryption.enabled": "false",
  };
  for (const [k, v] of sparkDefaults(t, p, secrets)) if (SECURITY_KEY.test(k)) conf[k] = v;
  return conf;
}
