import type { EnvironmentConfig } from "../../config/types";
import { eksKind } from "./eks";
import { kindKind } from "./kind";
import type { EnvContext, EnvironmentKind } from "./types";

export type { ClusterAccess, EnvContext, EnvironmentKind } from "./types";

/** Every environment kind by its config `kind`. A VM kind registers here. */
const KINDS: { [K in EnvironmentConfig["kind"]]: EnvironmentKind<Extract<EnvironmentConfig, { kind: K }>> } = {
  eks: eksKind,
  kind: kindKind,
};

export function kindOf(ctx: EnvContext): EnvironmentKind {
  return KINDS[ctx.env.kind] as unknown as EnvironmentKind;
}
