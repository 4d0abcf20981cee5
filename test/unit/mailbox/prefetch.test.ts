import { expect } from "chai";
import type {
  AddressLookup,
  CmdletInvoker,
  ExchangeObject,
  MailboxLookup,
} from "../../../provider/mailbox/ports";
import { PrefetchingLookup } from "../../../provider/mailbox/prefetch";

function mailbox(n: number, extra: Partial<Record<string, unknown>> = {}): ExchangeObject {
  return {
    ExternalDirectoryObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    UserPrincipalName: `user${n}@contoso.example`,
    PrimarySmtpAddress: `user${n}@contoso.example`,
    ...extra,
  };
}

/** A tenant listing plus direct lookups that record what they were asked. */
class FakeTenant implements CmdletInvoker, MailboxLookup, AddressLookup {
  listings = 0;
  readonly directIds: string[] = [];
  readonly directAddresses: string[] = [];
  failListing = false;
  constructor(readonly listed: ExchangeObject[]) {}

  async invoke(): Promise<readonly ExchangeObject[]> {
    this.listings += 1;
    if (this.failListing) throw new Error("listing failed");
    return this.listed;
  }

  async get(id: string): Promise<ExchangeObject | undefined> {
    this.directIds.push(id);
    return this.listed.find((m) => m["ExternalDirectoryObjectId"] === id);
  }

  find(address: string): Promise<readonly ExchangeObject[]> | undefined {
    if (address.includes("'")) return undefined;
    this.directAddresses.push(address);
    return Promise.resolve(this.listed.filter((m) => m["UserPrincipalName"] === address));
  }
}

const tenantOf = (count: number) =>
  new FakeTenant(Array.from({ length: count }, (_, i) => mailbox(i)));

describe("PrefetchingLookup", () => {
  it("asks the direct lookups until the threshold, then answers from one listing", async () => {
    const tenant = tenantOf(20);
    const lookup = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 5 });
    const found = await Promise.all(
      Array.from({ length: 20 }, (_, i) => lookup.find(`user${i}@contoso.example`)),
    );
    expect(found.map((f) => f?.[0]?.["UserPrincipalName"])).to.deep.equal(
      tenant.listed.map((m) => m["UserPrincipalName"]),
    );
    expect(tenant.directAddresses).to.have.length(4);
    expect(tenant.listings).to.equal(1);
  });

  it("resolves addresses case-insensitively, by UPN or primary SMTP address", async () => {
    const tenant = new FakeTenant([
      mailbox(1, { PrimarySmtpAddress: "Alias.One@Contoso.example" }),
    ]);
    const lookup = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 1 });
    expect((await lookup.find("ALIAS.ONE@contoso.example"))?.[0]).to.equal(tenant.listed[0]);
    expect((await lookup.find("User1@Contoso.Example"))?.[0]).to.equal(tenant.listed[0]);
    expect(tenant.directAddresses).to.deep.equal([]);
  });

  it("leaves an address the listing lacks, or holds twice, to the direct lookup", async () => {
    const twin = mailbox(2, { PrimarySmtpAddress: "user1@contoso.example" });
    const tenant = new FakeTenant([mailbox(1), twin]);
    const lookup = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 1 });
    await lookup.find("user1@contoso.example");
    await lookup.find("cloud.only@contoso.example");
    expect(tenant.directAddresses).to.deep.equal([
      "user1@contoso.example",
      "cloud.only@contoso.example",
    ]);
  });

  it("answers an address the direct lookup does not take with none once a listing runs, so Exchange decides", async () => {
    const tenant = tenantOf(1);
    const lookup = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 1 });
    expect(await lookup.find("o'brien@contoso.example")).to.deep.equal([]);
    const below = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 100 });
    expect(below.find("o'brien@contoso.example")).to.equal(undefined);
  });

  it("never answers from a listing for a mailbox written since it was taken", async () => {
    const tenant = tenantOf(3);
    const lookup = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 1 });
    await lookup.find("user0@contoso.example");
    const written = tenant.listed[1] as ExchangeObject;
    await new Promise((resolve) => setTimeout(resolve, 2));
    lookup.invalidate(String(written["ExternalDirectoryObjectId"]).toUpperCase());
    await lookup.find("user1@contoso.example");
    await lookup.get(String(written["ExternalDirectoryObjectId"]));
    expect(tenant.directAddresses).to.deep.equal(["user1@contoso.example"]);
    expect(tenant.directIds).to.deep.equal([written["ExternalDirectoryObjectId"]]);
  });

  it("reads by id from the listing, and directly for an id it does not hold", async () => {
    const tenant = tenantOf(3);
    const lookup = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 1 });
    const listedId = String(tenant.listed[0]?.["ExternalDirectoryObjectId"]);
    const missing = "00000000-0000-4000-8000-999999999999";
    expect(await lookup.get(listedId.toUpperCase())).to.equal(tenant.listed[0]);
    expect(await lookup.get(missing)).to.equal(undefined);
    expect(tenant.directIds).to.deep.equal([missing]);
  });

  it("falls back to the direct lookups when the listing fails", async () => {
    const tenant = tenantOf(2);
    tenant.failListing = true;
    const lookup = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 1 });
    expect((await lookup.find("user1@contoso.example"))?.[0]).to.equal(tenant.listed[1]);
    expect(tenant.directAddresses).to.deep.equal(["user1@contoso.example"]);
  });

  it("lists again once the listing is older than its time to live", async () => {
    const tenant = tenantOf(2);
    const lookup = new PrefetchingLookup(tenant, tenant, tenant, { threshold: 1, ttlMs: 5 });
    await lookup.find("user0@contoso.example");
    await new Promise((resolve) => setTimeout(resolve, 10));
    await lookup.find("user1@contoso.example");
    expect(tenant.listings).to.equal(2);
  });
});
