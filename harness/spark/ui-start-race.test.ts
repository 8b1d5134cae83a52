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

describe("isUiStartRace", () => {
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
