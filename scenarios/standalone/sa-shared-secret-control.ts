import { defineScenario, driverOutputMatches, rogueOutcome, standaloneSecretHolder, standaloneSubmit } from "../../harness/index.ts";

// Control of standalone/sa-shared-secret: the same client of bob's against alice's driver, holding a secret of its
// own instead of the cluster's: alice's driver refuses it (its SASL refusal, in its own log). So the driver does
// authenticate, and what let bob in was the one shared secret.
export default defineScenario({
  name: "standalone/sa-shared-secret-control",
  description: "control: bob's process with a secret of its own is refused by alice's driver (the driver's SASL refusal in its log)",
  suites: ["standalone", "default"],
  topology: { manager: "standalone", workers: 1, tenants: ["alice", "bob"] },
  security: "auth",
  workload: [standaloneSubmit({ id: "driver", tenant: "alice", hold: true }), standaloneSecretHolder({ id: "rogue", target: "driver", actor: "bob", secret: "own" })],
  finding: { kind: "control", evidence: "rogue" },
  checkers: {
    rogue: rogueOutcome("rogue", "refused"),
    driver: driverOutputMatches(/^Pi is roughly 3\.1/, ["driver"]),
  },
});
