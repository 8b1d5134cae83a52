package shieldlab.attest.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import shieldlab.attest.PinnedVerifierClient;
import shieldlab.attest.RelyingParty;

/**
 * The driver's relying-party path against a live verifier, for a test: {@code RelyingPartyProbe URL CERT_PEM}
 * fetches a challenge over pinned TLS, binds it to executor "1", prints "nonce<TAB>base64", then reads stdin line by
 * line: "issue" binds a fresh challenge (printed the same way); anything else is an EAR JWT, presented as executor
 * "1", answered with "decision<TAB>code<TAB>reason".
 */
public final class RelyingPartyProbe {
  private RelyingPartyProbe() {}

  public static void main(String[] args) throws Exception {
    RelyingParty rp = new RelyingParty(new PinnedVerifierClient(args[0], args[1], 10_000), true, 300, 60, System::currentTimeMillis);
    System.out.println("nonce\t" + rp.issue("1"));
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.trim().equals("issue")) {
        System.out.println("nonce\t" + rp.issue("1"));
        System.out.flush();
        continue;
      }
      RelyingParty.Decision d = rp.present("1", line.trim());
      System.out.println("decision\t" + d.code + "\t" + d.reason);
      System.out.flush();
    }
  }
}
