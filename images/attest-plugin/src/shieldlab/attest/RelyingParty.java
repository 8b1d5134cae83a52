package shieldlab.attest;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The driver as relying party, without Spark: it binds the verifier's nonce to the executor id it hands it to, and
 * accepts an executor only when that executor presents an EAR that verifies (EarVerifier) with exactly that nonce.
 * Each binding is single use; the verifier's JWKS is fetched once and again when a kid is not in it.
 */
public final class RelyingParty {
  /** Where nonces and the verifier's public keys come from (the verifier over pinned TLS, in the plugin). */
  public interface VerifierSource {
    /** A fresh challenge from the verifier: standard base64 of the nonce bytes. */
    String challenge() throws Exception;

    /** The verifier's JWKS document. */
    String jwks() throws Exception;
  }

  /** What the driver decided about one executor. */
  public static final class Decision {
    public final boolean accepted;
    /** "verified", or the failure name (malformed, signature, nonce, no-challenge, no-ear, jwks, ...). */
    public final String code;
    public final String reason;

    Decision(boolean accepted, String code, String reason) {
      this.accepted = accepted;
      this.code = code;
      this.reason = reason;
    }
  }

  private final VerifierSource source;
  private final boolean verifySignature;
  private final long maxAgeSeconds;
  private final long futureSkewSeconds;
  private final LongSupplier clock;
  /** executorId → expected eat_nonce (base64url, no padding); removed when presented. */
  private final Map<String, String> bound = new ConcurrentHashMap<>();
  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private volatile List<EarVerifier.Key> keys;

  public RelyingParty(VerifierSource source, boolean verifySignature, long maxAgeSeconds, long futureSkewSeconds, LongSupplier clock) {
    this.source = source;
    this.verifySignature = verifySignature;
    this.maxAgeSeconds = maxAgeSeconds;
    this.futureSkewSeconds = futureSkewSeconds;
    this.clock = clock;
  }

  /** Fetches a nonce for `executorId` and binds it; returns it (standard base64) for the executor's agent. */
  public String issue(String executorId) throws Exception {
    String b64 = source.challenge();
    byte[] nonce = Base64.getDecoder().decode(b64);
    bound.put(executorId, Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
    return b64;
  }

  /** Binds a nonce directly (tests): `nonceB64url` is what eat_nonce must be. */
  public void bind(String executorId, String nonceB64url) {
    bound.put(executorId, nonceB64url);
  }

  /** Checks the EAR `executorId` presents against the nonce bound to it; the binding is used up either way. */
  public Decision present(String executorId, String earJwt) {
    String expected = bound.remove(executorId);
    if (earJwt == null || earJwt.isEmpty()) return refuse(executorId, "no-ear", "the executor presented no signed EAR");
    if (expected == null) return refuse(executorId, "no-challenge", "no challenge of this driver is bound to executor " + executorId + " (or it was already used)");
    EarVerifier.Result r;
    try {
      r = verifier(false).verify(earJwt, expected, clock.getAsLong());
      if (!r.ok && "unknown-key".equals(r.failure)) r = verifier(true).verify(earJwt, expected, clock.getAsLong());
    } catch (Exception e) {
      return refuse(executorId, "jwks", "the verifier's JWKS could not be read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (!r.ok) return refuse(executorId, r.failure, r.reason);
    verified.add(executorId);
    return new Decision(true, "verified", r.reason);
  }

  public boolean isVerified(String executorId) {
    return verified.contains(executorId);
  }

  private EarVerifier verifier(boolean refresh) throws Exception {
    List<EarVerifier.Key> k = keys;
    if (verifySignature && (k == null || refresh)) keys = k = EarVerifier.parseJwks(source.jwks());
    return new EarVerifier(k == null ? List.of() : k, maxAgeSeconds, futureSkewSeconds, verifySignature);
  }

  private Decision refuse(String executorId, String code, String reason) {
    verified.remove(executorId);
    return new Decision(false, code, reason);
  }
}
