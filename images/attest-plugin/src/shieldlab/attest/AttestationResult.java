package shieldlab.attest;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** An appraisal outcome: EAR status, the verifier's appraisal id, reasons, and the raw JSON it came from. */
public final class AttestationResult implements Serializable {
  private static final long serialVersionUID = 1L;

  /** EAR trustworthiness tiers, plus "error" when no appraisal could be obtained. */
  public enum Status {
    AFFIRMING, WARNING, CONTRAINDICATED, NONE, ERROR;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** Unknown or missing values map to ERROR, never to AFFIRMING. */
    public static Status parse(String s) {
      if (s == null) return ERROR;
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "affirming": return AFFIRMING;
        case "warning": return WARNING;
        case "contraindicated": return CONTRAINDICATED;
        case "none": return NONE;
        default: return ERROR;
      }
    }
  }

  private final Status status;
  private final String appraisalId;
  private final List<String> reasons;
  private final String rawJson;
  private final String earJwt;

  public AttestationResult(Status status, String appraisalId, List<String> reasons, String rawJson) {
    this(status, appraisalId, reasons, rawJson, null);
  }

  public AttestationResult(Status status, String appraisalId, List<String> reasons, String rawJson, String earJwt) {
    this.status = status == null ? Status.ERROR : status;
    this.appraisalId = appraisalId == null || appraisalId.isEmpty() ? "-" : appraisalId;
    this.reasons = reasons == null ? Collections.emptyList() : List.copyOf(reasons);
    this.rawJson = rawJson == null ? "" : rawJson;
    this.earJwt = earJwt == null || earJwt.isEmpty() ? null : earJwt;
  }

  public static AttestationResult error(String reason) {
    return new AttestationResult(Status.ERROR, null, List.of(reason), "");
  }

  public Status status() { return status; }
  public boolean affirming() { return status == Status.AFFIRMING; }
  public String appraisalId() { return appraisalId; }
  public List<String> reasons() { return reasons; }
  /** The agent's raw output (for RaTlsAgent: the client's JSON line, including the EAR token). Not logged. */
  public String rawJson() { return rawJson; }
  /** The verifier's signed EAR (compact JWS) the agent received, or null. The driver verifies it; never logged. */
  public String earJwt() { return earJwt; }

  public String reasonsText() {
    return reasons.isEmpty() ? "-" : String.join("; ", reasons).replace('\n', ' ');
  }

  @Override
  public String toString() {
    return "status=" + status.wire() + " appraisal=" + appraisalId + " reasons=" + reasonsText();
  }
}
