package shieldlab.attest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The job's data key on this JVM: on an executor it is set only by the attestation plugin after the driver accepted
 * the executor's EAR; tasks read it through require(). Also the AES-256-GCM sealing of the job's input records.
 */
public final class DataKeys {
  private DataKeys() {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;
  private static volatile byte[] key;

  /** Set by the executor plugin when the driver released the key. */
  static void set(byte[] k) {
    key = k == null ? null : k.clone();
  }

  /** The data key, or DataKeyWithheldException when this executor was not given one. */
  public static byte[] require() {
    byte[] k = key;
    if (k == null) {
      throw new DataKeyWithheldException("shieldlab-rp data key withheld: this executor holds no data key (the driver releases it only to"
          + " executors whose signed EAR it verified); its tasks cannot read the job's input");
    }
    return k.clone();
  }

  /** A fresh AES-256 key. */
  public static byte[] newKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return k;
  }

  /** iv ‖ AES-GCM(key, iv, text). */
  public static byte[] seal(byte[] k, String text) throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, iv));
    byte[] ct = c.doFinal(text.getBytes(StandardCharsets.UTF_8));
    byte[] out = Arrays.copyOf(iv, IV_BYTES + ct.length);
    System.arraycopy(ct, 0, out, IV_BYTES, ct.length);
    return out;
  }

  /** The text of a sealed record; throws when the key is wrong or the record was changed. */
  public static String open(byte[] k, byte[] sealed) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, sealed, 0, IV_BYTES));
    return new String(c.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
  }

  /** Thrown by require() on an executor without a released key. */
  public static final class DataKeyWithheldException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DataKeyWithheldException(String message) {
      super(message);
    }
  }
}
