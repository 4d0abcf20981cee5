import { expect } from "chai";
import {
  attributeParameters,
  driftedAttributes,
  liveAttributes,
  validateAttributes,
} from "../../../provider/mailbox";
import { MailboxState } from "../../../provider/mailbox/state";

function mailbox(overrides: Partial<MailboxState> = {}): MailboxState {
  return {
    externalDirectoryObjectId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    guid: "g",
    userPrincipalName: "alice@contoso.example",
    primarySmtpAddress: "alice@contoso.example",
    displayName: "Alice",
    alias: "alice",
    recipientTypeDetails: "UserMailbox",
    isDirSynced: true,
    isExchangeCloudManaged: true,
    isSoftDeleted: false,
    isInactive: false,
    whenChangedUtc: undefined,
    emailAddresses: ["SMTP:alice@contoso.example", "smtp:alice.j@contoso.example", "X500:/o=Org/cn=alice"],
    hiddenFromAddressListsEnabled: false,
    customAttributes: { "1": "Sales", "2": "" },
    extensionCustomAttributes: { "1": ["a", "b"], "2": [] },
    ...overrides,
  };
}

describe("owned attributes", () => {
  describe("validation", () => {
    const refused: [string, unknown, RegExp][] = [
      ["an unknown key", { customAttribute16: "x" }, /customAttribute16 is not an attribute/],
      ["a non-boolean flag", { hiddenFromAddressListsEnabled: "yes" }, /true or false/],
      ["a custom attribute over 1024 characters", { customAttribute1: "x".repeat(1025) }, /at most 1024/],
      ["no primary address", { emailAddresses: ["alice@contoso.example"] }, /exactly one primary.*found 0/],
      ["two primaries", { emailAddresses: ["SMTP:a@contoso.example", "SMTP:b@contoso.example"] }, /found 2/],
      ["a non-SMTP proxy", { emailAddresses: ["SMTP:a@contoso.example", "X500:/o=x"] }, /not SMTP addresses.*X500/],
      ["a duplicate address", { emailAddresses: ["SMTP:a@contoso.example", "smtp:A@contoso.example"] }, /twice/],
      ["an empty extension value", { extensionCustomAttribute1: [""] }, /non-empty strings/],
    ];
    for (const [what, attributes, reason] of refused) {
      it(`refuses ${what}`, () => {
        const failures = validateAttributes(attributes);
        expect(failures).to.have.length(1);
        expect(failures[0]?.reason).to.match(reason);
        expect(failures[0]?.property).to.match(/^attributes\./);
      });
    }
    it("accepts internationalized addresses and clearing a custom attribute", () => {
      expect(validateAttributes({ emailAddresses: ["SMTP:josé@contoso.example"], customAttribute2: "" })).to.deep.equal([]);
    });
  });

  describe("drift", () => {
    it("ignores order, the case of addresses and non-SMTP proxies", () => {
      const desired = { emailAddresses: ["alice.J@contoso.example", "SMTP:alice@contoso.example"] };
      expect(driftedAttributes(desired, mailbox())).to.deep.equal([]);
    });

    it("sees a new alias, a moved primary, and a changed custom attribute, and nothing unlisted", () => {
      expect(driftedAttributes({ emailAddresses: ["SMTP:alice@contoso.example"], customAttribute1: "Sales" }, mailbox())).to.deep.equal(["emailAddresses"]);
      expect(driftedAttributes({ emailAddresses: ["smtp:alice@contoso.example", "SMTP:alice.j@contoso.example"] }, mailbox())).to.deep.equal(["emailAddresses"]);
      expect(driftedAttributes({ customAttribute1: "Marketing" }, mailbox())).to.deep.equal(["customAttribute1"]);
    });

    it("reads live values of only the owned keys", () => {
      expect(liveAttributes(mailbox(), ["customAttribute1", "extensionCustomAttribute1"])).to.deep.equal({
        customAttribute1: "Sales",
        extensionCustomAttribute1: ["a", "b"],
      });
    });
  });

  describe("write planning", () => {
    it("writes nothing when nothing differs", () => {
      expect(attributeParameters({ customAttribute1: "Sales", hiddenFromAddressListsEnabled: false }, mailbox())).to.equal(undefined);
    });

    it("adds and removes aliases without resending the rest", () => {
      const parameters = attributeParameters(
        { emailAddresses: ["SMTP:alice@contoso.example", "alice.new@contoso.example"] },
        mailbox(),
      );
      expect(parameters).to.deep.equal({
        EmailAddresses: {
          "@odata.type": "#Exchange.GenericHashTable",
          Add: ["smtp:alice.new@contoso.example"],
          Remove: ["smtp:alice.j@contoso.example"],
        },
      });
    });

    it("promotes a new primary by adding it as SMTP: and keeps the old one as an alias", () => {
      const parameters = attributeParameters(
        { emailAddresses: ["smtp:alice@contoso.example", "SMTP:alice.j@contoso.example"] },
        mailbox(),
      );
      expect(parameters).to.deep.equal({
        EmailAddresses: { "@odata.type": "#Exchange.GenericHashTable", Add: ["SMTP:alice.j@contoso.example"] },
      });
    });

    it("sends only changed keys; clears with null; edits lists with Add/Remove", () => {
      const parameters = attributeParameters(
        { customAttribute1: "", customAttribute2: "", extensionCustomAttribute1: ["b", "c"], hiddenFromAddressListsEnabled: true },
        mailbox(),
      );
      expect(parameters).to.deep.equal({
        CustomAttribute1: null,
        ExtensionCustomAttribute1: { "@odata.type": "#Exchange.GenericHashTable", Add: ["c"], Remove: ["a"] },
        HiddenFromAddressListsEnabled: true,
      });
    });
  });
});
