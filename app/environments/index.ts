import type { EnvironmentConfig } from "../../config/types";
import { eksEnvironmentKind } from "./eks";
import { kindEnvironmentKind } from "./kind";
import type { EnvContext, EnvironmentKind } from "./types";
import { vmEnvironmentKind } from "./vm";

export type * from "./types";

/** Every environment kind by its config `kind`. */
const KINDS: { [K in EnvironmentConfig["kind"]]: EnvironmentKind<Extract<EnvironmentConfig, { kind: K }>> } = {
  eks: eksEnvironmentKind,
  kind: kindEnvironmentKind,
  vm: vmEnvironmentKind,
};

export function environmentKind(ctx: EnvContext): EnvironmentKind {
  return KINDS[ctx.env.kind];
}
