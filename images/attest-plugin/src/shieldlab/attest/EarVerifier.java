package shieldlab.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The relying party's check of a signed EAR (compact JWS, ES256), the same rules in the same order as the verifier's
 * own ear-verify.ts, stopping at the first failure: form, alg, kid in the JWKS, signature, profile, iat window, nonce,
 * status. JDK crypto only (SunEC); Jackson (shipped with Spark) for JSON. Never throws from verify().
 */
public final class EarVerifier {
  public static final String ALG = "ES256";
  public static final String PROFILE = "tag:github.com,2023:veraison/ear";
  public static final long DEFAULT_MAX_AGE_SECONDS = 300;
  public static final long DEFAULT_FUTURE_SKEW_SECONDS = 60;
  private static final Pattern B64URL = Pattern.compile("^[A-Za-z0-9_-]*$");
  private static final String[] WORST_FIRST = {"contraindicated", "warning", "none", "affirming"};
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One P-256 key of the verifier's JWKS. */
  public static final class Key {
    final String kid;
    final PublicKey publicKey;

    Key(String kid, PublicKey publicKey) {
      this.kid = kid;
      this.publicKey = publicKey;
    }
  }

  /** The outcome: ok, or the failure name (as in ear-verify.ts) and a one-line reason. */
  public static final class Result {
    public final boolean ok;
    /** malformed | algorithm | unknown-key | signature | profile | stale | future | nonce | not-affirming; null when ok. */
    public final String failure;
    public final String reason;
    /** Worst ear.status (null before the claims were read). */
    public final String status;

    Result(boolean ok, String failure, String reason, String status) {
      this.ok = ok;
      this.failure = failure;
      this.reason = reason;
      this.status = status;
    }

    @Override
    public String toString() {
      return ok ? "ok: " + reason : failure + ": " + reason;
    }
  }

  private final List<Key> keys;
  private final long maxAgeSeconds;
  private final long futureSkewSeconds;
  private final boolean checkSignature;

  public EarVerifier(List<Key> keys, long maxAgeSeconds, long futureSkewSeconds, boolean checkSignature) {
    this.keys = List.copyOf(keys);
    this.maxAgeSeconds = maxAgeSeconds;
    this.futureSkewSeconds = futureSkewSeconds;
    this.checkSignature = checkSignature;
  }

  /** The P-256 EC keys of a JWKS document ({@code {"keys":[{kty,crv,x,y,kid},...]}}); other entries are skipped. */
  public static List<Key> parseJwks(String json) throws Exception {
    JsonNode root = JSON.readTree(json);
    List<Key> out = new ArrayList<>();
    JsonNode arr = root == null ? null : root.path("keys");
    if (arr == null || !arr.isArray()) throw new IllegalArgumentException("not a JWKS: no \"keys\" array");
    for (JsonNode k : arr) {
      if (!"EC".equals(k.path("kty").asText()) || !"P-256".equals(k.path("crv").asText()) || !k.path("kid").isTextual()) continue;
      out.add(new Key(k.path("kid").asText(), p256(b64(k.path("x").asText()), b64(k.path("y").asText()))));
    }
    return out;
  }

  static PublicKey p256(byte[] x, byte[] y) throws Exception {
    AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
    ap.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), spec));
  }

  /** Checks `jwt`; `expectedNonce` (base64url, null = not checked) must equal eat_nonce; `nowMs` is the clock. */
  public Result verify(String jwt, String expectedNonce, long nowMs) {
    String[] parts = jwt == null ? new String[0] : jwt.trim().split("\\.", -1);
    if (parts.length != 3 || !B64URL.matcher(parts[0]).matches() || !B64URL.matcher(parts[1]).matches() || !B64URL.matcher(parts[2]).matches())
      return fail("malformed", "not a compact JWS (three base64url parts separated by dots)", null);
    JsonNode header = object(parts[0]);
    if (header == null) return fail("malformed", "the JWS header is not a base64url JSON object", null);
    if (!ALG.equals(header.path("alg").isTextual() ? header.path("alg").asText() : null))
      return fail("algorithm", "alg is " + header.path("alg") + "; only " + ALG + " is accepted", null);
    String kid = header.path("kid").isTextual() ? header.path("kid").asText() : null;
    if (checkSignature) {
      Key key = null;
      for (Key k : keys) if (k.kid.equals(kid)) key = k;
      if (key == null) return fail("unknown-key", "kid " + quote(kid) + " is not a P-256 key in the JWKS (" + keys.size() + " key(s))", null);
      boolean good;
      try {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(key.publicKey);
        s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        good = s.verify(b64(parts[2]));
      } catch (Exception e) {
        good = false;
      }
      if (!good) return fail("signature", "the ES256 signature does not verify under key " + kid, null);
    }
    JsonNode claims = object(parts[1]);
    if (claims == null) return fail("malformed", "the JWS payload is not a JSON object", null);
    String status = worstStatus(claims);
    if (!PROFILE.equals(claims.path("eat_profile").isTextual() ? claims.path("eat_profile").asText() : null) || status == null)
      return fail("profile", "not an EAR: eat_profile " + claims.path("eat_profile") + " (expected " + PROFILE + ") and at least one submod with ear.status are required", status);
    long now = Math.floorDiv(nowMs, 1000L);
    JsonNode iatNode = claims.path("iat");
    if (!isInteger(iatNode)) return fail("malformed", "iat is " + iatNode + "; expected integer seconds", status);
    long iat = iatNode.asLong();
    if (now - iat > maxAgeSeconds) return fail("stale", "issued " + (now - iat) + " s ago; at most " + maxAgeSeconds + " s is accepted", status);
    if (iat - now > futureSkewSeconds) return fail("future", "issued " + (iat - now) + " s in the future; at most " + futureSkewSeconds + " s of clock skew is accepted", status);
    if (expectedNonce != null) {
      JsonNode n = claims.path("eat_nonce");
      String got = n.isTextual() ? n.asText() : null;
      if (!expectedNonce.equals(got)) return fail("nonce", "eat_nonce is " + quote(got) + "; expected " + expectedNonce, status);
    }
    if (!"affirming".equals(status)) return fail("not-affirming", "signed and fresh, but ear.status is " + status + reasonsOf(claims), status);
    return new Result(true, null, "affirming; " + (checkSignature ? "signed by " + kid : "signature NOT checked") + ", issued " + (now - iat) + " s ago", status);
  }

  /** The worst ear.status over all submods; null when there is none or one is not a known status. */
  static String worstStatus(JsonNode claims) {
    JsonNode submods = claims.path("submods");
    if (!submods.isObject() || submods.size() == 0) return null;
    List<String> seen = new ArrayList<>();
    for (Iterator<JsonNode> it = submods.elements(); it.hasNext(); ) {
      JsonNode s = it.next().path("ear.status");
      String v = s.isTextual() ? s.asText() : null;
      boolean known = false;
      for (String w : WORST_FIRST) known |= w.equals(v);
      if (!known) return null;
      seen.add(v);
    }
    for (String w : WORST_FIRST) if (seen.contains(w)) return w;
    return null;
  }

  private static boolean isInteger(JsonNode n) {
    if (n.isIntegralNumber()) return true;
    return n.isNumber() && !Double.isInfinite(n.asDouble()) && n.asDouble() == Math.rint(n.asDouble());
  }

  private static String reasonsOf(JsonNode claims) {
    JsonNode r = claims.path("reasons");
    if (!r.isArray() || r.size() == 0) return "";
    List<String> out = new ArrayList<>();
    for (JsonNode x : r) out.add(x.asText());
    return " (" + String.join("; ", out) + ")";
  }

  private static JsonNode object(String part) {
    try {
      JsonNode n = JSON.readTree(new String(b64(part), StandardCharsets.UTF_8));
      return n != null && n.isObject() ? n : null;
    } catch (Exception e) {
      return null;
    }
  }

  static byte[] b64(String s) {
    return Base64.getUrlDecoder().decode(s);
  }

  private static String quote(String s) {
    return s == null ? "undefined" : "\"" + s + "\"";
  }

  private static Result fail(String failure, String reason, String status) {
    return new Result(false, failure, reason, status);
  }
}
