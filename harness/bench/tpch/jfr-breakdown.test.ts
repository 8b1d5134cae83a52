import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir } from "../../util/paths.ts";
import { buildTree, renderFlameGraph } from "./flame-graph.ts";
import { bytesThroughCipher, cipherFloorSeconds, classifyStack, emptyProfile, extraSeconds, foldJfrText, frameCategory, frameName, inWindow, jfrTime, readJfr, shares } from "./jfr-breakdown.ts";

// a real recording (JDK 17, settings=fixtures/bench/jfr/shieldlab-cpu.jfc, 120 KB) of fixtures/bench/jfr/JfrWorkload.java: AES-GCM, Java serialization,
// Deflater and arithmetic in turn for 4 s
const recording = join(fixturesDir, "bench", "jfr", "workload.jfr");

describe("frame classification", () => {
  it("names frames without arguments or line numbers", () => {
    expect(frameName("    java.util.zip.Deflater.deflate(byte[]) line: 484")).toBe("java.util.zip.Deflater.deflate");
    expect(frameName("jdk.internal.misc.Unsafe.copyMemory0(Object, long, Object, long, long)")).toBe("jdk.internal.misc.Unsafe.copyMemory0");
  });
  it("puts each library in its category", () => {
    expect(frameCategory("com.sun.crypto.provider.GHASH.processBlocks")).toBe("cipher");
    expect(frameCategory("com.google.crypto.tink.subtle.AesGcmHkdfStreaming$AesGcmHkdfStreamEncrypter.encryptSegment")).toBe("cipher");
    expect(frameCategory("org.apache.spark.network.protocol.MessageEncoder.encode")).toBe("network");
    expect(frameCategory("io.netty.buffer.PooledByteBuf.getBytes")).toBe("network");
    expect(frameCategory("io.netty.handler.ssl.SslHandler.wrap")).toBe("cipher");
    expect(frameCategory("com.esotericsoftware.kryo.Kryo.writeObject")).toBe("serialization");
    expect(frameCategory("net.jpountz.lz4.LZ4JNICompressor.compress")).toBe("compression");
    expect(frameCategory("org.apache.parquet.column.impl.ColumnReaderBase.readValue")).toBe("parquet");
    expect(frameCategory("org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage1.processNext")).toBe("operators");
    expect(frameCategory("org.apache.spark.sql.execution.joins.LongToUnsafeRowMap.getValue")).toBe("operators");
    expect(frameCategory("org.apache.spark.util.collection.unsafe.sort.UnsafeSorterSpillReader.loadNext")).toBe("shuffle-sort");
    expect(frameCategory("org.apache.spark.shuffle.sort.BypassMergeSortShuffleWriter.write")).toBe("shuffle-sort");
    expect(frameCategory("org.codehaus.janino.UnitCompiler.compile2")).toBe("planning");
    // before "operators": CodeGenerator lives under catalyst.expressions
    expect(frameCategory("org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator$.doCompile")).toBe("planning");
    // a row written to a shuffle stream is serialization, not the row's own work
    expect(frameCategory("org.apache.spark.sql.catalyst.expressions.UnsafeRow.writeToStream")).toBe("serialization");
  });
  it("a sample belongs to its leaf-most recognised frame", () => {
    expect(classifyStack(["java.nio.ByteBuffer.put", "org.apache.spark.network.util.TransportFrameDecoder.decode", "io.netty.channel.AbstractChannelHandlerContext.invokeChannelRead"])).toBe("network");
    expect(classifyStack(["com.sun.crypto.provider.AESCrypt.implEncryptBlock", "org.apache.spark.network.crypto.TransportCipher$EncryptedMessage.transferTo"])).toBe("cipher");
    expect(classifyStack(["java.lang.Math.max", "Foo.bar"])).toBe("other");
    // seen in a real Spark 4.0.5 recording: inflating a jar entry while loading a class is class loading, not compression
    expect(classifyStack(["java.util.zip.Inflater.inflateBytesBytes", "java.util.zip.InflaterInputStream.read", "jdk.internal.loader.Resource.getBytes", "jdk.internal.loader.BuiltinClassLoader.defineClass"])).toBe("classload");
    expect(classifyStack(["java.util.zip.Deflater.deflateBytesBytes", "org.apache.hadoop.io.WritableUtils.writeCompressedByteArray"])).toBe("compression");
    // memory copies and decimals serve every category: their caller decides (seen in Spark 4.0.5 TPC-H recordings)
    expect(classifyStack(["org.apache.spark.unsafe.Platform.copyMemory", "org.apache.spark.util.collection.unsafe.sort.UnsafeSorterSpillReader.loadNext"])).toBe("shuffle-sort");
    expect(classifyStack(["java.math.BigInteger.stripLeadingZeroBytes", "org.apache.spark.sql.types.Decimal$.createUnsafe", "org.apache.parquet.column.values.plain.BinaryPlainValuesReader.readBytes"])).toBe("parquet");
    // and when nothing else claims them, they are the query's own work
    expect(classifyStack(["java.math.BigInteger.toByteArray", "org.apache.spark.sql.types.Decimal.toBigDecimal", "java.lang.Thread.run"])).toBe("operators");
  });
});

describe("jfr print text", () => {
  it("folds samples, skips native samples that only wait, sums GC pauses", () => {
    const text = [
      "jdk.ExecutionSample {", "  startTime = 09:50:01.028", '  sampledThread = "main" (javaThreadId = 1)', "  stackTrace = [", "    com.sun.crypto.provider.GHASH.processBlocks(byte[], int, int, long[], long[]) line: 264", "    Main.main(String[]) line: 3", "  ]", "}", "",
      "jdk.NativeMethodSample {", "  stackTrace = [", "    sun.nio.ch.EPoll.wait(int, long, int, int)", "    ...", "  ]", "}",
      "jdk.NativeMethodSample {", "  stackTrace = [", "    java.util.zip.Deflater.deflateBytesBytes(long, byte[], int, int, byte[], int, int, int, int)", "    Main.main(String[]) line: 9", "  ]", "}",
      "jdk.GarbageCollection {", "  duration = 6.58 ms", "  sumOfPauses = 6.58 ms", "}",
      "jdk.GarbageCollection {", "  sumOfPauses = 1.5 s", "}",
    ].join("\n");
    const p = foldJfrText(text);
    expect(p.totalSamples).toBe(2);
    expect(p.cpuMs.cipher).toBe(10);
    expect(p.cpuMs.compression).toBe(20); // a native sample weighs the native period
    expect(p.gcPauseMs).toBeCloseTo(1506.58, 6);
    expect([...p.folded]).toEqual([["Main.main;com.sun.crypto.provider.GHASH.processBlocks", 10], ["Main.main;java.util.zip.Deflater.deflateBytesBytes", 20]]);
  });

  it("with a window, keeps only the events that start inside it (time of day, across midnight too)", () => {
    const sample = (at: string, frame: string) => ["jdk.ExecutionSample {", `  startTime = ${at}`, "  stackTrace = [", `    ${frame}() line: 1`, "  ]", "}"];
    const gc = (at: string) => ["jdk.GarbageCollection {", `  startTime = ${at}`, "  sumOfPauses = 5 ms", "}"];
    const text = [...sample("23:59:59.500", "javax.crypto.Cipher.doFinal"), ...gc("23:59:59.900"), ...sample("00:00:00.400", "io.netty.buffer.ByteBuf.getBytes"), ...sample("00:00:02.000 (2026-12-08)", "org.apache.parquet.Foo.bar"), ...gc("23:59:58.000")].join("\n");
    const w = { startMs: Date.parse("2026-12-07T23:59:59.400Z"), endMs: Date.parse("2026-12-08T00:00:01.000Z") };
    const p = foldJfrText(text, undefined, undefined, [w]);
    expect(p.cpuMs.cipher).toBe(10);
    expect(p.cpuMs.network).toBe(10);
    expect(p.cpuMs.parquet).toBe(0); // dated, after the window
    expect(p.gcPauseMs).toBe(5);
    expect(foldJfrText(text).totalSamples).toBe(3);
    expect(jfrTime("14:23:45.238")).toEqual({ msOfDay: 51_825_238 });
    expect(jfrTime("14:23:45.238 (2026-12-07)")?.epochMs).toBe(Date.parse("2026-12-07T14:23:45.238Z"));
    expect(jfrTime("later")).toBeUndefined();
    expect(inWindow({ msOfDay: 51_825_238 }, { startMs: Date.parse("2026-12-07T14:23:45.000Z"), endMs: Date.parse("2026-12-07T14:23:46.000Z") })).toBe(true);
    expect(inWindow({ msOfDay: 51_825_238 }, { startMs: Date.parse("2026-12-07T14:23:46.000Z"), endMs: Date.parse("2026-12-07T14:30:00.000Z") })).toBe(false);
  });

  it("a real recording: cipher, serialization and compression each take a visible share", async () => {
    const p = await readJfr(recording);
    expect(p.totalSamples).toBeGreaterThan(100);
    const s = Object.fromEntries(shares(p).map((r) => [r.category, r.share]));
    expect(s.cipher).toBeGreaterThan(0.05);
    expect(s.serialization).toBeGreaterThan(0.05);
    expect(s.compression).toBeGreaterThan(0.01);
    expect(s.other).toBeGreaterThan(0.05);
    expect(p.gcPauseMs).toBeGreaterThan(0);
    expect(Object.values(s).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const svg = renderFlameGraph(p.folded, { title: "workload" });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/<title>[^<]*com\.sun\.crypto\.provider\.[^<]*<\/title><rect [^>]*fill="#d1242f"/);
  });

  it("refuses a file jfr cannot read, naming it", async () => {
    await expect(readJfr(join(fixturesDir, "bench", "jfr", "JfrWorkload.java"))).rejects.toThrow(/jfr print .*JfrWorkload\.java failed/);
  });
});

describe("extra seconds and the cipher's floor", () => {
  it("per category per app, profile minus baseline", () => {
    const base = emptyProfile();
    base.cpuMs.other = 10_000;
    const gcm = emptyProfile();
    gcm.cpuMs.other = 20_000;
    gcm.cpuMs.cipher = 1000;
    gcm.cpuMs.network = 3000;
    const rows = Object.fromEntries(extraSeconds(gcm, 2, base, 1).map((r) => [r.category, r.extraS]));
    expect(rows).toMatchObject({ other: 0, cipher: 0.5, network: 1.5, gc: 0 });
  });
  it("floor: 48 MB each way at 4300 MB/s is ≈ 22 ms", () => {
    const bytes = bytesThroughCipher({ network: true, io: false }, { shuffleRemoteReadBytes: 48e6, shuffleWriteBytes: 96e6, diskSpillBytes: 0 });
    expect(bytes).toBe(96e6);
    expect(cipherFloorSeconds(bytes, 4300)).toBeCloseTo(0.0223, 4);
    expect(bytesThroughCipher({ network: false, io: true }, { shuffleRemoteReadBytes: 1, shuffleWriteBytes: 10, diskSpillBytes: 5 })).toBe(30);
  });
  it("the flame tree's widths add up", () => {
    const t = buildTree(new Map([["a;b", 2], ["a;c", 3], ["d", 1]]));
    expect(t.value).toBe(6);
    expect(t.children.get("a")!.value).toBe(5);
  });
});
