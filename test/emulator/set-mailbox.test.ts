import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { detailOf, invoke, suiteEmulator } from "./helpers";

const HASHTABLE = "#Exchange.GenericHashTable";

describe("Set-Mailbox", () => {
  let emu: RunningEmulator;
  let token: string;

  suiteEmulator((e, t) => {
    emu = e;
    token = t;
  });

  const set = (parameters: Record<string, unknown>) =>
    invoke(emu, "Set-Mailbox", parameters, { token });
  const mailbox = (identity: string) => {
    const found = emu.control.mailbox(identity);
    if (found === undefined) throw new Error(`no ${identity}`);
    return found;
  };

  it("flips IsExchangeCloudManaged on a synced mailbox and answers an empty value", async () => {
    const answer = await set({ Identity: "alice@contoso.example", IsExchangeCloudManaged: true });
    expect(answer.status).to.equal(200);
    expect((answer.json as { value: unknown[] }).value).to.deep.equal([]);
    expect(mailbox("alice").IsExchangeCloudManaged).to.equal(true);
    expect(mailbox("alice").WhenChangedUTC).to.not.equal("2025-03-02T08:15:00Z");
  });

  it("flips it back to false", async () => {
    await set({ Identity: "dana", IsExchangeCloudManaged: false });
    expect(mailbox("dana").IsExchangeCloudManaged).to.equal(false);
  });

  it("warns and changes nothing when the value already holds", async () => {
    const before = mailbox("dana").WhenChangedUTC;
    const answer = await set({ Identity: "dana", IsExchangeCloudManaged: true });
    expect((answer.json as { "@adminapi.warnings": string[] })["@adminapi.warnings"][0]).to.contain(
      "no settings",
    );
    expect(mailbox("dana").WhenChangedUTC).to.equal(before);
  });

  it("logs every write with its parameters in the counters", async () => {
    await set({ Identity: "alice", IsExchangeCloudManaged: true });
    const [write] = emu.control.counters().writes;
    expect(write).to.include({ cmdlet: "Set-Mailbox", identity: "alice", applied: true });
    expect(write?.parameters).to.deep.equal({ Identity: "alice", IsExchangeCloudManaged: true });
  });

  const ineligible: { name: string; identity: string; status: number; exception: string }[] = [
    {
      name: "a cloud-only mailbox",
      identity: "grace",
      status: 400,
      exception: "RecipientTaskException",
    },
    {
      name: "a soft-deleted mailbox",
      identity: "ivan",
      status: 404,
      exception: "ManagementObjectNotFoundException",
    },
    {
      name: "a group",
      identity: "all-staff",
      status: 404,
      exception: "ManagementObjectNotFoundException",
    },
    {
      name: "a mail contact",
      identity: "pat@fabrikam.example",
      status: 404,
      exception: "ManagementObjectNotFoundException",
    },
    {
      name: "an ambiguous display name",
      identity: "Chris Taylor",
      status: 400,
      exception: "ManagementObjectAmbiguousException",
    },
  ];
  for (const c of ineligible) {
    it(`refuses IsExchangeCloudManaged on ${c.name} with ${c.exception}`, async () => {
      const answer = await set({ Identity: c.identity, IsExchangeCloudManaged: true });
      expect(answer.status).to.equal(c.status);
      expect(detailOf(answer)).to.contain(c.exception);
      expect(emu.control.counters().writes[0]?.applied).to.equal(false);
    });
  }

  it("refuses Exchange attributes on a synced mailbox that is not cloud-managed", async () => {
    const answer = await set({ Identity: "alice", CustomAttribute1: "Marketing" });
    expect(answer.status).to.equal(400);
    expect(detailOf(answer))
      .to.contain("synchronized from your on-premises organization")
      .and.contain("'CustomAttribute1'");
    expect(mailbox("alice").CustomAttribute1).to.equal("Sales");
  });

  it("allows the flag and attributes together in one call", async () => {
    const answer = await set({
      Identity: "alice",
      IsExchangeCloudManaged: true,
      HiddenFromAddressListsEnabled: true,
    });
    expect(answer.status).to.equal(200);
    expect(mailbox("alice")).to.include({
      IsExchangeCloudManaged: true,
      HiddenFromAddressListsEnabled: true,
    });
  });

  it("sets attributes on cloud-only mailboxes without any flag", async () => {
    await set({ Identity: "grace", CustomAttribute4: "x" });
    expect(mailbox("grace").CustomAttribute4).to.equal("x");
  });

  it("sets and clears custom attributes on a cloud-managed mailbox", async () => {
    await set({ Identity: "kim", CustomAttribute3: "Board", CustomAttribute9: "new" });
    expect(mailbox("kim")).to.include({ CustomAttribute3: "Board", CustomAttribute9: "new" });
    await set({ Identity: "kim", CustomAttribute9: null });
    expect(mailbox("kim").CustomAttribute9).to.equal("");
  });

  it("replaces and edits extension custom attributes", async () => {
    await set({ Identity: "kim", ExtensionCustomAttribute2: ["a", "b"] });
    expect(mailbox("kim").ExtensionCustomAttribute2).to.deep.equal(["a", "b"]);
    await set({
      Identity: "kim",
      ExtensionCustomAttribute2: { "@odata.type": HASHTABLE, Add: ["c"], Remove: ["a"] },
    });
    expect(mailbox("kim").ExtensionCustomAttribute2).to.deep.equal(["b", "c"]);
  });

  it("adds and removes proxy addresses with a hashtable", async () => {
    await set({
      Identity: "kim",
      EmailAddresses: {
        "@odata.type": HASHTABLE,
        Add: ["smtp:kim.park@contoso.example"],
        Remove: ["smtp:kim@contoso.onmicrosoft.example"],
      },
    });
    expect(mailbox("kim").EmailAddresses).to.deep.equal([
      "SMTP:kim@contoso.example",
      "smtp:kim.park@contoso.example",
    ]);
  });

  it("makes an added SMTP: address the new primary", async () => {
    await set({
      Identity: "kim",
      EmailAddresses: { "@odata.type": HASHTABLE, Add: ["SMTP:k.park@contoso.example"] },
    });
    const kim = mailbox("kim");
    expect(kim.PrimarySmtpAddress).to.equal("k.park@contoso.example");
    expect(kim.EmailAddresses).to.include("smtp:kim@contoso.example");
  });

  it("replaces the full address list", async () => {
    await set({
      Identity: "kim",
      EmailAddresses: ["SMTP:kim@contoso.example", "smtp:kp@contoso.example"],
    });
    expect(mailbox("kim").EmailAddresses).to.deep.equal([
      "SMTP:kim@contoso.example",
      "smtp:kp@contoso.example",
    ]);
  });

  const badAddresses: { name: string; value: unknown; exception: string }[] = [
    {
      name: "removing the primary address",
      value: { "@odata.type": HASHTABLE, Remove: ["SMTP:kim@contoso.example"] },
      exception: "DataValidationException",
    },
    {
      name: "a malformed address",
      value: { "@odata.type": HASHTABLE, Add: ["smtp:not-an-address"] },
      exception: "DataValidationException",
    },
    {
      name: "an address another recipient uses",
      value: { "@odata.type": HASHTABLE, Add: ["smtp:alice@contoso.example"] },
      exception: "ADObjectAlreadyExistsException",
    },
    { name: "a number instead of addresses", value: 42, exception: "ParameterBindingException" },
  ];
  for (const c of badAddresses) {
    it(`refuses ${c.name} in EmailAddresses`, async () => {
      const answer = await set({ Identity: "kim", EmailAddresses: c.value });
      expect(answer.status).to.equal(400);
      expect(detailOf(answer)).to.contain(c.exception);
    });
  }

  const badParameters: { name: string; parameters: Record<string, unknown> }[] = [
    { name: "an unknown parameter", parameters: { Identity: "kim", Office: "Berlin" } },
    {
      name: "a string for a boolean",
      parameters: { Identity: "kim", IsExchangeCloudManaged: "yes" },
    },
    {
      name: "an array for a custom attribute",
      parameters: { Identity: "kim", CustomAttribute1: ["a"] },
    },
    { name: "a missing Identity", parameters: { IsExchangeCloudManaged: true } },
  ];
  for (const c of badParameters) {
    it(`refuses ${c.name} as a ParameterBindingException`, async () => {
      const answer = await set(c.parameters);
      expect(answer.status).to.equal(400);
      expect(detailOf(answer)).to.contain("ParameterBindingException");
    });
  }

  it("refuses a custom attribute longer than 1024 characters", async () => {
    const answer = await set({ Identity: "kim", CustomAttribute1: "x".repeat(1025) });
    expect(answer.status).to.equal(400);
    expect(detailOf(answer)).to.contain("maximum length is 1024");
  });
});
