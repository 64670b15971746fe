import type { EnvironmentConfig } from "../../config/types";
import { eksClusterKind } from "./eks";
import { kindClusterKind } from "./kind";
import type { EnvContext, EnvironmentKind } from "./types";

export type { ClusterAccess, EnvContext, EnvironmentKind } from "./types";

/** Every environment kind by its config `kind`. A VM kind registers here. */
const KINDS: { [K in EnvironmentConfig["kind"]]: EnvironmentKind<Extract<EnvironmentConfig, { kind: K }>> } = {
  eks: eksClusterKind,
  kind: kindClusterKind,
};

export function environmentKind(ctx: EnvContext): EnvironmentKind {
  return KINDS[ctx.env.kind] as unknown as EnvironmentKind;
}
