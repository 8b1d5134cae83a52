// The CCA token collection: tag 399 {44234, 44241} (default), tag 907 CMW form, or realm-only (virtCCA).
import { Tag, decodeCbor, encodeCbor, invalidToken, plainBytes, readArray, readBytes, readMap, readUint, refuseUnknownKeys } from "./cca-cbor.ts";

export const CCA_TOKEN_TAG = 399;
export const CCA_CMW_TAG = 907;
/** CoAP content format of a COSE_Sign1 inside the CMW collection. */
export const CMW_COSE_SIGN1_TYPE = 263;
export const PLATFORM_TOKEN_KEY = 44234;
export const REALM_TOKEN_KEY = 44241;
export type CollectionForm = "tag399" | "cmw907";

export interface CcaCollection {
  form: CollectionForm;
  /** Tagged COSE_Sign1 bytes of the platform token; absent in a realm-only (virtCCA) token. */
  platformToken?: Uint8Array;
  realmToken: Uint8Array;
}

/** Wraps the two signed tokens; a missing platform token gives a realm-only collection. */
export function encodeCcaCollection(c: CcaCollection): Uint8Array {
  const wrap = (b: Uint8Array): unknown => (c.form === "cmw907" ? [CMW_COSE_SIGN1_TYPE, plainBytes(b)] : plainBytes(b));
  const m = new Map<number, unknown>();
  if (c.platformToken) m.set(PLATFORM_TOKEN_KEY, wrap(c.platformToken));
  m.set(REALM_TOKEN_KEY, wrap(c.realmToken));
  return encodeCbor(new Tag(c.form === "cmw907" ? CCA_CMW_TAG : CCA_TOKEN_TAG, m));
}

/** Splits a collection into its sub-token bytes; accepts either tag and either key order. */
export function decodeCcaCollection(bytes: Uint8Array): CcaCollection {
  const top = decodeCbor(bytes, "CCA token");
  if (!(top instanceof Tag) || (Number(top.tag) !== CCA_TOKEN_TAG && Number(top.tag) !== CCA_CMW_TAG))
    throw invalidToken(`CCA token is ${top instanceof Tag ? `tag ${String(top.tag)}` : "untagged"}; expected tag 399 or 907`);
  const form: CollectionForm = Number(top.tag) === CCA_CMW_TAG ? "cmw907" : "tag399";
  const m = readMap(top.contents, `CCA token tag ${String(top.tag)} contents`);
  refuseUnknownKeys(m, new Set([PLATFORM_TOKEN_KEY, REALM_TOKEN_KEY]), "CCA token collection");
  const unwrap = (key: number, name: string): Uint8Array => {
    const where = `CCA token collection ${key} (${name})`;
    const v = m.get(key);
    if (form === "tag399") return readBytes(v, where);
    const pair = readArray(v, where);
    if (pair.length !== 2) throw invalidToken(`${where} has ${pair.length} elements; expected [263, bstr]`);
    const type = readUint(pair[0], `${where} content type`, 0xffff);
    if (type !== CMW_COSE_SIGN1_TYPE) throw invalidToken(`${where} content type is ${type}; expected ${CMW_COSE_SIGN1_TYPE}`);
    return readBytes(pair[1], `${where} token`);
  };
  if (!m.has(REALM_TOKEN_KEY)) throw invalidToken(`CCA token collection ${REALM_TOKEN_KEY} (realm token) is missing`);
  const realmToken = unwrap(REALM_TOKEN_KEY, "realm token");
  return m.has(PLATFORM_TOKEN_KEY) ? { form, platformToken: unwrap(PLATFORM_TOKEN_KEY, "platform token"), realmToken } : { form, realmToken };
}
