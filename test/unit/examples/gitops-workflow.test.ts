import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";

interface Step {
  run?: string;
  uses?: string;
}
interface Job {
  if?: string;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const text = readFileSync(join(__dirname, "../../../examples/gitops/workflow.yml"), "utf8");
const workflow = load(text) as Workflow;
const runs = (job: string) => (workflow.jobs[job]?.steps ?? []).map((s) => s.run ?? "").join("\n");

describe("the gitops example workflow", () => {
  it("runs on pull requests, on merges to main and on a schedule", () => {
    expect(workflow.on).to.have.keys("pull_request", "push", "schedule", "workflow_dispatch");
    expect(workflow.on["push"]).to.deep.include({ branches: ["main"] });
  });

  it("signs in with GitHub's OIDC token and stores no secret", () => {
    expect(workflow.permissions["id-token"]).to.equal("write");
    expect(text).not.to.match(/secrets\./);
    expect(text).not.to.match(/AZURE_CLIENT_SECRET|clientSecret/);
  });

  it("previews against the live tenant on pull requests and posts the diff as a comment", () => {
    expect(workflow.jobs["preview"]?.if).to.match(/pull_request/);
    expect(runs("preview")).to.match(/pulumi preview .*--refresh/);
    expect(workflow.jobs["preview"]?.steps.some((s) => s.uses?.startsWith("actions/github-script"))).to.equal(true);
  });

  it("applies on merge and fails the scheduled job on drift", () => {
    expect(runs("up")).to.match(/pulumi up .*--yes/);
    expect(runs("drift")).to.match(/pulumi preview .*--refresh .*--expect-no-changes/);
  });
});
