/**
 * The VM datacenter gets the plan's config entries as consul_config_entry, from the same function
 * that renders a Kubernetes environment's CRDs (stacks/mesh-config.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import {
  at,
  list,
  manifests,
  must,
  needsReference,
  parseJson,
  resources,
  resourcesById,
  text,
  type TerraformJson,
} from "../support";
import type { EnvironmentPlan } from "../../constructs/topology";
import { synthVmOnce, ROOT } from "../vm/helpers";

describe("mesh-onprem (VMs) holds the derived config entries", () => {
  // Also let a (onprem) call e, failing over from onprem to the cloud: the VM side then has a
  // resolver and upstream overrides too.
  const vm = synthVmOnce((c) => {
    list(c, "calls").push("a -> e");
    list(c, "failover").push({ service: "e", from: "onprem", to: "cloud" });
  });
  const readEntries = (json: TerraformJson) =>
    Object.entries(resourcesById(json, "consul_config_entry")).map(([id, e]) => ({
      id,
      kind: text(e, "kind"),
      name: text(e, "name"),
      provider: e.provider,
      body: parseJson(text(e, "config_json")),
    }));
  let stack: TerraformJson;
  let plan: EnvironmentPlan;
  let entries: ReturnType<typeof readEntries>;
  beforeAll(() => {
    stack = vm.json("mesh-onprem");
    plan = must(vm.result.mesh.plan.environments.find((e) => e.name === "onprem"));
    entries = readEntries(stack);
  });
  const find = (kind: string, name: string) =>
    must(
      entries.find((e) => e.kind === kind && e.name === name),
      `${kind}/${name} entry`,
    );

  it("has one entry per plan object, all through the datacenter's Consul provider", () => {
    // given: a plan with resolvers and an external service
    expect(plan.resolvers.length).toBeGreaterThan(0);
    expect(plan.externalServices.length).toBeGreaterThan(0);
    const expected = [
      "mesh/mesh",
      "proxy-defaults/global",
      "service-intentions/*",
      ...plan.serviceDefaults.map((d) => `service-defaults/${d.service}`),
      ...plan.intentions.map((i) => `service-intentions/${i.destination}`),
      ...(plan.exports.length ? ["exported-services/default"] : []),
      ...plan.resolvers.map((r) => `service-resolver/${r.service}`),
      // The example's external service: its protocol, and the terminating gateway linking it.
      ...plan.externalServices.map((e) => `service-defaults/${e.name}`),
      ...(plan.externalServices.length ? ["terminating-gateway/terminating-gateway"] : []),
    ].sort();
    // when
    const rendered = entries.map((e) => `${e.kind}/${e.name}`).sort();
    const manifestKinds = manifests(stack).map((m) => m.kind);
    // then
    expect(rendered).toEqual(expected);
    expect(new Set(entries.map((e) => e.provider))).toEqual(new Set(["consul"]));
    expect(manifestKinds).toEqual(["PeeringAcceptor"]);
  });

  it("peers through the mesh gateways, in gateway mode local, and denies by default", () => {
    // With an external service, proxies reach only mesh destinations (the Kubernetes Mesh does the same).
    expect(find("mesh", "mesh").body).toEqual({
      Peering: { PeerThroughMeshGateways: true },
      TransparentProxy: { MeshDestinationsOnly: true },
    });
    expect(find("proxy-defaults", "global").body).toEqual({
      MeshGateway: { Mode: "local" },
      AccessLogs: { Enabled: true, Type: "stdout" },
    });
    expect(at(find("service-intentions", "*").body, "Sources")).toEqual([
      expect.objectContaining({ Name: "*", Action: "deny", Precedence: 5 }),
    ]);
  });

  it("renders the plan's intentions, exports, resolvers and upstream overrides", () => {
    for (const i of plan.intentions) {
      expect(find("service-intentions", i.destination).body).toEqual({
        Sources: i.sources.map((s) => ({
          Name: s.name,
          ...(s.peer ? { Peer: s.peer } : {}),
          Action: "allow",
          Type: "consul",
          Precedence: 9,
        })),
      });
    }
    expect(find("exported-services", "default").body).toEqual({
      Services: plan.exports.map((e) => ({ Name: e.service, Consumers: e.consumers.map((p) => ({ Peer: p })) })),
    });
    for (const r of plan.resolvers) {
      expect(find("service-resolver", r.service).body).toEqual({
        ConnectTimeout: "5s",
        Failover: { "*": { Targets: r.failoverPeers.map((p) => ({ Peer: p })) } },
      });
    }
    const withOverrides = plan.serviceDefaults.filter((d) => d.upstreamOverrides.length);
    expect(withOverrides.length).toBeGreaterThan(0);
    for (const d of withOverrides) {
      expect(at(find("service-defaults", d.service).body, "UpstreamConfig.Overrides")).toEqual(
        d.upstreamOverrides.map(
          (o) =>
            expect.objectContaining({
              Name: o.name,
              ...(o.peer ? { Peer: o.peer } : {}),
              PassiveHealthCheck: expect.objectContaining({ Interval: "10s", MaxFailures: 3 }) as unknown,
            }) as unknown,
        ),
      );
    }
  });

  it("links the external services to the terminating gateway, registered in the catalog (no destination)", () => {
    expect(find("terminating-gateway", "terminating-gateway").body).toEqual({
      Services: plan.externalServices.map((e) => ({ Name: e.name })),
    });
    for (const e of plan.externalServices)
      expect(find("service-defaults", e.name).body).toEqual({ Protocol: e.protocol });
  });

  it("dials the acceptor only after the Mesh entry exists, as the Kubernetes dialer waits for its Mesh", () => {
    const [dialer] = resources(stack, "consul_peering");
    expect(dialer.depends_on).toContain(`consul_config_entry.${find("mesh", "mesh").id}`);
  });

  const validator = needsReference("consul/validate-consul-vm.mjs", "the Consul VM validator");
  validator.it("every entry passes Consul's config-entry schemas and Validate() rules", () => {
    // given
    const file = path.join(vm.dir, "entries.tf.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ resource: { consul_config_entry: resourcesById(stack, "consul_config_entry") } }),
    );
    // when
    const out = execFileSync(process.execPath, [validator.path, "--modules", ROOT, file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    // then
    expect(out.trim().split("\n").pop()).toBe(`${entries.length} objects checked, 0 problems`);
  });

  it("passes the policy gate's default-deny rule on its own entries, with no suppression", () => {
    expect(vm.result.gate.violations).toEqual([]);
    expect(vm.result.gate.suppressed.filter((s) => s.ruleId === "HM-MESH-001")).toEqual([]);
  });
});
