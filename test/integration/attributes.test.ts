import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import { MailboxOutputs } from "../../provider/dynamic/inputs";
import { checked, provider, providerAgainstEmulator } from "./harness";

const ALICE = "alice@contoso.example";
const ADDRESSES = ["SMTP:alice@contoso.example", "smtp:alice.johnson@contoso.example", "smtp:alice@contoso.onmicrosoft.example"];

describe("owned attributes against the emulator", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await providerAgainstEmulator();
  });
  after(async () => emulator.stop());
  beforeEach(() => emulator.control.reset());

  const inputs = (attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    checked({ identity: ALICE, attributes, ...extra });

  it("flips the switch, then writes the owned attributes, and a sync cycle keeps them", async () => {
    const created = await provider.create(
      await inputs({ emailAddresses: [...ADDRESSES, "alice.new@contoso.example"], customAttribute2: "Cloud" }),
    );
    const writes = emulator.control.counters().writes.map((w) => Object.keys(w.parameters).filter((k) => k !== "Identity"));
    expect(writes).to.deep.equal([["IsExchangeCloudManaged"], ["EmailAddresses", "CustomAttribute2"]]);
    emulator.control.sync();
    const after = emulator.control.mailbox(ALICE);
    expect(after?.EmailAddresses).to.include("smtp:alice.new@contoso.example");
    expect(after?.CustomAttribute2).to.equal("Cloud");
    expect((created.outs as MailboxOutputs).attributes).to.have.keys("emailAddresses", "customAttribute2");
  });

  it("shows exactly the changed attribute in the diff, and update writes only it", async () => {
    const created = await provider.create(await inputs({ emailAddresses: ADDRESSES, customAttribute1: "Sales" }));
    const news = await inputs({ emailAddresses: [...ADDRESSES, "ajohnson@contoso.example"], customAttribute1: "Sales" });
    const diff = await provider.diff(created.id, created.outs as MailboxOutputs, news);
    expect(diff).to.deep.include({ changes: true, replaces: [] });
    emulator.control.resetCounters();
    await provider.update(created.id, created.outs as MailboxOutputs, news);
    expect(emulator.control.counters().writes.map((w) => w.parameters)).to.deep.equal([
      {
        Identity: created.id,
        EmailAddresses: { "@odata.type": "#Exchange.GenericHashTable", Add: ["smtp:ajohnson@contoso.example"] },
      },
    ]);
  });

  it("refresh shows drift of an owned attribute, but not of one the program does not list", async () => {
    const created = await provider.create(await inputs({ customAttribute1: "Sales" }));
    emulator.control.updateMailbox(ALICE, { CustomAttribute9: "someone else's" });
    const quiet = await provider.read(created.id, created.outs);
    const none = await provider.diff(created.id, quiet.props as MailboxOutputs, await inputs({ customAttribute1: "Sales" }));
    expect(none.changes).to.equal(false);

    emulator.control.updateMailbox(ALICE, { CustomAttribute1: "Edited by hand" });
    const drifted = await provider.read(created.id, created.outs);
    expect(drifted.inputs?.["attributes"]).to.deep.equal({ customAttribute1: "Edited by hand" });
    const diff = await provider.diff(created.id, drifted.props as MailboxOutputs, await inputs({ customAttribute1: "Sales" }));
    expect(diff.changes).to.equal(true);
  });

  it("with onDelete revert, records the cloud-held values a revert would lose", async () => {
    const created = await provider.create(await inputs({ customAttribute2: "Cloud only" }, { onDelete: "revert" }));
    const lost = (created.outs as MailboxOutputs).valuesLostOnRevert ?? {};
    expect(lost).to.include({ customAttribute2: "Cloud only", customAttribute1: "Sales" });
    await provider.delete(created.id, created.outs);
    emulator.control.sync();
    expect(emulator.control.mailbox(ALICE)?.CustomAttribute2 ?? "").to.not.equal("Cloud only");
  });

  it("Exchange itself refuses an attribute write on a mailbox that is not cloud-managed", async () => {
    // check() refuses this combination; this proves the tenant would too (the emulator's reading).
    const mailbox = await provider.create(await checked({ identity: "bob@contoso.example", cloudManaged: false }));
    expect(mailbox.outs).to.include({ isExchangeCloudManaged: false });
    let error: unknown;
    try {
      await provider.update(mailbox.id, mailbox.outs as MailboxOutputs, {
        identity: "bob@contoso.example",
        cloudManaged: false,
        onDelete: "retain",
        attributes: { customAttribute1: "x" },
      });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/on-premises|synchroniz/i);
  });
});
