package shieldlab.attest.testing;

import java.util.List;
import shieldlab.attest.AttestationAgent;
import shieldlab.attest.AttestationRequest;
import shieldlab.attest.AttestationResult;

/**
 * Test agent: returns the status in {@code spark.remote.attestation.test.status} (default affirming),
 * or throws when it is "throw". No verifier involved; for exercising the plugin's decisions.
 */
public final class FixedResultAgent implements AttestationAgent {
  public static final String STATUS = "spark.remote.attestation.test.status";

  @Override
  public AttestationResult attest(AttestationRequest r) throws Exception {
    String s = r.setting(STATUS, "affirming");
    if (s.equals("throw")) throw new IllegalStateException("FixedResultAgent told to throw (" + STATUS + "=throw)");
    AttestationResult.Status status = AttestationResult.Status.parse(s);
    String id = "fixed-" + r.executorId();
    return new AttestationResult(status, id, List.of("fixed by " + STATUS + "=" + s), "{\"status\":\"" + status.wire() + "\"}");
  }
}
