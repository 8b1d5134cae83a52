package shieldlab.attest;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * {@code spark.plugins=shieldlab.attest.AttestationPlugin}: executors attest at start-up
 * (spark.remote.attestation.enable=true) and do not start unless the verifier affirms them.
 */
public final class AttestationPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return new AttestationDriverPlugin();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new AttestationExecutorPlugin();
  }
}
