import { expect } from "chai";
import { startEmulator, type MailboxRecord, type RunningEmulator } from "../../emulator";
import { demoToken, detailOf, invoke, valueOf, type HttpAnswer } from "./helpers";

describe("Get-Mailbox and Get-Recipient", () => {
  let emu: RunningEmulator;
  let token: string;
  let alice: MailboxRecord;

  before(async () => {
    emu = await startEmulator();
    token = await demoToken(emu);
    alice = emu.control.mailbox("alice@contoso.example") as MailboxRecord;
  });
  after(async () => {
    await emu.stop();
  });

  const get = (
    parameters: Record<string, unknown>,
    extra: { select?: string; pageSize?: number; url?: string } = {},
  ) => invoke(emu, "Get-Mailbox", parameters, { token, ...extra });
  const aliases = (answer: HttpAnswer) => valueOf(answer).map((m) => m["Alias"]);

  const identityForms: { form: string; identity: () => string }[] = [
    { form: "UPN", identity: () => alice.UserPrincipalName },
    { form: "primary SMTP address", identity: () => "Alice@Contoso.Example" },
    { form: "proxy SMTP address", identity: () => "alice.johnson@contoso.example" },
    { form: "smtp:-prefixed proxy address", identity: () => "smtp:alice.johnson@contoso.example" },
    { form: "alias", identity: () => "alice" },
    { form: "display name", identity: () => "Alice Johnson" },
    { form: "Guid", identity: () => alice.Guid },
    { form: "braced Guid", identity: () => `{${alice.Guid.toUpperCase()}}` },
    { form: "ExternalDirectoryObjectId", identity: () => alice.ExternalDirectoryObjectId },
    { form: "distinguished name", identity: () => alice.DistinguishedName },
  ];
  for (const c of identityForms) {
    it(`finds a mailbox by its ${c.form}`, async () => {
      const answer = await get({ Identity: c.identity() });
      expect(answer.status).to.equal(200);
      expect(aliases(answer)).to.deep.equal(["alice"]);
    });
  }

  it("returns the properties the provider reads, with annotation keys", async () => {
    const [mailbox] = valueOf(await get({ Identity: "alice" }));
    expect(mailbox).to.include({
      ExternalDirectoryObjectId: alice.ExternalDirectoryObjectId,
      RecipientTypeDetails: "UserMailbox",
      IsDirSynced: true,
      IsExchangeCloudManaged: false,
      "Guid@odata.type": "#Guid",
      "EmailAddresses@odata.type": "#Collection(String)",
    });
    expect(mailbox?.["EmailAddresses"]).to.include("SMTP:alice@contoso.example");
    expect(mailbox?.["WhenChangedUTC"]).to.match(/Z$/);
  });

  it("trims the properties to $select", async () => {
    const [mailbox] = valueOf(
      await get({ Identity: "alice" }, { select: "Alias,IsExchangeCloudManaged" }),
    );
    expect(Object.keys(mailbox ?? {}).sort()).to.deep.equal(["Alias", "IsExchangeCloudManaged"]);
  });

  it("reports an identity shared by two mailboxes as ambiguous, naming both", async () => {
    const answer = await get({ Identity: "Chris Taylor" });
    expect(answer.status).to.equal(400);
    expect(detailOf(answer)).to.contain("ManagementObjectAmbiguousException");
    expect(detailOf(answer))
      .to.contain("chris.taylor@contoso.example")
      .and.contain("christopher.taylor@contoso.example");
  });

  const notMailboxes = [
    "nobody@contoso.example",
    "all-staff",
    "pat@fabrikam.example",
    "max.guest",
    "ivan",
    "judy",
  ];
  for (const identity of notMailboxes) {
    it(`answers 404 ManagementObjectNotFoundException for '${identity}'`, async () => {
      const answer = await get({ Identity: identity });
      expect(answer.status).to.equal(404);
      expect(detailOf(answer)).to.match(
        /\|Microsoft\.Exchange\.Configuration\.Tasks\.ManagementObjectNotFoundException\|/,
      );
    });
  }

  it("returns a soft-deleted mailbox only with SoftDeletedMailbox", async () => {
    const answer = await get({ Identity: "ivan", SoftDeletedMailbox: true });
    expect(valueOf(answer)[0]).to.include({ Alias: "ivan", IsSoftDeletedByRemove: true });
  });

  it("returns an inactive mailbox only with InactiveMailboxOnly or IncludeInactiveMailbox", async () => {
    expect(aliases(await get({ Identity: "judy", InactiveMailboxOnly: true }))).to.deep.equal([
      "judy",
    ]);
    expect(aliases(await get({ Identity: "judy", IncludeInactiveMailbox: true }))).to.deep.equal([
      "judy",
    ]);
  });

  const filters: { filter: string; expected: string[] }[] = [
    { filter: "IsExchangeCloudManaged -eq 'True'", expected: ["dana", "erin", "kim", "support"] },
    { filter: "IsDirSynced -eq 'False'", expected: ["grace", "helpdesk"] },
    {
      filter:
        "RecipientTypeDetails -eq 'RoomMailbox' -or RecipientTypeDetails -eq 'EquipmentMailbox'",
      expected: ["room.berlin", "projector01"],
    },
    {
      filter:
        "IsDirSynced -eq $true -and IsExchangeCloudManaged -eq $false -and RecipientTypeDetails -eq 'SharedMailbox'",
      expected: ["sales"],
    },
    {
      filter: "(Alias -eq 'bob' -or Alias -eq 'frank') -and IsDirSynced -eq 'True'",
      expected: ["bob", "frank"],
    },
    { filter: "-not (IsDirSynced -eq 'True')", expected: ["grace", "helpdesk"] },
    { filter: "DisplayName -like 'Chris*'", expected: ["chris.taylor", "christopher.taylor"] },
    { filter: "EmailAddresses -eq 'smtp:orders@contoso.example'", expected: ["sales"] },
  ];
  for (const c of filters) {
    it(`filters with ${c.filter}`, async () => {
      expect(aliases(await get({ Filter: c.filter }))).to.have.members(c.expected);
    });
  }

  it("filters by chains of ExternalDirectoryObjectId -eq '...' with -or", async () => {
    const ids = ["alice", "bob", "kim"].map(
      (a) => emu.control.mailbox(a)?.ExternalDirectoryObjectId,
    );
    const filter = ids.map((id) => `(ExternalDirectoryObjectId -eq '${id}')`).join(" -or ");
    expect(aliases(await get({ Filter: filter }))).to.have.members(["alice", "bob", "kim"]);
  });

  it("refuses a filter with bad syntax or an unknown property as a bad parameter", async () => {
    for (const filter of ["IsDirSynced -eq", "Nonsense -eq 'x'", "(Alias -eq 'a'"]) {
      const answer = await get({ Filter: filter });
      expect(answer.status, filter).to.equal(400);
      expect(detailOf(answer)).to.contain("ParameterBindingException");
    }
  });

  it("caps the list at ResultSize and warns when the default cap cuts it", async () => {
    expect(valueOf(await get({ ResultSize: 3 }))).to.have.length(3);
    expect(valueOf(await get({ ResultSize: "Unlimited" })).length).to.be.greaterThan(10);
  });

  it("refuses an unknown parameter", async () => {
    const answer = await get({ Identity: "alice", Colour: "blue" });
    expect(answer.status).to.equal(400);
    expect(detailOf(answer)).to.contain(
      "A parameter cannot be found that matches parameter name 'Colour'",
    );
  });

  it("pages with odata.maxpagesize and a POST to @odata.nextLink", async () => {
    const seen: unknown[] = [];
    let answer = await get({ ResultSize: "Unlimited" }, { pageSize: 4 });
    expect(answer.headers["preference-applied"]).to.equal("odata.maxpagesize=4");
    for (;;) {
      expect(answer.status).to.equal(200);
      const body = answer.json as { value: Record<string, unknown>[]; "@odata.nextLink"?: string };
      expect(body.value.length).to.be.at.most(4);
      seen.push(...body.value.map((m) => m["Alias"]));
      const next = body["@odata.nextLink"];
      if (next === undefined) break;
      answer = await get({ ResultSize: "Unlimited" }, { pageSize: 4, url: next });
    }
    const all = valueOf(await get({ ResultSize: "Unlimited" }));
    expect(seen).to.deep.equal(all.map((m) => m["Alias"]));
  });

  it("refuses a nextLink followed with a different body", async () => {
    const first = (await get({ ResultSize: "Unlimited" }, { pageSize: 2 })).json as {
      "@odata.nextLink": string;
    };
    const answer = await get({ ResultSize: 5 }, { url: first["@odata.nextLink"] });
    expect(answer.status).to.equal(400);
  });

  it("Get-Recipient finds groups, contacts and mail users with their RecipientTypeDetails", async () => {
    const cases: [string, string][] = [
      ["all-staff", "MailUniversalDistributionGroup"],
      ["finance-team", "MailUniversalSecurityGroup"],
      ["pat@fabrikam.example", "MailContact"],
      ["max.guest", "MailUser"],
      ["alice", "UserMailbox"],
    ];
    for (const [identity, details] of cases) {
      const answer = await invoke(emu, "Get-Recipient", { Identity: identity }, { token });
      expect(valueOf(answer)[0]?.["RecipientTypeDetails"], identity).to.equal(details);
    }
  });

  it("Get-Recipient does not see soft-deleted mailboxes", async () => {
    const answer = await invoke(emu, "Get-Recipient", { Identity: "ivan" }, { token });
    expect(answer.status).to.equal(404);
  });
});
