import { defineScenario, driverOutputMatches, rogueOutcome, standaloneSecretHolder, standaloneSubmit } from "../../harness/index.ts";

// Seed 002's point (the DSE Resource Manager): on a standalone cluster `spark.authenticate.secret` is one secret for
// the master, the workers and every application of every tenant — Spark generates a secret per application only on
// YARN, local and Kubernetes. bob takes it from the cluster's spark-defaults.conf (every tenant reads it: his own apps
// need it) and his process authenticates to alice's driver with Spark's own SASL client, and is served.
// Control: standalone/sa-shared-secret-control (bob's process with a secret of its own is refused by the same driver).
// YARN's answer: tenancy/ten-shared-secret-control (per-app secrets).
export default defineScenario({
  name: "standalone/sa-shared-secret",
  description: "Standalone with spark.authenticate: bob's process, holding the cluster's one secret as every tenant's app does, authenticates to alice's driver and is served (by design)",
  suites: ["standalone", "default"],
  topology: { manager: "standalone", workers: 1, tenants: ["alice", "bob"] },
  security: "auth",
  workload: [standaloneSubmit({ id: "driver", tenant: "alice", hold: true }), standaloneSecretHolder({ id: "rogue", target: "driver", actor: "bob", secret: "cluster" })],
  finding: {
    kind: "documented-weakness",
    control: "standalone/sa-shared-secret-control",
    evidence: "rogue",
    fix: "per-application secrets: run tenants' apps on YARN (or Kubernetes), where Spark generates a secret per app (tenancy/ten-shared-secret-control); on standalone, one cluster per tenant",
  },
  checkers: {
    rogue: rogueOutcome("rogue", "accepted"),
    driver: driverOutputMatches(/^Pi is roughly 3\.1/, ["driver"]),
  },
});
