import { expect } from "chai";
import { checkInputs, UNKNOWN } from "../../../provider/dynamic/inputs";

describe("checkInputs", () => {
  it("fills in cloudManaged=true and onDelete=retain", () => {
    const { inputs, failures } = checkInputs({ identity: "alice@contoso.example" });
    expect(failures).to.deep.equal([]);
    expect(inputs).to.include({ identity: "alice@contoso.example", cloudManaged: true, onDelete: "retain" });
  });

  it("reports one failure per bad property", () => {
    const { failures } = checkInputs({ identity: "", cloudManaged: "yes", onDelete: "destroy" });
    expect(failures.map((f) => f.property)).to.deep.equal(["identity", "cloudManaged", "onDelete"]);
    expect(failures[2]?.reason).to.match(/"retain".*"revert"/);
  });

  it("leaves values that are not known until apply for later", () => {
    const { failures } = checkInputs({ identity: UNKNOWN, cloudManaged: UNKNOWN, onDelete: UNKNOWN });
    expect(failures).to.deep.equal([]);
  });

  it("refuses an input it does not know, but not the declared outputs", () => {
    const { failures } = checkInputs({
      identity: "alice@contoso.example",
      isExchangeCloudManaged: undefined,
      hiddenFromGal: true,
    });
    expect(failures).to.deep.equal([
      { property: "hiddenFromGal", reason: "hiddenFromGal is not an input of CloudManagedMailbox." },
    ]);
  });
});

describe("checkInputs with owned attributes", () => {
  it("refuses attributes while cloudManaged is false, saying why", () => {
    const { failures } = checkInputs({
      identity: "alice@contoso.example",
      cloudManaged: false,
      attributes: { customAttribute1: "x" },
    });
    expect(failures).to.have.length(1);
    expect(failures[0]?.property).to.equal("attributes");
    expect(failures[0]?.reason).to.match(/only be owned while cloudManaged is true.*sync would overwrite/);
  });

  it("reports bad attribute values against their own key", () => {
    const { failures } = checkInputs({ identity: "alice@contoso.example", attributes: { hiddenFromAddressListsEnabled: 1 } });
    expect(failures.map((f) => f.property)).to.deep.equal(["attributes.hiddenFromAddressListsEnabled"]);
  });
});
