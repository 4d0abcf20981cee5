import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../sdk/cli";
import { EngineEnv, projectStack, removeStackConfigFile, REPO_ROOT, startEngineEnv } from "./harness";

describe("the examples, run by the real engine against the emulator", function () {
  this.timeout(240_000);
  let env: EngineEnv;

  before(async () => {
    env = await startEngineEnv();
  });
  after(async () => env.stop());

  it("quickstart (the root Pulumi.yaml): up makes the declared mailboxes cloud-managed, then nothing drifts", async () => {
    const name = `e2e-quickstart-${process.pid}`;
    try {
      const stack = await projectStack(env, REPO_ROOT, name);
      const up = await stack.up();
      expect(up.summary.resourceChanges).to.include({ create: 6 });
      for (const identity of ["alice@contoso.example", "bob@contoso.example", "sales@contoso.example", "room.berlin@contoso.example"]) {
        expect(env.emulator.control.mailbox(identity)?.IsExchangeCloudManaged, identity).to.equal(true);
      }
      await stack.preview({ refresh: true, expectNoChanges: true });
      await stack.destroy();
      await stack.workspace.removeStack(name);
    } finally {
      removeStackConfigFile(REPO_ROOT, name);
    }
  });

  it("bulk: a JSON list, then a CSV list, become resources; owned attributes are written", async () => {
    const dir = join(REPO_ROOT, "examples", "bulk");
    const name = `e2e-bulk-${process.pid}`;
    try {
      const stack = await projectStack(env, dir, name);
      const up = await stack.up();
      expect(up.summary.resourceChanges).to.include({ create: 6 });
      expect(env.emulator.control.mailbox("jose.mueller@contoso.example")?.CustomAttribute5).to.equal("Madrid");
      expect((await stack.outputs())["count"]?.value).to.equal(5);

      await stack.setConfig("mailboxFile", { value: "mailboxes.csv" });
      const csv = await stack.up();
      // alice and bob stay; jose, support and projector go (retained), frank comes.
      expect(csv.summary.resourceChanges).to.include({ create: 1, delete: 3 });
      expect(env.emulator.control.mailbox("frank@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
      expect(env.emulator.control.mailbox("support@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
      await stack.destroy();
      await stack.workspace.removeStack(name);
    } finally {
      removeStackConfigFile(dir, name);
    }
  });
});

describe("adopting an existing tenant: export, then up", function () {
  this.timeout(240_000);
  let env: EngineEnv;

  before(async () => {
    env = await startEngineEnv();
  });
  after(async () => env.stop());

  it("an up of the exported definition adopts every cloud-managed mailbox and writes nothing", async () => {
    const out = join(env.dir, "exported.json");
    const saved = process.env["AZURE_CLIENT_SECRET"];
    process.env["AZURE_CLIENT_SECRET"] = env.emulator.app.clientSecret;
    try {
      const e = env.emulator;
      const code = await main(["export", "--out", out, "--tenant-id", e.tenantId, "--client-id", e.app.clientId,
        "--authority-host", e.authorityHost, "--exchange-url", e.exchangeUrl, "--ca-certificate-path", e.caPath]);
      expect(code).to.equal(0);
    } finally {
      if (saved === undefined) delete process.env["AZURE_CLIENT_SECRET"];
      else process.env["AZURE_CLIENT_SECRET"] = saved;
    }
    const dir = join(REPO_ROOT, "examples", "bulk");
    const name = `e2e-adopt-${process.pid}`;
    try {
      const stack = await projectStack(env, dir, name);
      await stack.setConfig("mailboxFile", { value: out });
      env.emulator.control.resetCounters();
      const up = await stack.up();
      const exported = (JSON.parse(readFileSync(out, "utf8")) as unknown[]).length;
      expect(up.summary.resourceChanges).to.include({ create: exported + 1 });
      expect(env.emulator.control.counters().writes).to.deep.equal([]);
      await stack.preview({ refresh: true, expectNoChanges: true });
      await stack.workspace.removeStack(name, { force: true });
    } finally {
      removeStackConfigFile(dir, name);
    }
  });
});
