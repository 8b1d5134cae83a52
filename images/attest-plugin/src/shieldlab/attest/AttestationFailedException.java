package shieldlab.attest;

/** Thrown from the executor plugin's init so that the executor never starts. */
public final class AttestationFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AttestationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
