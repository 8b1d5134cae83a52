// Public API of the emulated Arm CCA attestation token.
export { EmulatedCcaRealm, defaultPlatformClaims, type EmulatedCcaRealmOptions } from "./emulated-cca-realm.ts";
export { decodeCcaToken, type CcaFlavour, type DecodedCcaToken } from "./cca-token-decoder.ts";
export { verifyCcaToken, type VerifiedCcaToken, type VerifyCcaTokenOptions } from "./cca-token-verifier.ts";
export { buildCcaToken, signPlatformToken, signRealmToken, type CcaTokenParts } from "./cca-token-builder.ts";
export { decodeCcaCollection, encodeCcaCollection, type CcaCollection, type CollectionForm } from "./cca-collection.ts";
export { decodeCoseSign1, signCoseSign1, type CoseAlgorithm, type CoseSign1 } from "./cose-sign1.ts";
export { REALM_PROFILE, REALM_PROFILE_1_0, REALM_PROFILE_2_0, TF_RMM_REALM_ORDER, parseRealmClaims, realmClaimsMap, type MecPolicy, type RealmClaims, type RealmProfile } from "./realm-claims.ts";
export { DEFAULT_REALM_TOKEN_FORMAT, REALM_TOKEN_FORMATS, type RealmTokenFormat } from "./realm-token-format.ts";
export { describeUnknownClaim, type UnknownClaim } from "./unknown-claims.ts";
export { PLATFORM_PROFILE, isSecuredLifecycle, parsePlatformClaims, platformClaimsMap, type PlatformClaims, type SwComponent } from "./platform-claims.ts";
export { extendRem, initialRem, replayRem, type RemHashAlgorithm } from "./rem-extend.ts";
export { loadCcaTestKey, writeCcaTestKeys } from "./cca-test-keys.ts";
