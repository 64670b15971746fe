import { Testing } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { TerminatingGateway } from "../../constructs/terminating-gateway";
import { newStack, problemsOf } from "./helpers";

describe("TerminatingGateway", () => {
  it("links external services", () => {
    const synthed = Testing.synthScope((scope) =>
      new TerminatingGateway(scope, "tg", {
        services: [{ name: "legacy-db", caFile: "/etc/ssl/ca.pem", sni: "db.example.com" }],
      }).addService({ name: "billing" }),
    );
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      manifest: {
        apiVersion: "consul.hashicorp.com/v1alpha1",
        kind: "TerminatingGateway",
        metadata: { name: "terminating-gateway", namespace: "consul" },
        spec: {
          services: [{ name: "legacy-db", caFile: "/etc/ssl/ca.pem", sni: "db.example.com" }, { name: "billing" }],
        },
      },
    });
  });

  it("rejects certFile without keyFile", () => {
    expect(
      problemsOf(() => new TerminatingGateway(newStack(), "tg", { services: [{ name: "db", certFile: "/c.pem" }] })),
    ).toEqual(["test/tg: TerminatingGateway.services[0].keyFile: undefined is required when certFile is set"]);
  });

  it("rejects a service linked twice and a bad name", () => {
    const tg = new TerminatingGateway(newStack(), "tg", { services: [{ name: "db" }] });
    expect(problemsOf(() => tg.addService({ name: "db" }))).toEqual([
      'test/tg: TerminatingGateway.services[1].name: "db" is already linked (services[0])',
    ]);
    expect(problemsOf(() => tg.addService({ name: "DB" }))[0]).toMatch(
      /^test\/tg: TerminatingGateway\.services\[1\]\.name: "DB" is not a DNS-1123 label/,
    );
  });
});
