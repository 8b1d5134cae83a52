package shieldlab.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The driver's HTTPS client for the verifier: the same trust the executors' agent uses (the verifier's certificate
 * PEM on /shared, pinned byte for byte, whatever name it was reached by). GET /challenge and the JWKS.
 */
public final class PinnedVerifierClient implements RelyingParty.VerifierSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String caPemPath;
  private final int timeoutMs;

  public PinnedVerifierClient(String baseUrl, String caPemPath, int timeoutMs) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.caPemPath = caPemPath;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public String challenge() throws Exception {
    JsonNode n = JSON.readTree(get("/challenge"));
    if (n == null || !n.path("nonce").isTextual()) throw new IOException("GET /challenge: no nonce in the answer");
    return n.path("nonce").asText();
  }

  @Override
  public String jwks() throws Exception {
    return get("/.well-known/jwks.json");
  }

  private String get(String path) throws Exception {
    byte[] pinned = pinnedCertificate().getEncoded();
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new PinningTrustManager(pinned)}, null);
    HttpsURLConnection c = (HttpsURLConnection) URI.create(baseUrl + path).toURL().openConnection();
    c.setSSLSocketFactory(tls.getSocketFactory());
    c.setHostnameVerifier((host, session) -> true); // the certificate itself is pinned: names do not matter
    c.setConnectTimeout(timeoutMs);
    c.setReadTimeout(timeoutMs);
    c.setRequestMethod("GET");
    int code = c.getResponseCode();
    try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (code != 200) throw new IOException("GET " + baseUrl + path + ": HTTP " + code + " " + body.substring(0, Math.min(200, body.length())));
      return body;
    } finally {
      c.disconnect();
    }
  }

  private X509Certificate pinnedCertificate() throws IOException, CertificateException {
    byte[] pem = Files.readAllBytes(Paths.get(caPemPath));
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }

  /** Trusts exactly one certificate (the leaf the verifier wrote), nothing else. */
  private static final class PinningTrustManager implements X509TrustManager {
    private final byte[] pinned;

    PinningTrustManager(byte[] pinned) {
      this.pinned = pinned;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (chain == null || chain.length == 0 || !MessageDigest.isEqual(chain[0].getEncoded(), pinned))
        throw new CertificateException("the verifier's certificate is not the pinned one");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
