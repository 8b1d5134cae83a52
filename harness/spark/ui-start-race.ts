// A Spark 4.0 start-up race that spark-submit retries once (see isUiStartRace).

/** Where sparkSubmit keeps spark-submit's output of an attempt that lost the race (in SubmitRequest.logDir). */
export const UI_START_RACE_LOG = "submit-ui-start-race.log";

/**
 * Spark 4.0's client-mode driver can die while SparkContext starts: the YARN AM's web filter (AmIpFilter) is added to
 * the UI's handlers from an RPC thread while the main thread starts those handlers, and Jetty's
 * ServletHandler.initialize throws ConcurrentModificationException. An upstream race, before any job or attestation
 * ran; seen once in ~400 submits here. sparkSubmit runs a submit that failed so once more (its result says so).
 */
export function isUiStartRace(r: { exitCode: number; stderr: string }): boolean {
  return r.exitCode !== 0 && r.stderr.includes("Error initializing SparkContext") && /ConcurrentModificationException\s+at [^\n]*\n(?:\s+at [^\n]*\n){0,4}?\s+at org\.sparkproject\.jetty\.servlet\.ServletHandler\.initialize/.test(r.stderr);
}
