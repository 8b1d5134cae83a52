package shieldlab.attest;

import java.io.Serializable;

/** What an executor tells the driver about its attestation; also the one-line log format. */
public final class AttestationReport implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String executorId;
  private final String host;
  private final AttestationResult result;
  /** True when the executor went on despite a non-affirming result (failOpen negative control). */
  private final boolean failedOpen;

  public AttestationReport(String executorId, String host, AttestationResult result, boolean failedOpen) {
    this.executorId = executorId;
    this.host = host;
    this.result = result;
    this.failedOpen = failedOpen;
  }

  public String executorId() { return executorId; }
  public String host() { return host; }
  public AttestationResult result() { return result; }
  public boolean failedOpen() { return failedOpen; }

  /** {@code shieldlab-attestation executor=<id> host=<h> status=<s> appraisal=<id> reasons=<…>} (no token bodies). */
  public String logLine() {
    return "shieldlab-attestation executor=" + executorId + " host=" + host + " " + result;
  }

  public static String disabledLine(String executorId) {
    return "shieldlab-attestation executor=" + executorId + " disabled";
  }
}
