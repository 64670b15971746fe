/**
 * Spec builders: each turns a construct's props into the `spec` of its Consul config entry, with
 * the CRD's field names. They know nothing of Kubernetes, so another target (a VM's
 * `consul_config_entry`) can render the same spec. Undefined fields are dropped on emission.
 */

/** Copies the listed spec fields of `props`; props that are not spec fields stay behind. */
export function pickSpec<P extends object, K extends keyof P>(props: P, keys: readonly K[]): Pick<P, K> {
  const out = {} as Pick<P, K>;
  for (const k of keys) if (props[k] !== undefined) out[k] = props[k];
  return out;
}

/** `{ mode }` when a mode is set, the CRD's shape of meshGateway / prioritizeByLocality. */
export function modeOf<T extends string>(mode: T | undefined): { mode: T } | undefined {
  return mode === undefined ? undefined : { mode };
}
