import type { EnvironmentConfig } from "../../config/types";
import { eksClusterKind } from "./eks";
import { kindClusterKind } from "./kind";
import type { EnvContext, EnvironmentKind } from "./types";
import { vmHostsKind } from "./vm";

export type { ClusterAccess, EnvContext, EnvironmentKind, OwnStacks } from "./types";

/** Every environment kind by its config `kind`. */
const KINDS: { [K in EnvironmentConfig["kind"]]: EnvironmentKind<Extract<EnvironmentConfig, { kind: K }>> } = {
  eks: eksClusterKind,
  kind: kindClusterKind,
  vm: vmHostsKind,
};

export function environmentKind(ctx: EnvContext): EnvironmentKind {
  return KINDS[ctx.env.kind] as unknown as EnvironmentKind;
}
