package shieldlab.attest;

import java.io.Serializable;

/** Executor → driver: "give me the nonce to attest with"; the driver binds it to this executor id. */
public final class ChallengeRequest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String executorId;

  public ChallengeRequest(String executorId) {
    this.executorId = executorId;
  }

  public String executorId() { return executorId; }
}
