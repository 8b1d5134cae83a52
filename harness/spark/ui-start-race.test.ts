import { describe, expect, it } from "vitest";
import { isUiStartRace } from "./ui-start-race.ts";

// spark-submit's stderr when the driver lost the race (Spark 4.0.5, YARN client mode), trimmed
const RACE = `26/11/30 20:42:31 ERROR SparkContext: Error initializing SparkContext.
java.util.ConcurrentModificationException
	at java.base/java.util.ArrayList$ArrayListSpliterator.forEachRemaining(ArrayList.java:1631)
	at java.base/java.util.stream.Streams$ConcatSpliterator.forEachRemaining(Streams.java:734)
	at java.base/java.util.stream.ReferencePipeline$Head.forEach(ReferencePipeline.java:762)
	at org.sparkproject.jetty.servlet.ServletHandler.initialize(ServletHandler.java:749)
	at org.sparkproject.jetty.servlet.ServletContextHandler.startContext(ServletContextHandler.java:392)
	at org.apache.spark.ui.SparkUI.attachAllHandlers(SparkUI.scala:82)
Exception in thread "main" java.util.ConcurrentModificationException
`;

// the same race's other face (Spark 4.0.5, attestation/att-ima-log-tamper-control on 2026-12-07), trimmed
const NO_FILTER = `26/12/07 11:42:58 ERROR SparkContext: Error initializing SparkContext.
java.lang.IllegalStateException: No filter named org.apache.spark.deploy.yarn.AmIpFilter
	at org.sparkproject.jetty.servlet.ServletHandler.updateMappings(ServletHandler.java:1301)
	at org.sparkproject.jetty.servlet.ServletHandler.doStart(ServletHandler.java:181)
Exception in thread "main" java.lang.IllegalStateException: No filter named org.apache.spark.deploy.yarn.AmIpFilter
`;

describe("isUiStartRace", () => {
  it("knows the other face of the race: the AmIpFilter's mapping before the filter", () => {
    expect(isUiStartRace({ exitCode: 1, stderr: NO_FILTER })).toBe(true);
    expect(isUiStartRace({ exitCode: 1, stderr: NO_FILTER.replace("AmIpFilter", "SomeOtherFilter") })).toBe(false);
  });
  it("knows the driver that died starting its UI", () => {
    expect(isUiStartRace({ exitCode: 1, stderr: RACE })).toBe(true);
  });
  it("is not fooled by a submit that succeeded, another start failure, or a ConcurrentModificationException elsewhere", () => {
    expect(isUiStartRace({ exitCode: 0, stderr: RACE })).toBe(false);
    expect(isUiStartRace({ exitCode: 1, stderr: "ERROR SparkContext: Error initializing SparkContext.\norg.apache.hadoop.security.AccessControlException: denied\n" })).toBe(false);
    const elsewhere = "ERROR SparkContext: Error initializing SparkContext.\njava.util.ConcurrentModificationException\n\tat java.base/java.util.HashMap$HashIterator.nextNode(HashMap.java:1605)\n\tat org.apache.spark.SparkConf.getAll(SparkConf.scala:1)\n";
    expect(isUiStartRace({ exitCode: 1, stderr: elsewhere })).toBe(false);
  });
});
