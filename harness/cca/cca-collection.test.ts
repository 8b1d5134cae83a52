import { describe, expect, it } from "vitest";
import { encodeCbor, Tag } from "./cca-cbor.ts";
import { decodeCcaCollection, encodeCcaCollection } from "./cca-collection.ts";
import { decodeCcaToken } from "./cca-token-decoder.ts";
import { challenge, expectInvalid, fixtureRealm, hex, tamperedToken } from "./cca-test-support.ts";

const p = Uint8Array.of(0xd2, 0x01);
const r = Uint8Array.of(0xd2, 0x02);

describe("CCA token collection", () => {
  it("is tag 399 {44234: bstr, 44241: bstr} by default: d9 01 8f a2 19 ac ca 42 …", () => {
    const bytes = encodeCcaCollection({ form: "tag399", platformToken: p, realmToken: r });
    expect(hex(bytes)).toBe("d9018f" + "a2" + "19acca" + "42d201" + "19acd1" + "42d202");
    expect(decodeCcaCollection(bytes)).toEqual({ form: "tag399", platformToken: p, realmToken: r });
  });

  it("has the tag 907 CMW form {44234: [263, bstr], 44241: [263, bstr]}", () => {
    const bytes = encodeCcaCollection({ form: "cmw907", platformToken: p, realmToken: r });
    expect(hex(bytes)).toBe("d9038b" + "a2" + "19acca" + "82190107" + "42d201" + "19acd1" + "82190107" + "42d202");
    expect(decodeCcaCollection(bytes)).toEqual({ form: "cmw907", platformToken: p, realmToken: r });
  });

  it("carries only 44241 in the realm-only (virtCCA) form, and accepts any key order", () => {
    const only = encodeCcaCollection({ form: "tag399", realmToken: r });
    expect(hex(only)).toBe("d9018f" + "a1" + "19acd1" + "42d202");
    const reversed = encodeCbor(new Tag(399, new Map([[44241, r], [44234, p]])));
    expect(decodeCcaCollection(reversed)).toEqual({ form: "tag399", platformToken: p, realmToken: r });
  });

  it("refuses other tags, missing realm tokens, unknown keys and bad CMW entries", () => {
    expectInvalid(() => decodeCcaCollection(encodeCbor(new Tag(400, new Map()))), "CCA token is tag 400; expected tag 399 or 907");
    expectInvalid(() => decodeCcaCollection(encodeCbor(new Map([[44241, r]]))), "CCA token is untagged; expected tag 399 or 907");
    expectInvalid(() => decodeCcaCollection(encodeCbor(new Tag(399, new Map([[44234, p]])))), "CCA token collection 44241 (realm token) is missing");
    expectInvalid(() => decodeCcaCollection(encodeCbor(new Tag(399, new Map([[44241, r], [1, p]])))), "CCA token collection has unknown key 1");
    expectInvalid(() => decodeCcaCollection(encodeCbor(new Tag(399, [r]))), "CCA token tag 399 contents is an array of 1; expected a map");
    expectInvalid(() => decodeCcaCollection(encodeCbor(new Tag(907, new Map([[44241, [264, r]]])))), "CCA token collection 44241 (realm token) content type is 264; expected 263");
    expectInvalid(() => decodeCcaCollection(encodeCbor(new Tag(907, new Map([[44241, r]])))), "CCA token collection 44241 (realm token) is a 2-byte bstr; expected an array");
    expectInvalid(() => decodeCcaCollection(new Uint8Array()), "CCA token is empty");
    expectInvalid(() => decodeCcaCollection(Uint8Array.of(0xd9, 0x01)), "CCA token is not well-formed CBOR");
  });

  it("decodes real tokens of every form into typed claims", () => {
    for (const form of ["tag399", "cmw907"] as const) {
      const t = decodeCcaToken(fixtureRealm({ form, tokenFormat: "legacy" }).attest(challenge));
      expect(t.form).toBe(form);
      expect(t.flavour).toBe("cca");
      expect(t.realm.claims.challenge).toEqual(challenge);
      expect(t.platform?.claims.lifecycle).toBe(0x3000);
    }
    const v = decodeCcaToken(fixtureRealm({ flavour: "virtcca" }).attest(challenge));
    expect(v.flavour).toBe("virtcca");
    expect(v.platform).toBeUndefined();
  });

  it("refuses a realm-only token whose realm token is not the 7-claim virtCCA form", () => {
    expectInvalid(
      () => decodeCcaToken(tamperedToken({ realmOnly: true, realm: (m) => m.set(265, "tag:arm.com,2023:realm#1.0.0") })),
      "realm-only (virtCCA) token has 8 realm claims including 265 (profile); expected exactly 7, without 265",
    );
  });
});
