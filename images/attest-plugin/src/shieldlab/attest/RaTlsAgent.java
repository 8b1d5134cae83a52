package shieldlab.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The default agent: runs the RA-TLS client ({@code node /opt/shieldlab/attest/ratls-client.cjs attest ...}),
 * copies its stderr into the executor's stderr, and parses the last stdout line
 * ({@code {status, appraisalId, reasons, ear, earJwt}}); with a driver-bound challenge it passes {@code --nonce}. Client exit codes: 0 affirming, 3 refused,
 * 4 verifier unreachable, anything else an error.
 */
public class RaTlsAgent implements AttestationAgent {
  public static final int EXIT_AFFIRMING = 0;
  public static final int EXIT_REFUSED = 3;
  public static final int EXIT_UNREACHABLE = 4;

  static final String TSM_ROOT = "/run/shieldlab/tsm/report";
  static final String IMA_LOG = "/run/shieldlab/ima/binary_runtime_measurements";
  static final String FAULTS = "/run/shieldlab/faults.json";
  static final String STATE_DIR = "/var/lib/shieldlab/attest";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public AttestationResult attest(AttestationRequest r) throws Exception {
    String verifier = r.setting(AttestationConf.VERIFIER_URL, null);
    if (verifier == null) throw new IllegalArgumentException(AttestationConf.VERIFIER_URL + " is not set");
    long timeoutMs = r.longSetting(AttestationConf.TIMEOUT_MS, AttestationConf.DEFAULT_TIMEOUT_MS);
    if (timeoutMs <= 0) throw new IllegalArgumentException(AttestationConf.TIMEOUT_MS + " must be > 0, got " + timeoutMs);

    List<String> cmd = command(r, verifier);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE);
    long started = System.nanoTime();
    Process p = pb.start();
    p.getOutputStream().close();
    Deque<String> stderrTail = new ArrayDeque<>();
    List<String> stdout = new ArrayList<>();
    Thread errPump = pump(p.getErrorStream(), line -> {
      System.err.println("[ratls-client] " + line);
      synchronized (stderrTail) {
        stderrTail.addLast(summarize(line));
        if (stderrTail.size() > 3) stderrTail.removeFirst();
      }
    }, "ratls-client-stderr");
    Thread outPump = pump(p.getInputStream(), line -> {
      synchronized (stdout) { stdout.add(line); }
    }, "ratls-client-stdout");

    if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
      throw new IOException("ratls-client did not finish within " + timeoutMs + " ms (" + AttestationConf.TIMEOUT_MS
          + "); verifier " + verifier + "; last stderr: " + tail(stderrTail));
    }
    errPump.join(5_000);
    outPump.join(5_000);
    int code = p.exitValue();
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.err.println("[ratls-client] exited " + code + " after " + ms + " ms");

    String last;
    synchronized (stdout) { last = lastNonEmpty(stdout); }
    switch (code) {
      case EXIT_AFFIRMING:
      case EXIT_REFUSED: {
        if (last == null) {
          throw new IOException("ratls-client exited " + code + " without a JSON result line; last stderr: " + tail(stderrTail));
        }
        AttestationResult res = parse(last);
        // The exit code and the JSON must agree on "affirming"; if they do not, fail closed.
        if ((code == EXIT_AFFIRMING) != res.affirming()) {
          return new AttestationResult(AttestationResult.Status.ERROR, res.appraisalId(),
              List.of("ratls-client exit code " + code + " contradicts status " + res.status().wire()), last, res.earJwt());
        }
        return res;
      }
      case EXIT_UNREACHABLE:
        throw new VerifierUnreachableException(verifier + ": " + tail(stderrTail));
      default:
        throw new IOException("ratls-client exited " + code + " (internal error or bad usage); last stderr: " + tail(stderrTail));
    }
  }

  /** The client's command line; package-private for tests. */
  List<String> command(AttestationRequest r, String verifier) {
    List<String> cmd = new ArrayList<>();
    cmd.add(r.setting(AttestationConf.NODE_BINARY, AttestationConf.DEFAULT_NODE_BINARY));
    cmd.add(r.setting(AttestationConf.CLIENT_SCRIPT, AttestationConf.DEFAULT_CLIENT_SCRIPT));
    cmd.add("attest");
    cmd.add("--verifier"); cmd.add(verifier);
    cmd.add("--ca"); cmd.add(r.setting(AttestationConf.VERIFIER_CA, AttestationConf.DEFAULT_VERIFIER_CA));
    cmd.add("--app-id"); cmd.add(r.appId());
    cmd.add("--executor-id"); cmd.add(r.executorId());
    if (r.host() != null && !r.host().isEmpty()) { cmd.add("--host"); cmd.add(r.host()); }
    cmd.add("--tsm-root"); cmd.add(TSM_ROOT);
    cmd.add("--ima-log"); cmd.add(IMA_LOG);
    cmd.add("--faults"); cmd.add(FAULTS);
    cmd.add("--state-dir"); cmd.add(STATE_DIR);
    if (r.nonce() != null) { cmd.add("--nonce"); cmd.add(r.nonce()); }
    return cmd;
  }

  /** Parses the client's result line {status, appraisalId, reasons, ear}. */
  static AttestationResult parse(String line) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (IOException e) {
      throw new IOException("ratls-client's last stdout line is not JSON: " + abbreviate(line), e);
    }
    if (n == null || !n.isObject()) throw new IOException("ratls-client's last stdout line is not a JSON object: " + abbreviate(line));
    List<String> reasons = new ArrayList<>();
    JsonNode rs = n.path("reasons");
    if (rs.isArray()) {
      for (JsonNode x : rs) reasons.add(x.isTextual() ? x.asText() : x.toString());
    } else if (rs.isTextual()) {
      reasons.add(rs.asText());
    }
    JsonNode id = n.path("appraisalId");
    JsonNode jwt = n.path("earJwt");
    return new AttestationResult(AttestationResult.Status.parse(n.path("status").asText(null)),
        id.isMissingNode() || id.isNull() ? null : id.asText(), reasons, line, jwt.isTextual() ? jwt.asText() : null);
  }

  private interface LineSink { void accept(String line); }

  private static Thread pump(InputStream in, LineSink sink, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) sink.accept(line);
      } catch (IOException ignored) {
        // the process was killed; what we have is what we report
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The client logs pino JSON lines; for error messages keep "msg: err" instead of the whole record. */
  static String summarize(String line) {
    String t = line.trim();
    if (t.startsWith("{")) {
      try {
        JsonNode n = JSON.readTree(t);
        JsonNode err = n.path("err");
        String e = err.isTextual() ? err.asText() : err.path("message").asText("");
        String msg = n.path("msg").asText("");
        if (!msg.isEmpty() || !e.isEmpty()) return msg.isEmpty() ? e : e.isEmpty() ? msg : msg + ": " + e;
      } catch (IOException ignored) {
        // not JSON after all
      }
    }
    return abbreviate(t);
  }

  private static String lastNonEmpty(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).trim().isEmpty()) return lines.get(i).trim();
    }
    return null;
  }

  private static String tail(Deque<String> d) {
    synchronized (d) {
      return d.isEmpty() ? "(none)" : String.join(" | ", d);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
