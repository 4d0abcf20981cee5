import { expect } from "chai";
import { parseMailboxList } from "../../../examples/bulk/mailbox-list";

describe("the bulk example's mailbox list", () => {
  it("reads a JSON array of identities and of objects", () => {
    const entries = parseMailboxList(
      JSON.stringify(["alice@contoso.example", { identity: "bob@contoso.example", name: "bob", onDelete: "revert" }]),
      "m.json",
    );
    expect(entries).to.deep.equal([
      { name: "alice@contoso.example", identity: "alice@contoso.example" },
      { name: "bob", identity: "bob@contoso.example", onDelete: "revert" },
    ]);
  });

  it("reads CSV with a header, skipping blanks and comments", () => {
    const csv = "identity,name,cloudManaged\nalice@contoso.example,alice,true\n\n# pilot wave 2\nbob@contoso.example,,false\n";
    expect(parseMailboxList(csv, "m.csv")).to.deep.equal([
      { name: "alice", identity: "alice@contoso.example", cloudManaged: true },
      { name: "bob@contoso.example", identity: "bob@contoso.example", cloudManaged: false },
    ]);
  });

  it("reports every problem at once, with where it is", () => {
    const csv = "identity,name,cloudManaged,onDelete\n,x,true,\nalice@contoso.example,a,maybe,\nbob@contoso.example,a,,destroy\n";
    expect(() => parseMailboxList(csv, "m.csv")).to.throw(
      /4 problem\(s\)[\s\S]*line 2: identity is missing[\s\S]*line 3: cloudManaged must be true or false[\s\S]*line 4: name "a" is used twice[\s\S]*onDelete must be retain or revert/,
    );
  });

  it("says so when the JSON does not parse", () => {
    expect(() => parseMailboxList("[", "m.json")).to.throw(/m.json is not valid JSON/);
  });
});
