import { expect } from "chai";
import { expiryClaim, stringClaim } from "../../../provider/auth/claims";

function jwt(payload: object): string {
  return `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
}

describe("token claims", () => {
  const cases = [
    { name: "reads tid from a JWT", token: jwt({ tid: "abc" }), tid: "abc" },
    { name: "ignores a non-string tid", token: jwt({ tid: 42 }), tid: undefined },
    { name: "ignores an opaque token", token: "opaque-token", tid: undefined },
    { name: "ignores a payload that is not JSON", token: "a.bm90IGpzb24.c", tid: undefined },
    { name: "ignores a payload that is an array", token: jwt([1, 2]), tid: undefined },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(stringClaim(testCase.token, "tid")).to.equal(testCase.tid);
    });
  }

  it("reads exp as a Date", () => {
    expect(expiryClaim(jwt({ exp: 1_700_000_000 }))?.toISOString()).to.equal(
      "2023-11-14T22:13:20.000Z",
    );
  });
});
