// The vocabulary of an IMA policy (Documentation/ABI/testing/ima_policy, security/integrity/ima/ima_policy.c).

export const IMA_ACTIONS = ["measure", "dont_measure", "appraise", "dont_appraise", "audit", "hash", "dont_hash"] as const;
export type ImaAction = (typeof IMA_ACTIONS)[number];

/** Hook names the kernel accepts; FILE_MMAP and PATH_CHECK are its aliases of MMAP_CHECK and FILE_CHECK. */
export const IMA_FUNCS = [
  "BPRM_CHECK",
  "CREDS_CHECK",
  "MMAP_CHECK",
  "MMAP_CHECK_REQPROT",
  "FILE_CHECK",
  "MODULE_CHECK",
  "FIRMWARE_CHECK",
  "KEXEC_KERNEL_CHECK",
  "KEXEC_INITRAMFS_CHECK",
  "POLICY_CHECK",
  "KEXEC_CMDLINE",
  "KEY_CHECK",
  "CRITICAL_DATA",
  "SETXATTR_CHECK",
] as const;
export type ImaFunc = (typeof IMA_FUNCS)[number];
export const IMA_FUNC_ALIASES: Readonly<Record<string, ImaFunc>> = { FILE_MMAP: "MMAP_CHECK", PATH_CHECK: "FILE_CHECK" };
/** Hooks that measure a buffer, not a file: the kernel allows only a few conditions on them. */
export const IMA_BUFFER_FUNCS: readonly ImaFunc[] = ["KEXEC_CMDLINE", "KEY_CHECK", "CRITICAL_DATA"];

/** include/linux/fs.h values. */
export const IMA_MASK_BITS = { MAY_EXEC: 0x1, MAY_WRITE: 0x2, MAY_READ: 0x4, MAY_APPEND: 0x8 } as const;
export type ImaMaskName = keyof typeof IMA_MASK_BITS;
export const IMA_MASK_NAMES = Object.keys(IMA_MASK_BITS) as ImaMaskName[];

/** Template names built into the kernel (ima_template.c builtin_templates). */
export const IMA_TEMPLATES = ["ima", "ima-ng", "ima-ngv2", "ima-sig", "ima-sigv2", "ima-buf", "ima-modsig", "evm-sig"] as const;
export type ImaTemplateName = (typeof IMA_TEMPLATES)[number];

export const IMA_APPRAISE_TYPES = ["imasig", "imasig|modsig", "sigv3"] as const;
export type ImaAppraiseType = (typeof IMA_APPRAISE_TYPES)[number];

/** Hash algorithm names appraise_algos= accepts (crypto/hash_info.c names the emulation knows). */
export const IMA_HASH_ALGO_NAMES = ["md5", "sha1", "rmd160", "sha256", "sha384", "sha512", "sha224", "sm3", "streebog256", "streebog512"] as const;

/** uid/euid/gid/egid/fowner/fgroup take =, < or >. */
export const IMA_ID_KEYWORDS = ["uid", "euid", "gid", "egid", "fowner", "fgroup"] as const;
export type ImaIdKeyword = (typeof IMA_ID_KEYWORDS)[number];

export const IMA_LSM_KEYWORDS = ["subj_user", "subj_role", "subj_type", "obj_user", "obj_role", "obj_type"] as const;
export type ImaLsmKeyword = (typeof IMA_LSM_KEYWORDS)[number];

/** Keywords written `key=value`. */
export const IMA_VALUE_KEYWORDS = [
  "func",
  "mask",
  "fsmagic",
  "fsuuid",
  "fsname",
  ...IMA_ID_KEYWORDS,
  ...IMA_LSM_KEYWORDS,
  "template",
  "pcr",
  "appraise_type",
  "appraise_flag",
  "appraise_algos",
  "digest_type",
  "keyrings",
  "label",
] as const;
export type ImaValueKeyword = (typeof IMA_VALUE_KEYWORDS)[number];

/** Keywords written alone. */
export const IMA_FLAG_KEYWORDS = ["permit_directio"] as const;

/** The kernel's measured_pcrs bitmap is an unsigned long: PCR indices 0..63. */
export const IMA_MAX_PCR = 63;
/** CONFIG_IMA_MEASURE_PCR_IDX. */
export const IMA_DEFAULT_PCR = 10;
