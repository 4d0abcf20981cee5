import { expect } from "chai";
import { parseIdentity } from "../../../provider/mailbox/identity";

describe("parseIdentity", () => {
  const accepted: [string, string, string][] = [
    ["a user principal name", "alice@contoso.example", "address"],
    ["an address with surrounding spaces, trimmed", "  bob@contoso.example ", "address"],
    ["an internationalized address", "josé.müller@contoso.example", "address"],
    ["an ExternalDirectoryObjectId, lower-cased", "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0", "guid"],
    ["an alias", "alice", "name"],
    ["a GUID in braces, unbraced", "{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}", "guid"],
    ["a display name", "Chris Taylor", "name"],
  ];
  for (const [what, input, form] of accepted) {
    it(`accepts ${what}`, () => {
      const parsed = parseIdentity(input);
      expect(parsed.ok, JSON.stringify(parsed)).to.equal(true);
      if (parsed.ok) {
        expect(parsed.form).to.equal(form);
        const expected = form === "guid" ? input.replace(/[{}]/g, "").toLowerCase() : input.trim();
        expect(parsed.value).to.equal(expected);
      }
    });
  }

  const refused: [string, unknown, RegExp][] = [
    ["an empty string", "", /empty.*every mailbox/],
    ["blanks", "   ", /empty/],
    ["a number", 42, /must be a string/],
    ["a wildcard", "alice*", /wildcard/],
    ["a malformed GUID", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f", /looks like a GUID but is malformed/],
    ["a GUID without dashes", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", /looks like a GUID but is malformed/],
    ["an address without a domain dot", "alice@contoso", /not a well-formed address/],
    ["an address with a space", "alice smith@contoso.example", /not a well-formed address/],
    ["two at signs", "a@b@contoso.example", /not a well-formed address/],
    ["a control character", "alice\n@contoso.example", /control character/],
    ["a very long string", "a".repeat(300), /at most 256/],
  ];
  for (const [what, input, reason] of refused) {
    it(`refuses ${what} with a reason that says what to use`, () => {
      const parsed = parseIdentity(input);
      expect(parsed.ok).to.equal(false);
      if (!parsed.ok) expect(parsed.reason).to.match(reason);
    });
  }
});
