package shieldlab.attest;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver side, the relying party: hands each executor a verifier nonce bound to its id, verifies the signed EAR it
 * presents (EarVerifier: signature, freshness, nonce, affirming) and answers with a verdict; only accepted executors
 * get the job's data key. An executor that skips its plugin is caught when it starts a task (logged as refused, and
 * killed when driver.killUnattested is set); it never gets the data key, so its tasks cannot read the input.
 * Every decision is one grep-able "shieldlab-rp ..." line on the driver's stdout and in its log.
 */
public final class AttestationDriverPlugin implements DriverPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(AttestationPlugin.class);
  private static volatile AttestationDriverPlugin active;

  private final Map<String, AttestationReport> reports = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  /** Executors registered and not (yet) removed: the ones whose attestation report the job may wait for. */
  private final Set<String> alive = ConcurrentHashMap.newKeySet();
  private volatile RelyingParty rp;
  private volatile byte[] dataKey;
  private volatile boolean killUnattested;
  private SparkContext sc;

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext ctx) {
    this.sc = sc;
    SparkConf conf = sc.conf();
    boolean enabled = conf.getBoolean(AttestationConf.ENABLE, false);
    String line = "shieldlab-attestation driver enabled=" + enabled
        + (enabled ? " agent=" + conf.get(AttestationConf.AGENT_CLASS, AttestationConf.DEFAULT_AGENT_CLASS)
            + " verifier=" + conf.get(AttestationConf.VERIFIER_URL, "-")
            + " failOpen=" + conf.getBoolean(AttestationConf.FAIL_OPEN, false) : "");
    LOG.info(line);
    boolean enforce = enabled && conf.getBoolean(AttestationConf.DRIVER_ENFORCE, true);
    boolean verifySignature = conf.getBoolean(AttestationConf.DRIVER_VERIFY_SIGNATURE, true);
    if (enforce) {
      String url = conf.get(AttestationConf.VERIFIER_URL, "");
      int timeout = (int) Math.min(15_000L, conf.getLong(AttestationConf.TIMEOUT_MS, AttestationConf.DEFAULT_TIMEOUT_MS));
      rp = new RelyingParty(new PinnedVerifierClient(url, conf.get(AttestationConf.VERIFIER_CA, AttestationConf.DEFAULT_VERIFIER_CA), timeout),
          verifySignature, conf.getLong(AttestationConf.DRIVER_EAR_MAX_AGE, EarVerifier.DEFAULT_MAX_AGE_SECONDS),
          EarVerifier.DEFAULT_FUTURE_SKEW_SECONDS, System::currentTimeMillis);
      dataKey = DataKeys.newKey();
      killUnattested = conf.getBoolean(AttestationConf.DRIVER_KILL_UNATTESTED, false);
      sc.addSparkListener(new Gate());
    }
    if (enabled) sc.addSparkListener(new Roster());
    say(false, "shieldlab-rp driver enforcement=" + (enforce ? "on" : "off")
        + (enforce ? " verifySignature=" + verifySignature + (verifySignature ? "" : " (test-only negative control)") + " killUnattested=" + killUnattested : "")
        + (enabled && !enforce ? " (" + AttestationConf.DRIVER_ENFORCE + "=false: executors are not checked, the data key is not brokered)" : ""));
    active = this;
    return Collections.emptyMap();
  }

  @Override
  public Object receive(Object message) {
    if (message instanceof ChallengeRequest) return challenge(((ChallengeRequest) message).executorId());
    if (!(message instanceof AttestationReport)) {
      LOG.warn("shieldlab-attestation driver: unexpected message {}", message == null ? "null" : message.getClass().getName());
      return "ignored";
    }
    AttestationReport r = (AttestationReport) message;
    reports.put(r.executorId(), r);
    String line = r.logLine();
    if (r.result().affirming()) LOG.info(line);
    else LOG.warn(line);
    System.err.println(line);
    if (r.failedOpen()) {
      String warn = "shieldlab-attestation WARNING executor=" + r.executorId() + " started despite status="
          + r.result().status().wire() + " because " + AttestationConf.FAIL_OPEN + "=true (test-only negative control)";
      LOG.warn(warn);
      System.err.println(warn);
    }
    RelyingParty party = rp;
    if (party == null) return "recorded";
    RelyingParty.Decision d = party.present(r.executorId(), r.result().earJwt());
    if (d.accepted) {
      say(false, "shieldlab-rp VERIFIED executor=" + r.executorId() + " host=" + r.host() + ": " + d.reason);
    } else {
      refused.add(r.executorId());
      say(true, "shieldlab-rp REFUSED executor=" + r.executorId() + " host=" + r.host() + " reason=" + d.code + ": " + d.reason);
    }
    return new RelyingPartyVerdict(d.accepted, d.code + ": " + d.reason, d.accepted ? dataKey : null);
  }

  private Object challenge(String executorId) {
    RelyingParty party = rp;
    if (party == null) return null;
    try {
      String nonce = party.issue(executorId);
      say(false, "shieldlab-rp challenge executor=" + executorId + " bound to a verifier nonce");
      return nonce;
    } catch (Exception e) {
      say(true, "shieldlab-rp challenge executor=" + executorId + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()
          + " (the executor attests with its own challenge; its EAR will not be bound to it)");
      return null;
    }
  }

  /** Watches task starts: a task on an executor without a verified EAR is the skip attack (or a race) made visible. */
  private final class Gate extends SparkListener {
    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded e) {
      say(false, "shieldlab-rp executor=" + e.executorId() + " registered host=" + e.executorInfo().executorHost()
          + " verified=" + rp.isVerified(e.executorId()));
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
      String id = e.taskInfo().executorId();
      if (rp.isVerified(id) || "driver".equals(id) || !refused.add(id)) return;
      say(true, "shieldlab-rp REFUSED executor=" + id + " host=" + e.taskInfo().host() + " reason=no-ear: it started task "
          + e.taskInfo().taskId() + " without presenting a verified EAR; the data key is withheld from it"
          + (killUnattested ? "; killing it" : ""));
      if (killUnattested) {
        try {
          sc.killAndReplaceExecutor(id);
        } catch (RuntimeException ex) {
          say(true, "shieldlab-rp could not kill executor=" + id + ": " + ex);
        }
      }
    }
  }

  /** Keeps `alive`: every registered executor until it is removed (exited, killed, lost). */
  private final class Roster extends SparkListener {
    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded e) {
      alive.add(e.executorId());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
      alive.remove(e.executorId());
    }
  }

  /**
   * Waits (at most `timeoutMs`) until every executor that registered and is still alive has sent its attestation report,
   * so that a short job does not end — and take its executors with it — while one of them is still attesting. Called by
   * the fixture jobs before they stop their context; true when no report is missing (or attestation is off).
   */
  public static boolean awaitReports(long timeoutMs) {
    AttestationDriverPlugin p = active;
    if (p == null) return true;
    long start = System.nanoTime();
    long deadline = start + timeoutMs * 1_000_000L;
    Set<String> missing;
    while (!(missing = p.missingReports()).isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long waited = (System.nanoTime() - start) / 1_000_000L;
    say(!missing.isEmpty(), "shieldlab-rp waited " + waited + " ms for executor reports: "
        + (missing.isEmpty() ? "every registered executor reported" : "still missing from executor(s) " + missing));
    return missing.isEmpty();
  }

  private Set<String> missingReports() {
    Set<String> out = new java.util.TreeSet<>(alive);
    out.removeAll(reports.keySet());
    return out;
  }

  private static void say(boolean warn, String line) {
    if (warn) LOG.warn(line);
    else LOG.info(line);
    System.out.println(line);
  }

  /** The job's data key when this driver brokers it (attestation and driver enforcement on), else null. */
  public static byte[] brokeredDataKey() {
    AttestationDriverPlugin p = active;
    return p == null || p.dataKey == null ? null : p.dataKey.clone();
  }

  /** executorId → latest report (read-only view). */
  public Map<String, AttestationReport> reports() {
    return Collections.unmodifiableMap(reports);
  }

  public String summaryLine() {
    int affirming = 0;
    for (AttestationReport r : reports.values()) if (r.result().affirming()) affirming++;
    return "shieldlab-attestation-summary appraised=" + reports.size() + " affirming=" + affirming
        + " refused=" + (reports.size() - affirming) + (rp != null ? " rpRefused=" + refused.size() : "");
  }

  @Override
  public void shutdown() {
    String line = summaryLine();
    LOG.info(line);
    System.err.println(line);
  }
}
