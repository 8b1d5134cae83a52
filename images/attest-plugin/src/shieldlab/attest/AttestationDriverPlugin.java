package shieldlab.attest;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Driver side: keeps executorId → latest report, logs each, and prints a summary at shutdown. */
public final class AttestationDriverPlugin implements DriverPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(AttestationPlugin.class);

  private final Map<String, AttestationReport> reports = new ConcurrentHashMap<>();

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext ctx) {
    boolean enabled = sc.conf().getBoolean(AttestationConf.ENABLE, false);
    String line = "shieldlab-attestation driver enabled=" + enabled
        + (enabled ? " agent=" + sc.conf().get(AttestationConf.AGENT_CLASS, AttestationConf.DEFAULT_AGENT_CLASS)
            + " verifier=" + sc.conf().get(AttestationConf.VERIFIER_URL, "-")
            + " failOpen=" + sc.conf().getBoolean(AttestationConf.FAIL_OPEN, false) : "");
    LOG.info(line);
    return Collections.emptyMap();
  }

  @Override
  public Object receive(Object message) {
    if (!(message instanceof AttestationReport)) {
      LOG.warn("shieldlab-attestation driver: unexpected message {}", message == null ? "null" : message.getClass().getName());
      return "ignored";
    }
    AttestationReport r = (AttestationReport) message;
    reports.put(r.executorId(), r);
    String line = r.logLine();
    if (r.result().affirming()) LOG.info(line);
    else LOG.warn(line);
    System.err.println(line);
    if (r.failedOpen()) {
      String warn = "shieldlab-attestation WARNING executor=" + r.executorId() + " started despite status="
          + r.result().status().wire() + " because " + AttestationConf.FAIL_OPEN + "=true (test-only negative control)";
      LOG.warn(warn);
      System.err.println(warn);
    }
    return "recorded";
  }

  /** executorId → latest report (read-only view). */
  public Map<String, AttestationReport> reports() {
    return Collections.unmodifiableMap(reports);
  }

  public String summaryLine() {
    int affirming = 0;
    for (AttestationReport r : reports.values()) if (r.result().affirming()) affirming++;
    return "shieldlab-attestation-summary appraised=" + reports.size() + " affirming=" + affirming
        + " refused=" + (reports.size() - affirming);
  }

  @Override
  public void shutdown() {
    String line = summaryLine();
    LOG.info(line);
    System.err.println(line);
  }
}
