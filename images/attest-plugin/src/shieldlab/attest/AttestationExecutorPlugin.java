package shieldlab.attest;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;

/**
 * Executor side: attests once in init, before the executor accepts tasks. A non-affirming result or an
 * agent failure throws, which makes the executor exit (on YARN: a failed container) — unless failOpen.
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
    boolean failOpen = conf.getBoolean(AttestationConf.FAIL_OPEN, false);
    String agentClass = conf.get(AttestationConf.AGENT_CLASS, AttestationConf.DEFAULT_AGENT_CLASS);
    String appId = conf.getOption("spark.app.id").getOrElse(() -> "unknown");

    AttestationResult result;
    Throwable failure = null;
    try {
      AttestationAgent agent = instantiate(agentClass);
      result = agent.attest(new AttestationRequest(appId, executorId, host, AttestationConf.settings(conf)));
      if (result == null) throw new IllegalStateException(agentClass + ".attest returned null");
    } catch (Exception | LinkageError e) {
      // LinkageError too (e.g. a missing class of the agent): not NonFatal-safe in Spark, and still "could not attest"
      failure = e;
      result = AttestationResult.error(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    boolean pass = result.affirming();
    AttestationReport report = new AttestationReport(executorId, host, result, !pass && failOpen);
    System.err.println(report.logLine());
    tellDriver(ctx, report);
    if (pass) return;

    String why = failure instanceof VerifierUnreachableException
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

  /** ask (not send) so that the report reaches the driver before a refused executor exits. */
  private static void tellDriver(PluginContext ctx, AttestationReport report) {
    try {
      ctx.ask(report);
    } catch (Exception e) {
      System.err.println("shieldlab-attestation executor=" + report.executorId() + " could not report to the driver: " + e);
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
