import type { EnvironmentConfig } from "../../config/types";
import { eksKind } from "./eks";
import { kindKind } from "./kind";
import type { EnvContext, EnvironmentKind } from "./types";
import { vmKind } from "./vm";

export type * from "./types";

/** Every environment kind by its config `kind`. */
const KINDS: { [K in EnvironmentConfig["kind"]]: EnvironmentKind<Extract<EnvironmentConfig, { kind: K }>> } = {
  eks: eksKind,
  kind: kindKind,
  vm: vmKind,
};

export function environmentKind(ctx: EnvContext): EnvironmentKind {
  return KINDS[ctx.env.kind] as unknown as EnvironmentKind;
}
