package shieldlab.attest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import shieldlab.attest.DataKeys;
import shieldlab.attest.RelyingParty;

/**
 * Runs the driver's EAR checks (RelyingParty → EarVerifier) on cases from a JSON file and prints one line per case,
 * "name<TAB>verified" or "name<TAB><failure>", for a test that signs the EARs with the verifier's own TypeScript code.
 * File: {"jwks": "...JWKS JSON...", "cases": [{"name", "jwt", "nowMs", "checkSignature", "boundTo", "nonce", "presentedBy"}]}
 * (boundTo/nonce: the executor the driver bound the nonce (base64url) to; presentedBy: who presents the EAR).
 * Last line: "datakeys<TAB>open-with-key<TAB>open-with-another-key<TAB>require-without-key".
 */
public final class EarVerifierSelfTest {
  private EarVerifierSelfTest() {}

  public static void main(String[] args) throws Exception {
    JsonNode root = new ObjectMapper().readTree(new File(args[0]));
    String jwks = root.path("jwks").asText();
    for (JsonNode c : root.path("cases")) {
      long now = c.path("nowMs").asLong(System.currentTimeMillis());
      RelyingParty rp = new RelyingParty(new RelyingParty.VerifierSource() {
        @Override public String challenge() { throw new UnsupportedOperationException("bound directly"); }
        @Override public String jwks() { return jwks; }
      }, c.path("checkSignature").asBoolean(true), 300, 60, () -> now);
      if (c.hasNonNull("boundTo")) rp.bind(c.path("boundTo").asText(), c.path("nonce").asText());
      RelyingParty.Decision d = rp.present(c.path("presentedBy").asText("1"), c.path("jwt").isTextual() ? c.path("jwt").asText() : null);
      System.out.println(c.path("name").asText() + "\t" + d.code + "\t" + d.reason);
    }
    // the data-key gate: sealed records open with the key only; an executor that was given no key cannot get one
    byte[] key = DataKeys.newKey();
    byte[] sealed = DataKeys.seal(key, "canary-1");
    String roundTrip = DataKeys.open(key, sealed);
    String wrongKey;
    try {
      wrongKey = "opened: " + DataKeys.open(DataKeys.newKey(), sealed);
    } catch (java.security.GeneralSecurityException e) {
      wrongKey = "refused";
    }
    String withheld;
    try {
      withheld = "key: " + DataKeys.require().length;
    } catch (DataKeys.DataKeyWithheldException e) {
      withheld = "withheld";
    }
    System.out.println("datakeys\t" + roundTrip + "\t" + wrongKey + "\t" + withheld);
  }
}
