package shieldlab.attest;

import java.io.IOException;

/** The RA-TLS client could not reach the verifier (client exit code 4). */
public final class VerifierUnreachableException extends IOException {
  private static final long serialVersionUID = 1L;

  public VerifierUnreachableException(String message) {
    super(message);
  }
}
