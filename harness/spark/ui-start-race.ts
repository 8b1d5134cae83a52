// A Spark 4.0 start-up race that spark-submit retries once (see isUiStartRace).

/** Where sparkSubmit keeps spark-submit's output of an attempt that lost the race (in SubmitRequest.logDir). */
export const UI_START_RACE_LOG = "submit-ui-start-race.log";

/**
 * Spark 4.0's client-mode driver can die while SparkContext starts: the YARN AM's web filter (AmIpFilter) is added to
 * the UI's handlers from an RPC thread while the main thread starts those handlers, and Jetty's
 * ServletHandler.initialize throws ConcurrentModificationException — or, the other face of the same race, its
 * updateMappings finds the filter's mapping before the filter itself: "IllegalStateException: No filter named
 * org.apache.spark.deploy.yarn.AmIpFilter" (seen once, 2026-12-07, in attestation/att-ima-log-tamper-control). An upstream
 * race, before any job or attestation ran; seen about once in ~400 submits here. sparkSubmit runs a submit that failed
 * so once more (its result says so).
 */
export function isUiStartRace(r: { exitCode: number; stderr: string }): boolean {
  if (r.exitCode === 0 || !r.stderr.includes("Error initializing SparkContext")) return false;
  const concurrent = /ConcurrentModificationException\s+at [^\n]*\n(?:\s+at [^\n]*\n){0,4}?\s+at org\.sparkproject\.jetty\.servlet\.ServletHandler\.initialize/;
  const noFilter = /IllegalStateException: No filter named org\.apache\.spark\.deploy\.yarn\.AmIpFilter\s+at org\.sparkproject\.jetty\.servlet\.ServletHandler\.updateMappings/;
  return concurrent.test(r.stderr) || noFilter.test(r.stderr);
}
