package shieldlab.attest;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What an agent is asked to attest: the executor's identity and the spark.remote.attestation.* settings. */
public final class AttestationRequest {
  private final String appId;
  private final String executorId;
  private final String host;
  private final Map<String, String> settings;
  private final String nonce;

  public AttestationRequest(String appId, String executorId, String host, Map<String, String> settings) {
    this(appId, executorId, host, settings, null);
  }

  /** `nonce`: the challenge (standard base64) the driver bound to this executor; null = the agent asks the verifier. */
  public AttestationRequest(String appId, String executorId, String host, Map<String, String> settings, String nonce) {
    this.nonce = nonce == null || nonce.isEmpty() ? null : nonce;
    this.appId = appId;
    this.executorId = executorId;
    this.host = host;
    this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
  }

  public String appId() { return appId; }
  public String executorId() { return executorId; }
  public String host() { return host; }
  /** The driver's challenge for this executor (standard base64), or null. */
  public String nonce() { return nonce; }
  /** Full keys (e.g. {@code spark.remote.attestation.verifier.url}) → values. */
  public Map<String, String> settings() { return settings; }

  public String setting(String key, String dflt) {
    String v = settings.get(key);
    return v == null || v.isEmpty() ? dflt : v;
  }

  public long longSetting(String key, long dflt) {
    String v = settings.get(key);
    if (v == null || v.isEmpty()) return dflt;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
    }
  }
}
