package shieldlab.attest;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/** The spark.remote.attestation.* keys and their defaults, in one place. */
public final class AttestationConf {
  private AttestationConf() {}

  public static final String PREFIX = "spark.remote.attestation.";
  public static final String ENABLE = PREFIX + "enable";
  public static final String AGENT_CLASS = PREFIX + "agent.class";
  public static final String VERIFIER_URL = PREFIX + "verifier.url";
  public static final String VERIFIER_CA = PREFIX + "verifier.ca";
  public static final String FAIL_OPEN = PREFIX + "failOpen";
  public static final String TIMEOUT_MS = PREFIX + "timeoutMs";
  /** The driver as relying party: binds nonces to executors, verifies their EARs, releases the data key (default on). */
  public static final String DRIVER_ENFORCE = PREFIX + "driver.enforce";
  /** Test-only negative control: the driver skips the EAR's kid and ES256 signature checks (default on). */
  public static final String DRIVER_VERIFY_SIGNATURE = PREFIX + "driver.verifySignature";
  /** Oldest EAR (iat) the driver accepts, in seconds (default 300). */
  public static final String DRIVER_EAR_MAX_AGE = PREFIX + "driver.earMaxAgeSeconds";
  /** The driver kills (and YARN replaces) an executor that starts a task without a verified EAR (default off). */
  public static final String DRIVER_KILL_UNATTESTED = PREFIX + "driver.killUnattested";
  /** Test hook: the node's fault file (the emulated device's; skipAttestation makes this plugin skip, as a tampered one). */
  public static final String FAULTS_FILE = PREFIX + "faults.file";
  /** Test hooks: where the RA-TLS client and node live (defaults are the image's paths). */
  public static final String CLIENT_SCRIPT = PREFIX + "client.script";
  public static final String NODE_BINARY = PREFIX + "client.node";

  public static final String DEFAULT_AGENT_CLASS = "shieldlab.attest.RaTlsAgent";
  public static final String DEFAULT_VERIFIER_CA = "/shared/attest/verifier-cert.pem";
  public static final long DEFAULT_TIMEOUT_MS = 60_000L;
  public static final String DEFAULT_CLIENT_SCRIPT = "/opt/shieldlab/attest/ratls-client.cjs";
  public static final String DEFAULT_NODE_BINARY = "node";
  public static final String DEFAULT_FAULTS_FILE = "/run/shieldlab/faults.json";

  /** Every spark.remote.attestation.* entry of the conf, with full keys. */
  public static Map<String, String> settings(SparkConf conf) {
    Map<String, String> out = new TreeMap<>();
    for (Tuple2<String, String> kv : conf.getAll()) {
      if (kv._1().startsWith(PREFIX)) out.put(kv._1(), kv._2());
    }
    return out;
  }
}
