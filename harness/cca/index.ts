// Public API of the emulated Arm CCA attestation token.
export { EmulatedCcaRealm, defaultPlatformClaims, type EmulatedCcaRealmOptions } from "./emulated-cca-realm.ts";
export { decodeCcaToken, type CcaFlavour, type DecodedCcaToken } from "./cca-token-decoder.ts";
export { verifyCcaToken, type VerifiedCcaToken, type VerifyCcaTokenOptions } from "./cca-token-verifier.ts";
export { buildCcaToken, signPlatformToken, signRealmToken, type CcaTokenParts } from "./cca-token-builder.ts";
export { decodeCcaCollection, encodeCcaCollection, type CcaCollection, type CollectionForm } from "./cca-collection.ts";
export { decodeCoseSign1, signCoseSign1, type CoseAlgorithm, type CoseSign1 } from "./cose-sign1.ts";
export { REALM_PROFILE, TF_RMM_REALM_ORDER, parseRealmClaims, realmClaimsMap, type RealmClaims } from "./realm-claims.ts";
export { PLATFORM_PROFILE, isSecuredLifecycle, parsePlatformClaims, platformClaimsMap, type PlatformClaims, type SwComponent } from "./platform-claims.ts";
export { extendRem, initialRem, replayRem, type RemHashAlgorithm } from "./rem-extend.ts";
export { loadCcaTestKey, writeCcaTestKeys } from "./cca-test-keys.ts";
