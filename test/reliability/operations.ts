/**
 * The operations of the fault matrix: each prepares its starting state without faults, then
 * runs one provider call whose outcome the matrix judges.
 */
import { MailboxOutputs } from "../../provider/dynamic/inputs";
import { checked, provider } from "../integration/harness";
import { failureOf } from "./observe";

export const ALICE = "alice@contoso.example"; // synced, not cloud-managed in the seed
export const DANA = "dana@contoso.example"; // synced, already cloud-managed in the seed

/** What one provider call returned, reduced to what the matrix judges. */
export interface CallResult {
  /** The resource id; "" means the provider said the mailbox is gone. */
  readonly id: string;
  /** IsExchangeCloudManaged as the provider reported it; undefined for delete. */
  readonly reported?: boolean | undefined;
}

/** One column of the matrix. */
export interface Operation {
  readonly name: string;
  /** The mailbox the program declares; the only one that may be written. */
  readonly mailbox: string;
  /** IsExchangeCloudManaged the tenant must hold when the call succeeds. */
  readonly desired: boolean;
  /** True when the call must not write at all (adoption, refresh). */
  readonly readOnly: boolean;
  /** Sets up the starting state (no faults active) and returns the call to judge. */
  prepare(): Promise<() => Promise<CallResult>>;
}

type Created = { id: string; outs: MailboxOutputs };

async function create(raw: Record<string, unknown>): Promise<Created> {
  const result = await provider.create(await checked(raw));
  return { id: result.id, outs: result.outs as MailboxOutputs };
}

function reportedOf(outs: unknown): boolean | undefined {
  const value = (outs as Partial<MailboxOutputs> | undefined)?.isExchangeCloudManaged;
  return typeof value === "boolean" ? value : undefined;
}

/** The matrix columns, in the order they are printed. */
export const OPERATIONS: readonly Operation[] = [
  {
    name: "create",
    mailbox: ALICE,
    desired: true,
    readOnly: false,
    prepare: async () => {
      const inputs = await checked({ identity: ALICE });
      return async () => {
        const result = await provider.create(inputs);
        return { id: result.id, reported: reportedOf(result.outs) };
      };
    },
  },
  {
    name: "adopt",
    mailbox: DANA,
    desired: true,
    readOnly: true,
    prepare: async () => {
      const inputs = await checked({ identity: DANA });
      return async () => {
        const result = await provider.create(inputs);
        return { id: result.id, reported: reportedOf(result.outs) };
      };
    },
  },
  {
    name: "read",
    mailbox: ALICE,
    desired: true,
    readOnly: true,
    prepare: async () => {
      const created = await create({ identity: ALICE });
      return async () => {
        const result = await provider.read(created.id, { ...created.outs });
        return { id: result.id ?? "", reported: reportedOf(result.props) };
      };
    },
  },
  {
    name: "update->false",
    mailbox: ALICE,
    desired: false,
    readOnly: false,
    prepare: async () => {
      const created = await create({ identity: ALICE });
      const news = await checked({ identity: ALICE, cloudManaged: false });
      return async () => {
        const result = await provider.update(created.id, created.outs, news);
        return { id: created.id, reported: reportedOf(result.outs) };
      };
    },
  },
  {
    name: "update->true",
    mailbox: ALICE,
    desired: true,
    readOnly: false,
    prepare: async () => {
      const created = await create({ identity: ALICE, cloudManaged: false });
      const news = await checked({ identity: ALICE });
      return async () => {
        const result = await provider.update(created.id, created.outs, news);
        return { id: created.id, reported: reportedOf(result.outs) };
      };
    },
  },
  {
    name: "delete(revert)",
    mailbox: ALICE,
    desired: false,
    readOnly: false,
    prepare: async () => {
      const created = await create({ identity: ALICE, onDelete: "revert" });
      return async () => {
        await provider.delete(created.id, created.outs);
        return { id: created.id };
      };
    },
  },
];

/** Other resources adopting and refreshing at the same time, for rows that test limits. */
export async function parallelLoad(): Promise<void> {
  const others = ["erin@contoso.example", "kim@contoso.example", "support@contoso.example"];
  await Promise.all(
    others.map(async (identity) =>
      failureOf(async () => provider.create(await checked({ identity }))),
    ),
  );
}
