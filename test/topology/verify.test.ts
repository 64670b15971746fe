import { MeshValidationError } from "../../constructs/errors";
import { deriveTopology, SIDECAR_PORTS, verifyDeclarations } from "../../constructs/topology";
import { defaultSpec, problemsOf } from "./fixtures";
import { must } from "../support";

type Spec = ReturnType<typeof defaultSpec>;
/** The problems deriving the default spec after `edit` reports. */
const problems = (edit: (s: Spec) => void) => {
  const spec = defaultSpec();
  edit(spec);
  return problemsOf(() => deriveTopology(spec));
};
const withService = (s: Spec, name: string, patch: object) => {
  s.services = s.services.map((x) => (x.name === name ? { ...x, ...patch } : x));
};

describe("deriveTopology: verification errors", () => {
  it("the default spec is valid", () => {
    expect(() => deriveTopology(defaultSpec())).not.toThrow();
  });

  it("throws a MeshValidationError whose message is its problem lines", () => {
    const spec = defaultSpec();
    spec.calls.push({ from: "a", to: "zz" });
    let error: unknown;
    try {
      deriveTopology(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MeshValidationError);
    expect((error as MeshValidationError).message).toBe('calls[5]: "a -> zz": unknown service "zz"');
    expect(() => deriveTopology(spec)).toThrow('calls[5]: "a -> zz": unknown service "zz"');
  });

  describe("calls", () => {
    it("to or from an unknown service", () => {
      expect(problems((s) => s.calls.push({ from: "a", to: "zz" }, { from: "yy", to: "b" }))).toEqual([
        'calls[5]: "a -> zz": unknown service "zz"',
        'calls[6]: "yy -> b": unknown service "yy"',
      ]);
    });

    it("a self call", () => {
      // when
      const lines = problems((s) => s.calls.push({ from: "b", to: "b" }));
      // then
      expect(lines).toEqual(['calls[5]: "b -> b": a service cannot call itself']);
    });

    it("a duplicate call", () => {
      // when
      const lines = problems((s) => s.calls.push({ from: "a", to: "c" }));
      // then
      expect(lines).toEqual(['calls[5]: "a -> c": repeats calls[1]']);
    });
  });

  describe("failover", () => {
    it("to an environment where the service does not run", () => {
      expect(problems((s) => (s.failover = [{ service: "d", from: "cloud", to: "onprem" }]))).toEqual([
        'failover[0].to: "onprem": service "d" does not run there (it runs in cloud)',
      ]);
    });

    it("from an environment where the service does not run", () => {
      expect(problems((s) => (s.failover = [{ service: "b", from: "cloud", to: "onprem" }]))).toEqual([
        'failover[0].from: "cloud": service "b" does not run there (it runs in onprem)',
      ]);
    });

    it("to or from an undeclared environment", () => {
      expect(problems((s) => (s.failover = [{ service: "e", from: "mars", to: "onprem" }]))).toEqual([
        'failover[0].from: "mars" is not a declared environment',
      ]);
    });

    it("to the environment it fails over from", () => {
      expect(problems((s) => (s.failover = [{ service: "e", from: "cloud", to: "cloud" }]))).toEqual([
        'failover[0].to: "cloud" is the same environment as failover[0].from',
      ]);
    });

    it("of an unknown service", () => {
      expect(problems((s) => (s.failover = [{ service: "zz", from: "cloud", to: "onprem" }]))).toEqual([
        'failover[0].service: "zz" is not a declared service',
      ]);
    });

    it("declared twice", () => {
      // given
      const again = { service: "e", from: "cloud", to: "onprem" };
      // when
      const lines = problems((s) => (s.failover = [...(s.failover ?? []), again]));
      // then
      expect(lines).toEqual(["failover[1]: repeats failover[0]"]);
    });
  });

  describe("services", () => {
    it.each(["Upper", "under_score", "-lead", "trail-", "", "x".repeat(64)])(
      "name %j is not a DNS-1123 label",
      (name) => {
        // when
        const lines = problems((s) =>
          s.services.push({ name, environments: ["onprem"], port: 8080, entrypoint: true }),
        );
        // then
        expect(lines).toEqual([
          `services[6].name: ${JSON.stringify(name)} is not a DNS-1123 label (lower-case letters, digits and '-')`,
        ]);
      },
    );

    it("a duplicate name", () => {
      expect(
        problems((s) => s.services.push({ name: "c", environments: ["onprem"], port: 8081, entrypoint: true })),
      ).toEqual(['services[6].name: "c" is a duplicate of services[3]']);
    });

    it("in an unknown environment, or one listed twice, or none", () => {
      expect(
        problems((s) => {
          withService(s, "c", { environments: ["cloud", "mars", "cloud"] });
        }),
      ).toEqual([
        'services[3].environments[1]: "mars" is not a declared environment',
        'services[3].environments[2]: "cloud" is listed twice',
      ]);
      expect(
        problems((s) => {
          withService(s, "b", { environments: [] });
        }),
      ).toEqual(["services[1].environments: [] must name at least one environment (the first is its home)"]);
    });

    it.each([...SIDECAR_PORTS])("port %d is reserved by the sidecar", (port) => {
      // when
      const lines = problems((s) => {
        withService(s, "b", { port });
      });
      // then
      expect(lines).toEqual([`services[1].port: ${port} is reserved by the Consul sidecar`]);
    });
  });

  describe("ports", () => {
    it("a duplicate explicit upstreamPort", () => {
      expect(
        problems((s) => {
          withService(s, "c", { upstreamPort: 9500 });
          withService(s, "f", { upstreamPort: 9500 });
        }),
      ).toEqual(["services[3].upstreamPort: 9500 is also the upstream port of services[2]"]);
    });

    it("an upstream port equal to the caller's own port", () => {
      // a listens on 20849, which is b's hashed upstream port in a's pod; 20850 is free there.
      expect(
        problems((s) => {
          withService(s, "a", { port: 20849 });
        }),
      ).toEqual([
        'services[1].upstreamPort: 20849 (from the hash of its name, the upstream listener for "b") collides with the port of "a" itself in its pod; pin services[1].upstreamPort to a free port, e.g. 20850',
      ]);
      expect(
        problems((s) => {
          withService(s, "b", { upstreamPort: 8080 });
        }),
      ).toEqual([
        'services[1].upstreamPort: 8080 (pinned, the upstream listener for "b") collides with the port of "a" itself in its pod; pin services[1].upstreamPort to a free port, e.g. 9100',
      ]);
    });

    it("an upstream port the sidecar binds", () => {
      expect(
        problems((s) => {
          withService(s, "c", { upstreamPort: 20000 });
        }),
      ).toEqual([
        'services[3].upstreamPort: 20000 (pinned, the upstream listener for "c") is a port the Consul sidecar binds in "a"\'s pod; pin services[3].upstreamPort to a free port, e.g. 20001',
      ]);
    });

    it("two upstreams on the same port in one pod: the later-declared service is the one to pin", () => {
      // b's explicit port is c's hashed one (20446) and both are upstreams of a; c is declared after b.
      expect(
        problems((s) => {
          withService(s, "b", { upstreamPort: 20446 });
        }),
      ).toEqual([
        'services[3].upstreamPort: 20446 (from the hash of its name, the upstream listener for "c") collides with the listener for "b" in "a"\'s pod; pin services[3].upstreamPort to a free port, e.g. 20447',
      ]);
    });

    it("a new callee whose hashed port meets an existing one in a caller's pod is refused, never moved", () => {
      // svc7 and svc450 both hash to 14010; a calls svc7 first, then svc450 is added.
      const edit = (s: ReturnType<typeof defaultSpec>) => {
        s.services.push(
          { name: "svc7", environments: ["onprem"], port: 8080 },
          { name: "svc450", environments: ["onprem"], port: 8080 },
        );
        s.calls.push({ from: "a", to: "svc7" }, { from: "a", to: "svc450" });
      };
      expect(problems(edit)).toEqual([
        'services[7].upstreamPort: 14010 (from the hash of its name, the upstream listener for "svc450") collides with the listener for "svc7" in "a"\'s pod; pin services[7].upstreamPort to a free port, e.g. 14011',
      ]);
      // Pinned as suggested, it derives, and svc7 keeps its port.
      const spec = defaultSpec();
      edit(spec);
      spec.services[7] = { ...spec.services[7], upstreamPort: 14011 };
      const a = must(
        must(deriveTopology(spec).environments.find((e) => e.name === "onprem")).workloads.find(
          (w) => w.service === "a",
        ),
      );
      expect(a.upstreams.filter((u) => u.service.startsWith("svc")).map((u) => [u.service, u.localPort])).toEqual([
        ["svc7", 14010],
        ["svc450", 14011],
      ]);
    });

    it("a base that leaves no room for the range, or that Envoy cannot bind", () => {
      for (const base of [49153, 1023]) {
        expect(problems((s) => (s.upstreamPortBase = base))).toEqual([
          `upstreamPortBase: ${base} must be 1024 to 49152: upstream ports are spread over 16384 ports from it, and Envoy runs without root, so it cannot bind below 1024`,
        ]);
      }
    });

    it("ports that only coincide in different pods are fine", () => {
      // d listens on 20849 (b's upstream port), but no pod holds both.
      // given
      const spec = defaultSpec();
      const services = spec.services.map((s) => (s.name === "d" ? { ...s, port: 20849 } : s));
      // when
      const derive = () => deriveTopology({ ...spec, services });
      // then
      expect(derive).not.toThrow();
    });
  });

  describe("gateway paths", () => {
    it("a cross-environment call or failover with no peering", () => {
      expect(problems((s) => (s.peerings = []))).toEqual([
        'calls[1]: "a -> c" from onprem: crosses from onprem to cloud, but no peering connects them; add one under peerings',
        'calls[4]: "e -> f" from cloud: crosses from cloud to onprem, but no peering connects them; add one under peerings',
        "failover[0]: e from cloud to onprem: crosses from cloud to onprem, but no peering connects them; add one under peerings",
      ]);
    });

    it("a call or failover into a gateway its environment cannot reach, with the environment's hint", () => {
      expect(
        problems(
          (s) =>
            (s.environments = [
              { name: "cloud", reachableFrom: ["onprem"] },
              {
                name: "onprem",
                reachableFrom: [],
                unreachableHint: "onprem sits behind NAT; give it a public address",
              },
            ]),
        ),
      ).toEqual([
        'calls[4]: "e -> f" from cloud: crosses from cloud to onprem, but the onprem mesh gateway is not reachable from cloud (onprem sits behind NAT; give it a public address)',
        "failover[0]: e from cloud to onprem: crosses from cloud to onprem, but the onprem mesh gateway is not reachable from cloud (onprem sits behind NAT; give it a public address)",
      ]);
    });

    it("without a hint, says what to declare", () => {
      expect(
        problems(
          (s) =>
            (s.environments = [
              { name: "cloud", reachableFrom: [] },
              { name: "onprem", reachableFrom: ["cloud"] },
            ]),
        ),
      ).toEqual([
        'calls[1]: "a -> c" from onprem: crosses from onprem to cloud, but the cloud mesh gateway is not reachable from onprem (declare connectivity that lets onprem reach it)',
        "peerings[0]: the dialer onprem cannot reach the acceptor cloud's mesh gateway (declare connectivity that lets the dialer reach it)",
      ]);
    });

    it("a peering whose dialer cannot reach the acceptor", () => {
      // All traffic goes onprem -> cloud, which is fine; only the peering dials the wrong way round.
      expect(
        problemsOf(() =>
          deriveTopology({
            environments: [
              { name: "cloud", reachableFrom: ["onprem"] },
              { name: "onprem", reachableFrom: [], unreachableHint: "onprem sits behind NAT" },
            ],
            peerings: [{ acceptor: "onprem", dialer: "cloud" }],
            services: [
              { name: "a", environments: ["onprem"], port: 8080, entrypoint: true },
              { name: "c", environments: ["cloud"], port: 8080 },
            ],
            calls: [{ from: "a", to: "c" }],
          }),
        ),
      ).toEqual([
        "peerings[0]: the dialer cloud cannot reach the acceptor onprem's mesh gateway (onprem sits behind NAT)",
      ]);
    });
  });

  describe("environments and peerings", () => {
    it("a duplicate environment", () => {
      expect(problems((s) => s.environments.push({ name: "cloud", reachableFrom: [] }))).toEqual([
        'environments[2].name: "cloud" is a duplicate of environments[0]',
      ]);
    });

    it("a peering with an undeclared environment, or with itself", () => {
      expect(
        problems((s) =>
          s.peerings.push({ acceptor: "mars", dialer: "onprem" }, { acceptor: "cloud", dialer: "cloud" }),
        ),
      ).toEqual([
        'peerings[1].acceptor: "mars" is not a declared environment',
        'peerings[2]: "cloud" cannot peer with itself',
      ]);
    });
  });

  it("reports every problem at once, declaration problems before path and port problems", () => {
    expect(
      problems((s) => {
        s.calls.push({ from: "a", to: "a" });
        s.services.push({ name: "Bad", environments: ["onprem"], port: 8080, entrypoint: true });
      }),
    ).toEqual([
      "services[6].name: \"Bad\" is not a DNS-1123 label (lower-case letters, digits and '-')",
      'calls[5]: "a -> a": a service cannot call itself',
    ]);
  });
});

describe("warnings", () => {
  it("a service that is never called and is not an entry point", () => {
    const spec = defaultSpec();
    spec.services.push({ name: "lonely", environments: ["cloud"], port: 8080 });
    const plan = deriveTopology(spec);
    expect(plan.warnings).toEqual(['services[6]: "lonely" is never called and is not an entry point']);
    // A warning, not an error: lonely still gets its workload and defaults.
    expect(plan.environments[0].workloads.map((w) => w.service)).toContain("lonely");
  });

  it("an entry point nobody calls is expected", () => {
    expect(deriveTopology(defaultSpec()).warnings).toEqual([]);
  });

  it("an environment that runs no services", () => {
    const spec = defaultSpec();
    spec.environments.push({ name: "spare", reachableFrom: [] });
    const plan = deriveTopology(spec);
    expect(plan.warnings).toEqual(["environments.spare: runs no services"]);
    expect(plan.environments.map((e) => e.name)).toEqual(["cloud", "onprem", "spare"]);
    expect(plan.environments[2]).toEqual({
      name: "spare",
      workloads: [],
      exports: [],
      intentions: [],
      resolvers: [],
      serviceDefaults: [],
      externalServices: [],
    });
  });

  it("verifyDeclarations returns warnings next to problems", () => {
    const spec = defaultSpec();
    spec.services.push({ name: "lonely", environments: ["cloud"], port: 8080 });
    spec.calls.push({ from: "a", to: "zz" });
    expect(verifyDeclarations(spec)).toEqual({
      problems: ['calls[5]: "a -> zz": unknown service "zz"'],
      warnings: ['services[6]: "lonely" is never called and is not an entry point'],
    });
  });
});

describe("deriveTopology: warnings that still derive a plan", () => {
  it("names a call cycle once, at the call that closes it", () => {
    const spec = defaultSpec();
    spec.calls.push({ from: "f", to: "c" }, { from: "b", to: "a" });
    expect(deriveTopology(spec).warnings).toEqual([
      'calls[6]: "a -> b -> a" is a call cycle (2 services): a request that follows it never returns',
      'calls[4]: "f -> c -> d -> e -> f" is a call cycle (4 services): a request that follows it never returns',
    ]);
  });

  it("names a failover that no caller in its from environment can use", () => {
    const spec = defaultSpec();
    // f runs only on-prem; give it a cloud standby, and fail over from cloud, where nothing calls f.
    spec.services = spec.services.map((s) => (s.name === "f" ? { ...s, environments: ["onprem", "cloud"] } : s));
    spec.calls = spec.calls.filter((c) => c.to !== "f");
    spec.failover = [...(spec.failover ?? []), { service: "f", from: "cloud", to: "onprem" }];
    expect(deriveTopology(spec).warnings).toContain(
      'failover[1]: no caller of "f" runs in cloud, so nothing uses this failover (a resolver serves only callers in its own environment)',
    );
  });
});
