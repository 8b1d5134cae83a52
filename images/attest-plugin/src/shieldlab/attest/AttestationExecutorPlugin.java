package shieldlab.attest;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;

/**
 * Executor side: attests once in init, before the executor accepts tasks (Spark offers it no task before init
 * returns: the backend sends LaunchedExecutor only after the Executor, plugins included, is constructed). The
 * challenge comes from the driver (bound to this executor id), the signed EAR goes back to the driver, which
 * verifies it and answers with its verdict and, when accepted, the job's data key. A non-affirming result, a refused
 * EAR or an agent failure throws, which makes the executor exit (on YARN: a failed container) — unless failOpen.
 */
public final class AttestationExecutorPlugin implements ExecutorPlugin {

  @Override
  public void init(PluginContext ctx, Map<String, String> extraConf) {
    SparkConf conf = ctx.conf();
    String executorId = ctx.executorID();
    // not ctx.hostname(): an executor's RpcEnv is client-only, its address() is null (NPE in PluginContextImpl)
    String host = localHostName();
    if (!conf.getBoolean(AttestationConf.ENABLE, false)) {
      System.err.println(AttestationReport.disabledLine(executorId));
      return;
    }
    if (skipFault(conf.get(AttestationConf.FAULTS_FILE, AttestationConf.DEFAULT_FAULTS_FILE))) {
      // the att-skip-plugin attack: this node's plugin behaves as if its own configuration switched attestation off
      System.err.println(AttestationReport.disabledLine(executorId) + " (fault skipAttestation: no challenge, no EAR, nothing sent to the driver)");
      return;
    }
    boolean failOpen = conf.getBoolean(AttestationConf.FAIL_OPEN, false);
    String agentClass = conf.get(AttestationConf.AGENT_CLASS, AttestationConf.DEFAULT_AGENT_CLASS);
    String appId = conf.getOption("spark.app.id").getOrElse(() -> "unknown");

    String nonce = askChallenge(ctx, executorId);
    AttestationResult result;
    Throwable failure = null;
    try {
      AttestationAgent agent = instantiate(agentClass);
      result = agent.attest(new AttestationRequest(appId, executorId, host, AttestationConf.settings(conf), nonce));
      if (result == null) throw new IllegalStateException(agentClass + ".attest returned null");
    } catch (Exception | LinkageError e) {
      // LinkageError too (e.g. a missing class of the agent): not NonFatal-safe in Spark, and still "could not attest"
      failure = e;
      result = AttestationResult.error(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    boolean affirming = result.affirming();
    AttestationReport report = new AttestationReport(executorId, host, result, !affirming && failOpen);
    System.err.println(report.logLine());
    Object reply = tellDriver(ctx, report);
    RelyingPartyVerdict verdict = reply instanceof RelyingPartyVerdict ? (RelyingPartyVerdict) reply : null;
    if (verdict != null) {
      System.err.println("shieldlab-attestation executor=" + executorId + " driver " + (verdict.accepted() ? "accepted" : "REFUSED") + " the EAR: " + verdict.reason());
      if (verdict.accepted()) DataKeys.set(verdict.dataKey());
    }
    boolean pass = affirming && (verdict == null || verdict.accepted());
    if (pass) return;

    String why = affirming
        ? "the driver refused the EAR: " + verdict.reason()
        : failure instanceof VerifierUnreachableException
        ? "verifier unreachable: " + failure.getMessage() + " (fail closed)"
        : failure != null
            ? "attestation error: " + failure.getClass().getSimpleName() + ": " + failure.getMessage() + " (fail closed)"
            : "attestation refused: status=" + result.status().wire() + " appraisal=" + result.appraisalId()
                + " reasons=" + result.reasonsText();
    if (failOpen) {
      String bar = "!".repeat(100);
      System.err.println(bar);
      System.err.println("shieldlab-attestation WARNING executor=" + executorId + " STARTS DESPITE FAILED ATTESTATION because "
          + AttestationConf.FAIL_OPEN + "=true (test-only negative control): " + why);
      System.err.println(bar);
      return;
    }
    throw new AttestationFailedException("executor " + executorId + " on " + host + ": " + why, failure);
  }

  static AttestationAgent instantiate(String className) throws ReflectiveOperationException {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) cl = AttestationExecutorPlugin.class.getClassLoader();
    Class<?> c = Class.forName(className, true, cl);
    if (!AttestationAgent.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException(AttestationConf.AGENT_CLASS + "=" + className + " does not implement "
          + AttestationAgent.class.getName());
    }
    return (AttestationAgent) c.getDeclaredConstructor().newInstance();
  }

  /** ask (not send) so that the report reaches the driver before a refused executor exits; returns its answer. */
  private static Object tellDriver(PluginContext ctx, AttestationReport report) {
    try {
      return ctx.ask(report);
    } catch (Exception e) {
      System.err.println("shieldlab-attestation executor=" + report.executorId() + " could not report to the driver: " + e);
      return null;
    }
  }

  /** The nonce the driver bound to this executor (standard base64), or null: the agent then asks the verifier itself. */
  private static String askChallenge(PluginContext ctx, String executorId) {
    try {
      Object r = ctx.ask(new ChallengeRequest(executorId));
      return r instanceof String && !((String) r).isEmpty() ? (String) r : null;
    } catch (Exception e) {
      System.err.println("shieldlab-attestation executor=" + executorId + " could not get a challenge from the driver: " + e);
      return null;
    }
  }

  /** True when the node's fault file says {"skipAttestation": true} (an unreadable or absent file: false). */
  static boolean skipFault(String file) {
    try {
      java.nio.file.Path p = java.nio.file.Paths.get(file);
      if (!java.nio.file.Files.isReadable(p)) return false;
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.toFile()).path("skipAttestation").asBoolean(false);
    } catch (Exception e) {
      return false;
    }
  }

  private static String localHostName() {
    String env = System.getenv("NM_HOST"); // set by YARN's NodeManager in every container
    if (env != null && !env.isEmpty()) return env;
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
