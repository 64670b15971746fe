import { at, list, set } from "./json";

/**
 * Points every reference to environment `from` in a parsed config (services' environments,
 * peerings, failover) at `to`. Moving the environment's own entry is the caller's part.
 */
export function renameEnvironmentRefs(config: unknown, from: string, to: string): void {
  for (const s of list(config, "services")) {
    set(
      s,
      "environments",
      list(s, "environments").map((e) => (e === from ? to : e)),
    );
  }
  for (const p of list(config, "peerings"))
    for (const k of ["acceptor", "dialer"]) if (at(p, [k]) === from) set(p, [k], to);
  for (const f of list(config, "failover")) for (const k of ["from", "to"]) if (at(f, [k]) === from) set(f, [k], to);
}
