package shieldlab.attest;

/**
 * Produces an attestation result for one executor. Implementations need a public no-argument
 * constructor: the plugin instantiates {@code spark.remote.attestation.agent.class} by reflection.
 * Throwing means "could not attest" (the plugin fails closed unless failOpen is set).
 */
public interface AttestationAgent {
  AttestationResult attest(AttestationRequest request) throws Exception;
}
