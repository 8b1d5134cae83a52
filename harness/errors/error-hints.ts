// What a person can do about each error code: the `hint:` line under `error [CODE]: message`.
// Every code needs an entry (the Record type enforces it); a thrower with better advice passes `hint`.
import type { HarnessErrorCode } from "./harness-error.ts";

export const ERROR_HINTS: Record<HarnessErrorCode, string> = {
  ENGINE_UNAVAILABLE: "start the Docker engine (as root: bash scripts/bootstrap-engine.sh), check `docker info` answers, then run again",
  IMAGE_BUILD_FAILED: "read the build log tail above; `npx shieldlab images` rebuilds only what changed",
  CHECKSUM_MISMATCH: "a download differs from its pinned checksum: remove .cache/ entries for it and retry; if it persists, the pin is wrong",
  INVALID_INPUT: "check the value named above; `npx shieldlab <command> --help` lists the accepted values",
  CLUSTER_START_FAILED: "read the container log tail above; `--keep` leaves the cluster up for `docker exec`, `npx shieldlab down` removes it",
  CLUSTER_NOT_READY: "a daemon did not come up in time: read the log tail above and the run's harness.log; on a busy machine run fewer things at once",
  SUBMIT_FAILED: "read the spark-submit output above; `npx shieldlab up` + `npx shieldlab submit` reproduce it by hand",
  YARN_API_ERROR: "the ResourceManager REST API answered unexpectedly: check the RM log (artifacts/latest/<scenario>/logs)",
  TIMEOUT: "the message says what was awaited and its last state; look at the logs of that component in artifacts/latest/",
  SCENARIO_LOAD_FAILED: "fix the scenario file at the key paths listed; `npx shieldlab run --list` loads every file without starting anything",
  INTERRUPTED: "the run was stopped; reports so far are in artifacts/latest/, leftovers go with `npx shieldlab down`",
  IMA_POLICY_INVALID: "fix the IMA policy rule named above (grammar: `measure func=FILE_CHECK mask=MAY_READ fowner=1001`)",
  CCA_TOKEN_INVALID: "the CCA attestation token is malformed or mis-signed; the message names the claim or signature at fault",
  RATLS_INVALID: "the attested TLS exchange failed: check the verifier's log in the scenario's artifacts",
  ATTESTATION_REFUSED: "the verifier refused the evidence; its audit record in the scenario's artifacts says which check failed",
  VERIFIER_UNREACHABLE: "the attestation verifier did not answer: check its container log in the scenario's artifacts",
  TSM_REPORT_FAILED: "the configfs-tsm report interface failed: check the device emulation log in the scenario's artifacts",
  DEVICE_UNAVAILABLE: "an emulated device or helper could not start: read the log tail above",
  EXEC_FAILED: "Docker could not run a command in a cluster container (it may have stopped): see the node's log under artifacts/<run>/<scenario>/logs",
  IMAGE_ARCHIVE_FAILED: "check the folder's free space and permissions (`df -h DIR`); a damaged archive is skipped on load and its image built instead",
  LAYER_FAILED: "a cluster layer (attestation, capture, proxy) failed: read the log tail above; `shieldlab down` clears what it left",
};

/** A fallback for errors that are not HarnessErrors: a bug in the harness, not in the input. */
export const INTERNAL_ERROR_HINT = "this looks like a harness bug: rerun with --debug for the stack trace and report it with artifacts/latest/harness.log";
