import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { CloudManagedError, isErrorOfKind } from "../../../provider/errors";
import {
  MailboxReadBatcher,
  filterFor,
  type CmdletInvoker,
  type ExchangeObject,
  type InvokeOptions,
} from "../../../provider/exchange";
import { clientFor, ok, rejectionOf, startServer } from "./support";

interface Call {
  readonly cmdlet: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly options: InvokeOptions | undefined;
}

/** A fake Exchange that knows `mailboxes` and answers Get-Mailbox -Filter by their ids. */
class FakeExchange implements CmdletInvoker {
  readonly calls: Call[] = [];
  failWith: Error | undefined;
  constructor(private readonly mailboxes: readonly ExchangeObject[]) {}

  async invoke(
    cmdlet: string,
    parameters: Readonly<Record<string, unknown>>,
    options?: InvokeOptions,
  ) {
    this.calls.push({ cmdlet, parameters, options });
    if (this.failWith !== undefined) throw this.failWith;
    const wanted =
      String(parameters["Filter"])
        .match(/'[^']*'/g)
        ?.map((quoted) => quoted.slice(1, -1)) ?? [];
    return this.mailboxes.filter((mailbox) =>
      wanted.includes(String(mailbox["ExternalDirectoryObjectId"]).toLowerCase()),
    );
  }
}

function mailbox(id: string): ExchangeObject {
  return { ExternalDirectoryObjectId: id, Alias: `alias-${id.slice(0, 4)}` };
}

describe("MailboxReadBatcher", () => {
  const cases: ReadonlyArray<readonly [number, number]> = [
    [1, 1],
    [50, 1],
    [51, 2],
    [120, 3],
  ];
  for (const [count, calls] of cases) {
    it(`answers ${count} concurrent reads with ${calls} Get-Mailbox call(s)`, async () => {
      const ids = Array.from({ length: count }, () => randomUUID());
      const exchange = new FakeExchange(ids.map(mailbox));
      const batcher = new MailboxReadBatcher(exchange, { windowMs: 5 });
      const found = await Promise.all(ids.map((id) => batcher.get(id)));
      expect(exchange.calls).to.have.length(calls);
      expect(found.map((object) => object?.["ExternalDirectoryObjectId"])).to.deep.equal(ids);
    });
  }

  it("sends one Filter of ORed ids with ResultSize Unlimited and the select list", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const exchange = new FakeExchange([]);
    const batcher = new MailboxReadBatcher(exchange, { select: ["Alias"] });
    await Promise.all([batcher.get(a), batcher.get(b)]);
    expect(exchange.calls[0]).to.deep.equal({
      cmdlet: "Get-Mailbox",
      parameters: {
        Filter: `ExternalDirectoryObjectId -eq '${a}' -or ExternalDirectoryObjectId -eq '${b}'`,
        ResultSize: "Unlimited",
      },
      options: { urgent: true, select: ["Alias", "ExternalDirectoryObjectId"] },
    });
  });

  it("answers undefined for an id that matches no mailbox", async () => {
    const present = randomUUID();
    const batcher = new MailboxReadBatcher(new FakeExchange([mailbox(present)]));
    const [found, missing] = await Promise.all([batcher.get(present), batcher.get(randomUUID())]);
    expect(found).to.not.equal(undefined);
    expect(missing).to.equal(undefined);
  });

  it("asks once for an id requested twice, matching case-insensitively", async () => {
    const id = randomUUID();
    const exchange = new FakeExchange([mailbox(id.toUpperCase())]);
    const batcher = new MailboxReadBatcher(exchange);
    const [first, second] = await Promise.all([batcher.get(id), batcher.get(id.toUpperCase())]);
    expect(first).to.equal(second);
    expect(first).to.not.equal(undefined);
    expect(String(exchange.calls[0]?.parameters["Filter"]).match(/-eq/g)).to.have.length(1);
  });

  const hostile = [
    "x' -or Name -like '*",
    "00000000-0000-0000-0000-000000000000' -or '1' -eq '1",
    "",
    "ann@contoso.com",
  ];
  for (const value of hostile) {
    it(`refuses ${JSON.stringify(value)} before it reaches a filter`, async () => {
      const exchange = new FakeExchange([]);
      const error = await rejectionOf(new MailboxReadBatcher(exchange, { windowMs: 1 }).get(value));
      expect(isErrorOfKind(error, "InvalidInput")).to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(exchange.calls).to.have.length(0);
    });
  }

  it("rejects every caller of a batch with the batch's error", async () => {
    const exchange = new FakeExchange([]);
    exchange.failWith = new CloudManagedError("Forbidden", "no role");
    const batcher = new MailboxReadBatcher(exchange);
    const errors = await Promise.all(
      [randomUUID(), randomUUID()].map((id) => rejectionOf(batcher.get(id))),
    );
    expect(errors).to.deep.equal([exchange.failWith, exchange.failWith]);
  });

  it("rejects as Ambiguous when two mailboxes share the id", async () => {
    const id = randomUUID();
    const batcher = new MailboxReadBatcher(new FakeExchange([mailbox(id), mailbox(id)]));
    expect(isErrorOfKind(await rejectionOf(batcher.get(id)), "Ambiguous")).to.equal(true);
  });

  it("builds filters that only quote GUIDs", () => {
    expect(filterFor(["a", "b"])).to.equal(
      "ExternalDirectoryObjectId -eq 'a' -or ExternalDirectoryObjectId -eq 'b'",
    );
  });

  it("works against the real client over HTTP, one request for many reads", async () => {
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const server = await startServer(() =>
      ok(ids.map((id) => ({ ExternalDirectoryObjectId: id, "Guid@odata.type": "#Guid" }))),
    );
    try {
      const batcher = new MailboxReadBatcher(clientFor(server), { select: ["Alias"] });
      const found = await Promise.all(ids.map((id) => batcher.get(id)));
      expect(server.seen).to.have.length(1);
      expect(server.seen[0]?.url).to.contain("$select=Alias,ExternalDirectoryObjectId");
      expect(
        found.every((object) => object !== undefined && !("Guid@odata.type" in object)),
      ).to.equal(true);
    } finally {
      await server.close();
    }
  });
});
