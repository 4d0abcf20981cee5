import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { invoke, suiteEmulator } from "./helpers";

describe("the hybrid directory sync cycle", () => {
  let emu: RunningEmulator;
  let token: string;

  suiteEmulator((e, t) => {
    emu = e;
    token = t;
  });

  const mailbox = (identity: string) => emu.control.mailbox(identity)!;

  it("overwrites Exchange attributes of synced mailboxes that are not cloud-managed", () => {
    emu.control.setOnPrem("alice", {
      CustomAttribute1: "Sales EMEA",
      HiddenFromAddressListsEnabled: true,
    });
    const report = emu.control.sync();
    expect(mailbox("alice")).to.include({
      CustomAttribute1: "Sales EMEA",
      HiddenFromAddressListsEnabled: true,
    });
    expect(report.overwritten).to.deep.equal([mailbox("alice").ExternalDirectoryObjectId]);
  });

  it("leaves the Exchange attributes of cloud-managed mailboxes alone", () => {
    emu.control.setOnPrem("kim", { CustomAttribute3: "from AD" });
    const report = emu.control.sync();
    expect(mailbox("kim").CustomAttribute3).to.equal("VIP");
    expect(report.skippedCloudManaged).to.include(mailbox("kim").ExternalDirectoryObjectId);
  });

  it("still brings identity attributes to cloud-managed mailboxes", () => {
    emu.control.setOnPrem("kim", { DisplayName: "Kim Park-Lee" });
    emu.control.sync();
    expect(mailbox("kim").DisplayName).to.equal("Kim Park-Lee");
  });

  it("keeps cloud edits while cloud-managed and loses them at the next cycle after flipping back", async () => {
    await invoke(
      emu,
      "Set-Mailbox",
      { Identity: "alice", IsExchangeCloudManaged: true },
      { token },
    );
    await invoke(
      emu,
      "Set-Mailbox",
      { Identity: "alice", CustomAttribute1: "cloud value" },
      { token },
    );
    emu.control.sync();
    expect(mailbox("alice").CustomAttribute1).to.equal("cloud value");

    await invoke(
      emu,
      "Set-Mailbox",
      { Identity: "alice", IsExchangeCloudManaged: false },
      { token },
    );
    expect(mailbox("alice").CustomAttribute1).to.equal("cloud value");
    emu.control.sync();
    expect(mailbox("alice").CustomAttribute1).to.equal("Sales");
  });

  it("restores the seeded on-prem values of a cloud-managed mailbox flipped back", () => {
    emu.control.updateMailbox("dana", { IsExchangeCloudManaged: false });
    emu.control.sync();
    expect(mailbox("dana").CustomAttribute2).to.equal("");
    expect(mailbox("dana").EmailAddresses).to.not.include("smtp:dana.lee@contoso.example");
  });

  it("does not touch cloud-only mailboxes", () => {
    emu.control.updateMailbox("grace", { CustomAttribute1: "edited" });
    emu.control.sync();
    expect(mailbox("grace").CustomAttribute1).to.equal("edited");
  });

  it("runs periodically when started with syncIntervalMs", async () => {
    const periodic = await startEmulator({ syncIntervalMs: 50 });
    try {
      periodic.control.setOnPrem("bob", { CustomAttribute1: "periodic" });
      await new Promise((r) => setTimeout(r, 200));
      expect(periodic.control.mailbox("bob")?.CustomAttribute1).to.equal("periodic");
    } finally {
      await periodic.stop();
    }
  });

  it("refuses on-prem values for a cloud-only mailbox with a message that says why", () => {
    expect(() => emu.control.setOnPrem("grace", { CustomAttribute1: "x" })).to.throw(
      /not directory-synced/,
    );
  });
});
