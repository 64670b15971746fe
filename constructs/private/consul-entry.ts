import { Lazy, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { ConfigEntry } from "@cdktf/provider-consul/lib/config-entry";
import { ConsulTarget } from "../consul-target";
import { claim } from "./claim";
import { CONFIG_ENTRY_KINDS, KUBERNETES_ONLY_KINDS, kubernetesOnlyFields, toConfigEntryBody } from "./entry-json";
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
  const { props, spec } = args;
  const kind = CONFIG_ENTRY_KINDS[args.kind];
  const p = new Problems(scope.node.path);
  if (!kind) refuseConsulProvider(p, args.kind, props.provider);
  // Kubernetes metadata has no place in a config entry: refuse it rather than drop it.
  for (const k of ["namespace", "labels", "annotations"] as const) {
    if (props[k] !== undefined)
      p.add(
        `${args.kind}.${k}`,
        props[k],
        "is Kubernetes metadata of the custom resource; a consul_config_entry (Consul provider) has none, remove it",
      );
  }
  // A spec known now is checked now; one built later (addService()) when it resolves.
  if (!isToken(spec)) refuseKubernetesOnly(p, args.kind, spec);
  p.throwIfAny();

  const target = ConsulTarget.of(scope);
  const name = args.entryName ?? args.name;
  const namespace = target.namespaces ? (args.entryNamespace ?? "default") : undefined;
  const provider = props.provider;
  if (provider === undefined) throw new Error("internal error: a config entry needs its Consul provider");
  if (!isToken(name) && !isToken(args.entryNamespace)) {
    claim(scope, provider.node.path, [entryClaim(args.kind, namespace, name)]);
  }
  const Entry = configEntryClass();
  return new Entry(scope, "Resource", {
    provider,
    dependsOn: props.dependsOn,
    kind,
    name,
    namespace,
    partition: target.partitions ? target.partition : undefined,
    // Resolved at synth, after builders such as addSource() ran. Literal "${" is escaped the
    // same way as in a manifest, so Terraform does not evaluate user text.
    configJson: Lazy.stringValue({
      produce: (ctx) => {
        const resolved: unknown = ctx.resolve(isToken(spec) ? spec : toManifest(spec));
        const k8s = new Problems(scope.node.path);
        refuseKubernetesOnly(k8s, args.kind, resolved);
        k8s.throwIfAny();
        return JSON.stringify(toConfigEntryBody(args.kind, resolved));
      },
    }),
  });
}

/** Records why a kind that exists only on Kubernetes cannot take a Consul provider. */
export function refuseConsulProvider(p: Problems, kind: string, provider: TerraformProvider | undefined): void {
  const why = KUBERNETES_ONLY_KINDS[kind] ?? "has no Consul config entry";
  p.add(
    `${kind}.provider`,
    provider?.node.path,
    `is a Consul provider, but ${kind} ${why}; give it a kubernetes provider`,
  );
}

function refuseKubernetesOnly(p: Problems, kind: string, spec: unknown): void {
  for (const [field, value] of kubernetesOnlyFields(kind, spec))
    p.add(
      `${kind}.${field}`,
      value,
      "configures consul-k8s and has no place in a Consul config entry; remove it for a Consul provider",
    );
}

type ConfigEntryModule = typeof import("@cdktf/provider-consul/lib/config-entry");

/** The ConfigEntry class, loaded on first use rather than at import. */
function configEntryClass(): ConfigEntryModule["ConfigEntry"] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the Consul provider is an optional peer dependency
  const mod = require("@cdktf/provider-consul/lib/config-entry") as ConfigEntryModule;
  return mod.ConfigEntry;
}
