import { expect } from "chai";
import { isErrorOfKind } from "../../../provider/errors";
import { RequestLimiter, sharedLimiter } from "../../../provider/exchange";
import { clientFor, ok, startServer } from "./support";

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `count` tasks through `limiter`, recording the peak of tasks in flight and start times. */
async function runMany(limiter: RequestLimiter, count: number, taskMs: number) {
  let inFlight = 0;
  let peak = 0;
  const starts: number[] = [];
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      limiter.run(async () => {
        starts.push(Date.now());
        order.push(index);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await delay(taskMs);
        inFlight -= 1;
      }),
    ),
  );
  return { peak, starts, order };
}

describe("RequestLimiter", () => {
  it("never runs more tasks at once than its concurrency cap", async () => {
    const limiter = new RequestLimiter({
      maxConcurrency: 4,
      requestsPerSecond: 10_000,
      burst: 10_000,
    });
    const { peak } = await runMany(limiter, 40, 5);
    expect(peak).to.equal(4);
  });

  it("starts queued tasks in the order they asked", async () => {
    const limiter = new RequestLimiter({
      maxConcurrency: 2,
      requestsPerSecond: 10_000,
      burst: 10_000,
    });
    const { order } = await runMany(limiter, 20, 1);
    expect(order).to.deep.equal(Array.from({ length: 20 }, (_, index) => index));
  });

  it("starts an urgent task before every ordinary one already queued", async () => {
    const limiter = new RequestLimiter({
      maxConcurrency: 1,
      requestsPerSecond: 10_000,
      burst: 10_000,
    });
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(name);
      await delay(2);
    };
    await Promise.all([
      limiter.run(task("first")),
      limiter.run(task("write 1")),
      limiter.run(task("write 2")),
      limiter.run(task("read 1"), true),
      limiter.run(task("read 2"), true),
    ]);
    expect(order).to.deep.equal(["first", "read 1", "read 2", "write 1", "write 2"]);
  });

  it("by default lets a quarter second of its rate start at once, then paces", async () => {
    const limiter = new RequestLimiter({ maxConcurrency: 100, requestsPerSecond: 40 });
    await delay(300); // idle: the bucket fills up to the burst, no further
    const { starts } = await runMany(limiter, 12, 0);
    const first = Math.min(...starts);
    expect(
      starts.filter((at) => at - first < 15),
      "started together",
    ).to.have.length(10);
    // The 12th waits for two more tokens at 40/s.
    expect(Math.max(...starts) - first).to.be.at.least(45);
  });

  it("spaces starts by its rate once the burst is spent", async () => {
    const limiter = new RequestLimiter({ maxConcurrency: 100, requestsPerSecond: 100, burst: 1 });
    const { starts } = await runMany(limiter, 11, 0);
    // 10 intervals at 100/s cannot take less than 100 ms; allow timer rounding.
    expect(Math.max(...starts) - Math.min(...starts)).to.be.at.least(90);
  });

  it("releases its slot when a task fails", async () => {
    const limiter = new RequestLimiter({
      maxConcurrency: 1,
      requestsPerSecond: 10_000,
      burst: 10_000,
    });
    await limiter.run(() => Promise.reject(new Error("boom"))).catch(() => undefined);
    expect(await limiter.run(async () => "next")).to.equal("next");
    expect(limiter.stats().inFlight).to.equal(0);
  });

  it("lowers its rate on a 429, once per cooldown, never below the floor", () => {
    const limiter = new RequestLimiter({
      requestsPerSecond: 10,
      minRequestsPerSecond: 5,
      decreaseCooldownMs: 0,
    });
    limiter.onThrottled();
    expect(limiter.stats().ratePerSecond).to.be.closeTo(7, 1e-9);
    limiter.onThrottled();
    limiter.onThrottled();
    expect(limiter.stats().ratePerSecond).to.equal(5);
    expect(limiter.stats().throttled).to.equal(3);
  });

  it("counts a burst of 429s from one overload as one decrease", () => {
    const limiter = new RequestLimiter({ requestsPerSecond: 10 });
    for (let index = 0; index < 5; index += 1) limiter.onThrottled();
    expect(limiter.stats().ratePerSecond).to.be.closeTo(7, 1e-9);
  });

  it("recovers slowly on success, up to its configured rate", () => {
    const limiter = new RequestLimiter({ requestsPerSecond: 10, recoveryPerSuccess: 1 });
    limiter.onThrottled();
    limiter.onSuccess();
    expect(limiter.stats().ratePerSecond).to.be.closeTo(8, 1e-9);
    for (let index = 0; index < 10; index += 1) limiter.onSuccess();
    expect(limiter.stats().ratePerSecond).to.equal(10);
  });

  it("holds every queued task while a Retry-After pause lasts", async () => {
    const limiter = new RequestLimiter({ requestsPerSecond: 10_000, burst: 10_000 });
    limiter.onThrottled(120);
    const before = Date.now();
    const started = await Promise.all([1, 2, 3].map(() => limiter.run(async () => Date.now())));
    for (const at of started) expect(at - before).to.be.at.least(100);
  });

  it("refuses a cap that is not a positive number, naming the setting", () => {
    let error: unknown;
    try {
      new RequestLimiter({ maxConcurrency: 0 });
    } catch (caught) {
      error = caught;
    }
    expect(isErrorOfKind(error, "Configuration")).to.equal(true);
    expect((error as Error).message).to.contain("maxConcurrency");
  });
});

describe("RequestLimiter with the client", () => {
  it("hears of each 429 and slows down, and hears of each success", async () => {
    const server = await startServer((_request, index) =>
      index === 0 ? { status: 429, headers: { "retry-after": "0.01" } } : ok([]),
    );
    try {
      const limiter = new RequestLimiter({
        requestsPerSecond: 1000,
        burst: 1000,
        recoveryPerSuccess: 0,
      });
      await clientFor(server, { limiter }).invoke("Get-Mailbox", { Identity: "a" });
      expect(limiter.stats()).to.deep.include({ throttled: 1, ratePerSecond: 700 });
    } finally {
      await server.close();
    }
  });

  it("sends an urgent call ahead of the calls already queued", async () => {
    const server = await startServer(async () => {
      await delay(10);
      return ok([]);
    });
    try {
      const limiter = new RequestLimiter({
        maxConcurrency: 1,
        requestsPerSecond: 1000,
        burst: 1000,
      });
      const client = clientFor(server, { limiter });
      await Promise.all([
        client.invoke("Set-Mailbox", { Identity: "a", IsExchangeCloudManaged: true }),
        client.invoke("Set-Mailbox", { Identity: "b", IsExchangeCloudManaged: true }),
        client.invoke("Get-Mailbox", { Identity: "c" }, { urgent: true }),
      ]);
      const cmdlets = server.seen.map((request) => request.headers["x-cmdletname"]);
      expect(cmdlets).to.deep.equal(["Set-Mailbox", "Get-Mailbox", "Set-Mailbox"]);
    } finally {
      await server.close();
    }
  });

  it("caps the requests one client sends at once", async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await startServer(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await delay(10);
      inFlight -= 1;
      return ok([]);
    });
    try {
      const limiter = new RequestLimiter({
        maxConcurrency: 3,
        requestsPerSecond: 10_000,
        burst: 10_000,
      });
      const client = clientFor(server, { limiter });
      await Promise.all(
        Array.from({ length: 12 }, () => client.invoke("Set-Mailbox", { Identity: "a" })),
      );
      expect(peak).to.equal(3);
      expect(server.seen).to.have.length(12);
    } finally {
      await server.close();
    }
  });
});

describe("sharedLimiter", () => {
  it("gives one limiter per key for the whole process", () => {
    const first = sharedLimiter("tenant-a-test", { maxConcurrency: 3 });
    expect(sharedLimiter("tenant-a-test")).to.equal(first);
    expect(sharedLimiter("tenant-b-test")).to.not.equal(first);
  });
});
