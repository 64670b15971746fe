import { ProxyDefaults, ProxyDefaultsProps } from "../../constructs/proxy-defaults";
import { newStack, onlyManifest, problemsOf } from "./helpers";

// ProxyDefaults at each boundary: the access-log path with and without type "file", each failover
// and locality mode, and every field's path in its message.
const pd = (props: ProxyDefaultsProps) => () => new ProxyDefaults(newStack(), "pd", props);
const P = "test/pd: ProxyDefaults";

describe("ProxyDefaults boundaries", () => {
  it("stays silent on a file log with a path, other logs without one, and every allowed mode", () => {
    expect(pd({ accessLogs: { type: "file", path: "/var/log/envoy.log" } })).not.toThrow();
    for (const type of ["stdout", "stderr"] as const) expect(pd({ accessLogs: { type } })).not.toThrow();
    expect(pd({ accessLogs: { enabled: true } })).not.toThrow();
    for (const mode of ["sequential", "order-by-locality"] as const)
      expect(pd({ failoverPolicy: { mode } })).not.toThrow();
    for (const mode of ["none", "failover"] as const) expect(pd({ prioritizeByLocality: { mode } })).not.toThrow();
  });

  it("refuses a path without a type: the default type is not a file", () => {
    expect(problemsOf(pd({ accessLogs: { path: "/var/log/envoy.log" } }))).toEqual([
      `${P}.accessLogs.path: "/var/log/envoy.log" is only valid when type is "file"`,
    ]);
  });

  it("names each field in its message", () => {
    expect(
      problemsOf(
        pd({
          namespace: "Consul",
          accessLogs: { type: "syslog" as never },
          expose: { paths: [{ path: "x" }] },
          envoyExtensions: [{ name: "" }],
          mode: "direct",
          failoverPolicy: { mode: "random" as never },
          prioritizeByLocality: { mode: "zone" as never },
        }),
      ),
    ).toEqual([
      `${P}.namespace: "Consul" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)`,
      `${P}.accessLogs.type: "syslog" is not allowed; use one of "stdout", "stderr", "file"`,
      `${P}.expose.paths[0].path: "x" must begin with "/"`,
      `${P}.envoyExtensions[0].name: "" is required`,
      `${P}.mode: "direct" cannot be set on Kubernetes; use the pod annotation consul.hashicorp.com/transparent-proxy`,
      `${P}.failoverPolicy.mode: "random" is not allowed; use one of "sequential", "order-by-locality"`,
      `${P}.prioritizeByLocality.mode: "zone" is not allowed; use one of "none", "failover"`,
    ]);
  });

  it("renders access logs enabled unless told otherwise", () => {
    const a = newStack();
    new ProxyDefaults(a, "pd", { accessLogs: { type: "stderr" } });
    expect(onlyManifest(a).spec).toEqual({ accessLogs: { type: "stderr", enabled: true } });
    const b = newStack();
    new ProxyDefaults(b, "pd", { accessLogs: { enabled: false } });
    expect(onlyManifest(b).spec).toEqual({ accessLogs: { enabled: false } });
  });
});
