import { expect } from "chai";
import { diffMailbox } from "../../../provider/dynamic/diff";
import { MailboxInputs, MailboxOutputs, OnDelete } from "../../../provider/dynamic/inputs";

const ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const OTHER = "11111111-2222-3333-4444-555555555555";

function stored(overrides: Partial<MailboxOutputs> = {}): MailboxOutputs {
  return {
    identity: "alice@contoso.example",
    cloudManaged: true,
    onDelete: "retain",
    externalDirectoryObjectId: ID,
    userPrincipalName: "alice@contoso.example",
    primarySmtpAddress: "alice@contoso.example",
    displayName: "Alice",
    recipientTypeDetails: "UserMailbox",
    isDirSynced: true,
    isExchangeCloudManaged: true,
    ...overrides,
  };
}

describe("diffMailbox", () => {
  it("reports no change when the tenant matches the program", () => {
    const result = diffMailbox(stored(), { identity: "alice@contoso.example", cloudManaged: true, onDelete: "retain" });
    expect(result).to.deep.equal({ changes: false, replaces: [], changed: [] });
  });

  it("updates in place when someone flipped the flag behind the program's back", () => {
    const result = diffMailbox(stored({ isExchangeCloudManaged: false }), {
      identity: "alice@contoso.example",
      cloudManaged: true,
      onDelete: "retain",
    });
    expect(result).to.deep.equal({ changes: true, replaces: [], changed: ["cloudManaged"] });
  });

  it("updates in place when the identity is renamed to the same mailbox", () => {
    const result = diffMailbox(stored(), { identity: ID, cloudManaged: true, onDelete: "retain" }, ID);
    expect(result).to.deep.equal({ changes: true, replaces: [], changed: ["identity"] });
  });

  it("replaces when the identity now names another mailbox", () => {
    const result = diffMailbox(stored(), { identity: "bob@contoso.example", cloudManaged: true, onDelete: "retain" }, OTHER);
    expect(result.replaces).to.deep.equal(["identity"]);
  });

  it("replaces when the new identity cannot be resolved (create will say why)", () => {
    const result = diffMailbox(stored(), { identity: "nobody@contoso.example", cloudManaged: true, onDelete: "retain" });
    expect(result.replaces).to.deep.equal(["identity"]);
  });

  it("holds for random combinations: changes exactly when a compared value differs", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    for (let i = 0; i < 500; i++) {
      const olds = stored({
        identity: pick(["alice@contoso.example", ID]),
        isExchangeCloudManaged: pick([true, false]),
        onDelete: pick<OnDelete>(["retain", "revert"]),
      });
      const news: MailboxInputs = {
        identity: pick(["alice@contoso.example", ID, "bob@contoso.example"]),
        cloudManaged: pick([true, false]),
        onDelete: pick<OnDelete>(["retain", "revert"]),
      };
      const target = news.identity === "bob@contoso.example" ? OTHER : ID;
      const result = diffMailbox(olds, news, target);
      const differs =
        olds.identity !== news.identity ||
        olds.isExchangeCloudManaged !== news.cloudManaged ||
        olds.onDelete !== news.onDelete;
      expect(result.changes).to.equal(differs);
      expect(result.replaces.length > 0).to.equal(olds.identity !== news.identity && target !== ID);
    }
  });
});
