import { TERMINATING_GATEWAY_NAME, terminatingGatewayRules } from "../../infra/terminating-gateway";
import {
  at,
  list,
  must,
  parseJson,
  record,
  resourceByIdPrefix,
  resources,
  set,
  text,
  unset,
  type TerraformJson,
} from "../support";
import { cloudConfigs, provisionedFiles, synthVmOnce, writeFiles } from "./helpers";

// config/hybrid-vm.yaml's legacy service (mainframe, called by b) on the VM side, and the same
// config without it.
const example = synthVmOnce();
const plain = synthVmOnce((c) => {
  unset(c, "externalServices");
  set(
    c,
    "calls",
    list(c, "calls").filter((x) => !text(x, []).includes("mainframe")),
  );
});

let mesh: TerraformJson;
beforeAll(() => {
  mesh = example.json("mesh-onprem");
});
const unitsOf = (s: typeof example, host: string) => writeFiles(cloudConfigs(s.json("onprem-vm"))[`user-data-${host}`]);
const meshApply = (json: TerraformJson, host: string) => resourceByIdPrefix(json, "terraform_data", `mesh-${host}_`);
const UNIT = "/etc/systemd/system/consul-terminating-gateway.service";

describe("the terminating gateway unit", () => {
  it("registers and runs the terminating gateway on the mesh gateway's host, at its LAN address, with its own token", () => {
    // when
    const unit = unitsOf(example, "gateway-1")[UNIT];
    // then
    expect(unit).toContain(
      "ExecStart=/usr/bin/consul connect envoy -gateway=terminating -register -service terminating-gateway -address 192.168.10.30:8444 -admin-bind 127.0.0.1:19001 -token-file %d/token -envoy-binary /usr/bin/envoy",
    );
    expect(unit).toContain("LoadCredential=token:/etc/consul.d/tokens/terminating-gateway");
    expect(unit).toMatch(/^DynamicUser=yes$/m);
    expect(unit).toMatch(/^NoNewPrivileges=yes$/m);
    expect(unit).not.toContain("-wan-address"); // only the mesh gateway faces the other site
    for (const host of ["consul-1", "app-1", "app-2"]) expect(unitsOf(example, host)[UNIT]).toBeUndefined();
  });

  it("is absent when nothing is external", () => {
    // when
    const unit = unitsOf(plain, "gateway-1")[UNIT];
    const apply = meshApply(plain.json("mesh-onprem"), "gateway-1");
    // then
    expect(unit).toBeUndefined();
    expect(JSON.stringify(apply)).not.toContain("terminating");
  });

  it("starts with the mesh gateway once its token is on the host; only the gateway host gets the token", () => {
    // when
    const gw = meshApply(mesh, "gateway-1");
    // then
    expect(provisionedFiles(gw)["/etc/consul.d/tokens/terminating-gateway"]).toMatch(
      /^\$\{data\.consul_acl_token_secret_id\.external-services_token-secret_\w+\.secret_id\}$/,
    );
    expect(JSON.stringify(gw)).toContain(
      "systemctl enable consul-mesh-gateway.service consul-terminating-gateway.service",
    );
    for (const host of ["app-1", "app-2", "consul-1"])
      expect(Object.keys(provisionedFiles(meshApply(mesh, host)))).not.toContain(
        "/etc/consul.d/tokens/terminating-gateway",
      );
  });
});

describe("the terminating gateway's token", () => {
  it("writes only itself and the linked services, and reads nodes (what consul-k8s gives its gateway)", () => {
    // when
    const policy = must(resources(mesh, "consul_acl_policy").find((p) => p.name === TERMINATING_GATEWAY_NAME));
    const rules = parseJson(text(policy, "rules"));
    const token = must(resources(mesh, "consul_acl_token").find((t) => t.description === "terminating gateway token"));
    // then
    expect(rules).toEqual({
      service: { "terminating-gateway": { policy: "write" }, mainframe: { policy: "write" } },
      node_prefix: { "": { policy: "read" } },
    });
    expect(rules).toEqual(terminatingGatewayRules(["mainframe"]));
    expect(policy.datacenters).toEqual(["onprem"]);
    expect(token).toMatchObject({
      local: true,
      policies: [expect.stringMatching(/^\$\{consul_acl_policy\.external-services_policy_\w+\.name\}$/)],
    });
    expect(token.node_identities).toBeUndefined();
    expect(token.service_identities).toBeUndefined();
  });
});

describe("the external service in the catalog", () => {
  it("is a service on a node of its own with the service's address, marked external", () => {
    // when
    const nodes = resources(mesh, "consul_node").map(({ "//": _, ...n }) => n);
    const [service] = resources(mesh, "consul_service");
    // then
    expect(nodes).toEqual([
      {
        provider: "consul",
        datacenter: "onprem",
        name: "external-mainframe",
        address: "192.168.20.15",
        meta: { "external-node": "true" },
      },
    ]);
    expect(service).toMatchObject({
      name: "mainframe",
      address: "192.168.20.15",
      port: 8080,
      datacenter: "onprem",
      node: expect.stringMatching(/^\$\{consul_node\.external-services_node-mainframe_\w+\.name\}$/) as unknown,
    });
    expect(record(plain.json("mesh-onprem"), "resource").consul_service).toBeUndefined();
  });

  it("is b's explicit upstream, local (no peer), on loopback", () => {
    // when
    const b = at(parseJson(provisionedFiles(meshApply(mesh, "app-1"))["/etc/consul.d/service-b.json"]), "service");
    const upstreams = at(b, "connect.sidecar_service.proxy.upstreams");
    const app = unitsOf(example, "app-1")["/etc/systemd/system/hybrid-mesh-b.service"];
    // then
    expect(upstreams).toEqual([
      {
        destination_name: "mainframe",
        local_bind_address: "127.0.0.1",
        local_bind_port: expect.any(Number) as unknown,
      },
    ]);
    expect(app).toContain(
      `Environment=UPSTREAMS=mainframe=http://127.0.0.1:${String(at(upstreams, "[0].local_bind_port"))}`,
    );
  });
});
