import { Lazy, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { ConfigEntry } from "@cdktf/provider-consul/lib/config-entry";
import { ConsulTarget } from "../consul-target";
import { claim } from "./claim";
import { CONFIG_ENTRY_KINDS, KUBERNETES_ONLY_KINDS, toConfigEntryBody } from "./entry-json";
import { Problems } from "./problems";
import { ConsulManifestArgs, entryClaim } from "./kubernetes";
import { isToken, toManifest } from "./validation";

/**
 * The Consul target: renders the same spec a construct gives the Kubernetes target as a
 * `consul_config_entry` of a Consul provider (a VM datacenter, or any Consul reached over its
 * HTTP API). config_json holds the entry's own fields only; kind, name, namespace and partition
 * are attributes (terraform-provider-consul resource_consul_config_entry.go overwrites them).
 */
export function createConsulConfigEntry(scope: Construct, args: ConsulManifestArgs): ConfigEntry {
  const { props } = args;
  const kind = CONFIG_ENTRY_KINDS[args.kind];
  const p = new Problems(scope.node.path);
  if (!kind) refuseConsulProvider(p, args.kind, props.provider);
  // Kubernetes metadata has no place in a config entry: refuse it rather than drop it.
  for (const k of ["namespace", "labels", "annotations"] as const) {
    if (props[k] !== undefined) p.add(`${args.kind}.${k}`, props[k], "is Kubernetes metadata of the custom resource; a consul_config_entry (Consul provider) has none, remove it");
  }
  p.throwIfAny();

  const target = ConsulTarget.of(scope);
  const name = args.entryName ?? args.name;
  const namespace = target.namespaces ? (args.entryNamespace ?? "default") : undefined;
  if (!isToken(name) && !isToken(args.entryNamespace)) {
    claim(scope, props.provider!.node.path, [entryClaim(args.kind, namespace ?? "", name)]);
  }
  const spec = args.spec;
  // Loaded here, not at import: the Consul provider is an optional peer dependency.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ConfigEntry: Entry } = require("@cdktf/provider-consul/lib/config-entry") as typeof import("@cdktf/provider-consul/lib/config-entry");
  return new Entry(scope, "Resource", {
    provider: props.provider,
    dependsOn: props.dependsOn,
    kind,
    name,
    namespace,
    partition: target.partitions ? target.partition : undefined,
    // Resolved at synth, after builders such as addSource() ran. Literal "${" is escaped the
    // same way as in a manifest, so Terraform does not evaluate user text.
    configJson: Lazy.stringValue({ produce: (ctx) => JSON.stringify(toConfigEntryBody(args.kind, ctx.resolve(isToken(spec) ? spec : toManifest(spec)))) }),
  });
}

/** Records why a kind that exists only on Kubernetes cannot take a Consul provider. */
export function refuseConsulProvider(p: Problems, kind: string, provider: TerraformProvider | undefined): void {
  const why = KUBERNETES_ONLY_KINDS[kind] ?? "has no Consul config entry";
  p.add(`${kind}.provider`, provider?.node.path, `is a Consul provider, but ${kind} ${why}; give it a kubernetes provider`);
}
