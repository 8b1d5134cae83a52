import { appState, daemonKeytabLogins, defineScenario, keytabTheftAttack, keytabTheftOutcome, longPi } from "../../harness/index.ts";
import { dseTopology } from "../../fixtures/tenancy/dse-matrix.ts";

// krb-keytab-theft — a documented weakness of secure mode without Hadoop's native container-executor: with the
// DefaultContainerExecutor every YARN container runs as the NodeManager's own OS user, so tim's container reads the
// NodeManager's keytab, logs in as nm/<host> (auth_to_local maps it to yarn, the YARN admin) and has the RM kill
// john's app, which tim's own ticket could not (secure/krb-spoof-user: 403).
// Fix (seed 003): the LinuxContainerExecutor — containers run as the submitting user, the keytab stays root-only.
// No control here: the fix needs the setuid container-executor, built only from Hadoop's source release, which no
// registry reachable here ships; with the DefaultContainerExecutor no file the NodeManager can read is out of its
// containers' reach (same user, same mount namespace). README "Secure mode: what is not here" says so.
export default defineScenario({
  name: "secure/krb-keytab-theft",
  description: "documented weakness (reported vulnerable): tim's YARN container reads the NodeManager's keytab, becomes nm/<host> and kills john's app; fix: LinuxContainerExecutor",
  suites: ["default", "secure"],
  topology: dseTopology,
  security: { profile: "acls", kerberos: {} },
  workload: [longPi({ id: "john-pi", tenant: "john" }), keytabTheftAttack({ attacker: "tim", target: "john-pi" })],
  finding: {
    kind: "documented-weakness",
    evidence: "theft",
    fix: "the LinuxContainerExecutor (setuid container-executor): containers run as the submitting user and cannot read the NodeManager's root-only keytab",
  },
  checkers: {
    // the KDC issued a TGT to the NodeManager's principal for a request from the container's address (its
    // NodeManager's) while the attack ran, and the RM's audit log shows the kill it accepted with that identity
    theft: keytabTheftOutcome("keytab-theft", "stolen"),
    daemons: daemonKeytabLogins(),
    app: appState("KILLED", undefined, { steps: ["john-pi"] }),
  },
});
