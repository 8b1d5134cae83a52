package shieldlab.attest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The data-key gate's workload: its input records are sealed (AES-256-GCM) under the job's data key. With the
 * attestation plugin's driver enforcement on, the key is brokered: tasks get it only from their executor's plugin,
 * after the driver verified that executor's EAR; with it off the key travels with the job (no broker).
 * Args: partitions records canary. Prints "sealed-input: ..." on success.
 */
public final class SealedInputJob {
  private SealedInputJob() {}

  public static void main(String[] args) throws Exception {
    int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String canary = args.length > 2 ? args[2] : "SHIELDLAB-SEALED-CANARY";
    try (JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setAppName("SealedInput"))) {
      byte[] brokered = AttestationDriverPlugin.brokeredDataKey();
      byte[] key = brokered != null ? brokered : DataKeys.newKey();
      List<byte[]> sealed = new ArrayList<>(records);
      for (int i = 0; i < records; i++) sealed.add(DataKeys.seal(key, canary + "-" + i));
      final byte[] shipped = brokered != null ? null : key; // no broker: the key goes with the tasks
      System.out.println("sealed-input: " + records + " records sealed; data key " + (brokered != null
          ? "brokered by the attestation plugin (only executors with a verified EAR get it)" : "shipped with the job (no broker)"));
      JavaRDD<byte[]> rdd = jsc.parallelize(sealed, partitions);
      long matched = rdd.mapPartitions((Iterator<byte[]> it) -> {
        byte[] k = shipped != null ? shipped : DataKeys.require();
        long n = 0;
        while (it.hasNext()) if (DataKeys.open(k, it.next()).startsWith(canary)) n++;
        return Collections.singletonList(n).iterator();
      }).reduce(Long::sum);
      System.out.println("sealed-input: decrypted " + matched + " of " + records + " records");
    }
  }
}
