package shieldlab.attest;

import java.io.Serializable;

/** The driver's answer to an executor's EAR: accepted or not, why, and (accepted only) the job's data key. */
public final class RelyingPartyVerdict implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean accepted;
  private final String reason;
  private final byte[] dataKey;

  public RelyingPartyVerdict(boolean accepted, String reason, byte[] dataKey) {
    this.accepted = accepted;
    this.reason = reason;
    this.dataKey = dataKey == null ? null : dataKey.clone();
  }

  public boolean accepted() { return accepted; }
  public String reason() { return reason; }
  /** Null when refused, or when the driver holds no data key. */
  public byte[] dataKey() { return dataKey == null ? null : dataKey.clone(); }
}
