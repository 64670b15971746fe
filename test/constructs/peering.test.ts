import { TerraformStack, Testing } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { DataKubernetesSecretV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ConsulPeering } from "../../constructs/consul-peering";
import { PeeringAcceptor } from "../../constructs/peering-acceptor";
import { PeeringDialer } from "../../constructs/peering-dialer";
import { newStack, onlyManifest, problemsOf, synthJson } from "./helpers";
import { resourcesById, type TerraformJson } from "../support";

describe("PeeringAcceptor", () => {
  it("names the resource after the peer, points at the token secret and waits for it", () => {
    const synthed = Testing.synthScope(
      (scope) => new PeeringAcceptor(scope, "a", { peerName: "onprem", peeringVersion: 2 }),
    );
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      manifest: {
        apiVersion: "consul.hashicorp.com/v1alpha1",
        kind: "PeeringAcceptor",
        metadata: { name: "onprem", namespace: "consul", annotations: { "consul.hashicorp.com/peering-version": "2" } },
        spec: { peer: { secret: { name: "peering-token-onprem", key: "data", backend: "kubernetes" } } },
      },
      // Only fields: the provider's waiter ignores `fields` when a `condition` is present
      // (terraform-provider-kubernetes manifest/provider/waiter.go), and Synced stays True from version 1.
      wait: { fields: { "status.latestPeeringVersion": "^2$" } },
    });
    const json = JSON.parse(
      Testing.synthScope((scope) => new PeeringAcceptor(scope, "a", { peerName: "onprem", peeringVersion: 2 })),
    ) as TerraformJson;
    expect(
      Object.values(resourcesById(json, "kubernetes_manifest") as Record<string, { wait: object }>)[0].wait,
    ).not.toHaveProperty("condition");
  });

  it("without a version, waits for Synced (no annotation, so no latestPeeringVersion)", () => {
    const stack = newStack();
    new PeeringAcceptor(stack, "a", { peerName: "onprem" });
    const res = Object.values(resourcesById(synthJson(stack), "kubernetes_manifest"))[0] as { wait?: unknown };
    expect(res.wait).toEqual({ condition: [{ type: "Synced", status: "True" }] });
  });

  it("can skip the wait and use another secret", () => {
    const stack = newStack();
    new PeeringAcceptor(stack, "a", { peerName: "onprem", secretName: "tok", secretKey: "token", waitForToken: false });
    const res = Object.values(resourcesById(synthJson(stack), "kubernetes_manifest"))[0] as {
      wait?: unknown;
      manifest: { spec: unknown; metadata: object };
    };
    expect(res.wait).toBeUndefined();
    expect(res.manifest.spec).toEqual({ peer: { secret: { name: "tok", key: "token", backend: "kubernetes" } } });
    expect(res.manifest.metadata).not.toHaveProperty("annotations");
  });

  it("rejects a bad peer name, secret key and version", () => {
    const p = problemsOf(
      () => new PeeringAcceptor(newStack(), "a", { peerName: "On_Prem", secretKey: "a/b", peeringVersion: 1.5 }),
    );
    expect(p[0]).toMatch(/^test\/a: PeeringAcceptor\.peerName: "On_Prem" is not a DNS-1123 label/);
    expect(p.slice(1)).toEqual([
      'test/a: PeeringAcceptor.secretKey: "a/b" is not a valid Secret key (letters, digits, "-", "_" and ".")',
      `test/a: PeeringAcceptor.peeringVersion: 1.5 is not allowed; use an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
    ]);
  });
});

describe("PeeringDialer", () => {
  it("reads the token from the given secret", () => {
    const stack = newStack();
    new PeeringDialer(stack, "d", { peerName: "cloud", secretName: "peering-token-cloud", peeringVersion: 1 });
    const m = onlyManifest(stack);
    expect(m.kind).toBe("PeeringDialer");
    expect(m.metadata).toEqual({
      name: "cloud",
      namespace: "consul",
      annotations: { "consul.hashicorp.com/peering-version": "1" },
    });
    expect(m.spec).toEqual({ peer: { secret: { name: "peering-token-cloud", key: "data", backend: "kubernetes" } } });
  });

  it("waits until Consul established the peering with this version, so a failed dial fails the apply", () => {
    const stack = newStack();
    new PeeringDialer(stack, "d", { peerName: "cloud", peeringVersion: 4 });
    new PeeringDialer(stack, "e", { peerName: "other", peeringVersion: 4, waitForPeering: false });
    const waits = Object.values(resourcesById(synthJson(stack), "kubernetes_manifest")).map(
      (r) => (r as { wait?: unknown }).wait,
    );
    expect(waits).toEqual([{ fields: { "status.latestPeeringVersion": "^4$" } }, undefined]);
  });

  it("rejects a missing peer name", () => {
    // given
    const stack = newStack();
    // when
    const problems = problemsOf(() => new PeeringDialer(stack, "d", { peerName: "" }));
    // then
    expect(problems).toEqual(['test/d: PeeringDialer.peerName: "" is required']);
  });
});

describe("ConsulPeering", () => {
  function peeringStack(version?: number) {
    const stack = new TerraformStack(Testing.app(), "mesh-onprem");
    const cloud = new KubernetesProvider(stack, "cloud", { alias: "cloud" });
    const onprem = new KubernetesProvider(stack, "onprem", { alias: "onprem" });
    const peering = new ConsulPeering(stack, "Peering", {
      acceptor: { provider: cloud, peerName: "onprem" },
      dialer: { provider: onprem, peerName: "cloud" },
      version,
    });
    return { stack, cloud, onprem, peering };
  }

  it("creates acceptor, token data source, dialer-side secret and dialer through the right providers", () => {
    const { stack, peering } = peeringStack();
    const synthed = Testing.synth(stack);
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      provider: "kubernetes.cloud",
      manifest: expect.objectContaining({
        kind: "PeeringAcceptor",
        metadata: { name: "onprem", namespace: "consul", annotations: { "consul.hashicorp.com/peering-version": "1" } },
      }) as unknown,
    });
    expect(synthed).toHaveDataSourceWithProperties(DataKubernetesSecretV1, {
      provider: "kubernetes.cloud",
      metadata: { name: "peering-token-onprem", namespace: "consul" },
      depends_on: [`kubernetes_manifest.${stack.getLogicalId(peering.acceptor.resource)}`],
    });
    expect(synthed).toHaveResourceWithProperties(SecretV1, {
      provider: "kubernetes.onprem",
      metadata: expect.objectContaining({ name: "peering-token-cloud", namespace: "consul" }) as unknown,
      data_wo: { data: `\${data.kubernetes_secret_v1.${stack.getLogicalId(peering.tokenSource)}.data["data"]}` },
      data_wo_revision: 1,
    });
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      provider: "kubernetes.onprem",
      depends_on: [`kubernetes_secret_v1.${stack.getLogicalId(peering.tokenSecret)}`],
      manifest: expect.objectContaining({
        kind: "PeeringDialer",
        metadata: { name: "cloud", namespace: "consul", annotations: { "consul.hashicorp.com/peering-version": "1" } },
        spec: { peer: { secret: { name: "peering-token-cloud", key: "data", backend: "kubernetes" } } },
      }) as unknown,
    });
  });

  it("holds exactly the four resources and no outputs", () => {
    const { stack } = peeringStack();
    const json = synthJson(stack);
    expect(Object.keys(resourcesById(json, "kubernetes_manifest"))).toHaveLength(2);
    expect(Object.keys(resourcesById(json, "kubernetes_secret_v1"))).toHaveLength(1);
    expect(Object.keys(json.data?.kubernetes_secret_v1 ?? {})).toHaveLength(1);
    expect(json.output).toBeUndefined();
  });

  it("never holds the token as a literal, and writes it write-only (no copy in the Secret's state)", () => {
    const { stack } = peeringStack();
    const json = synthJson(stack);
    const secret = Object.values(resourcesById(json, "kubernetes_secret_v1"))[0] as {
      data?: unknown;
      data_wo: Record<string, string>;
    };
    expect(secret.data).toBeUndefined();
    for (const v of Object.values(secret.data_wo))
      expect(v).toMatch(/^\$\{data\.kubernetes_secret_v1\.[A-Za-z0-9_]+\.data\["data"\]\}$/);
    expect(Testing.synth(stack)).not.toMatch(/eyJ/); // peering tokens are base64 JSON
  });

  it("re-peers by bumping the version on both sides and waits for the new token", () => {
    const { stack } = peeringStack(3);
    const json = synthJson(stack);
    const all = Object.values(resourcesById(json, "kubernetes_manifest")) as {
      manifest: { kind: string; metadata: { annotations: Record<string, string> } };
      wait?: { fields?: Record<string, string> };
    }[];
    expect(all.map((r) => r.manifest.metadata.annotations["consul.hashicorp.com/peering-version"])).toEqual(["3", "3"]);
    for (const r of all) expect(r.wait).toEqual({ fields: { "status.latestPeeringVersion": "^3$" } });
    // The new token is written into the dialer's Secret because its write-only revision moves with the version.
    expect(
      (Object.values(resourcesById(json, "kubernetes_secret_v1"))[0] as { data_wo_revision: number }).data_wo_revision,
    ).toBe(3);
  });

  it("makes the dialer wait for its side's dependencies too (e.g. the Mesh that peers through gateways)", () => {
    const stack = new TerraformStack(Testing.app(), "mesh-onprem");
    const cloud = new KubernetesProvider(stack, "cloud", { alias: "cloud" });
    const onprem = new KubernetesProvider(stack, "onprem", { alias: "onprem" });
    const mesh = new Manifest(stack, "mesh", { provider: onprem, manifest: { kind: "Mesh" } });
    const peering = new ConsulPeering(stack, "Peering", {
      acceptor: { provider: cloud, peerName: "onprem" },
      dialer: { provider: onprem, peerName: "cloud", dependsOn: [mesh] },
    });
    const dialer = resourcesById(synthJson(stack), "kubernetes_manifest")[
      stack.getLogicalId(peering.dialer.resource)
    ] as { depends_on: string[] };
    expect(dialer.depends_on).toEqual([
      `kubernetes_secret_v1.${stack.getLogicalId(peering.tokenSecret)}`,
      `kubernetes_manifest.${stack.getLogicalId(mesh)}`,
    ]);
  });

  it("exposes its children", () => {
    const { peering } = peeringStack();
    expect(peering.acceptor).toBeInstanceOf(PeeringAcceptor);
    expect(peering.dialer).toBeInstanceOf(PeeringDialer);
    expect(peering.tokenSource).toBeInstanceOf(DataKubernetesSecretV1);
    expect(peering.tokenSecret).toBeInstanceOf(SecretV1);
  });

  it("rejects one provider for both sides, bad peer names and version 0", () => {
    const stack = newStack();
    const k = new KubernetesProvider(stack, "k");
    expect(
      problemsOf(
        () =>
          new ConsulPeering(stack, "p", {
            acceptor: { provider: k, peerName: "on prem" },
            dialer: { provider: k, peerName: "cloud" },
            version: 0,
          }),
      ),
    ).toEqual([
      'test/p: ConsulPeering.acceptor.peerName: "on prem" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
      "test/p: ConsulPeering.dialer.provider: \"test/k\" is the acceptor's provider; a cluster cannot peer with itself, pass the other cluster's provider",
      `test/p: ConsulPeering.version: 0 is not allowed; use an integer from 1 to ${Number.MAX_SAFE_INTEGER}`,
    ]);
  });
});
