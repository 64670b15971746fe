import { ConfigError, findSelfReference, parseConfig } from "../../apps/src/config";

const base = { SERVICE_NAME: "a" };

describe("parseConfig", () => {
  it("applies defaults to a minimal environment", () => {
    expect(parseConfig(base)).toEqual({
      serviceName: "a",
      environment: "local",
      host: "0.0.0.0",
      port: 8080,
      logLevel: "info",
      upstreams: [],
      upstreamTimeoutMs: 2000,
      requestDeadlineMs: 5000,
      deadlineMarginMs: 100,
      shutdownDelayMs: 0,
      shutdownTimeoutMs: 20000,
      upstreamMaxBodyBytes: 1048576,
    });
  });

  it("reads every variable of the contract", () => {
    const config = parseConfig({
      SERVICE_NAME: "c",
      ENVIRONMENT: "cloud",
      HOST: "127.0.0.1",
      PORT: "9000",
      LOG_LEVEL: "warn",
      UPSTREAMS: " d=http://127.0.0.1:9103/ , e=http://e.example:8443",
      UPSTREAM_TIMEOUT_MS: "250",
      REQUEST_DEADLINE_MS: "900",
      UPSTREAM_MAX_BODY_BYTES: "65536",
    });
    expect(config).toMatchObject({
      serviceName: "c",
      environment: "cloud",
      host: "127.0.0.1",
      port: 9000,
      logLevel: "warn",
    });
    expect(config.upstreams).toEqual([
      { name: "d", url: "http://127.0.0.1:9103", entry: "d=http://127.0.0.1:9103/", index: 0 },
      { name: "e", url: "http://e.example:8443", entry: "e=http://e.example:8443", index: 1 },
    ]);
    expect(config).toMatchObject({ upstreamTimeoutMs: 250, requestDeadlineMs: 900, upstreamMaxBodyBytes: 65536 });
  });

  it.each([
    [{}, "SERVICE_NAME: unset is required"],
    [{ SERVICE_NAME: "Svc_A" }, 'SERVICE_NAME: "Svc_A" is not a DNS-1123 label'],
    [{ ...base, PORT: "http" }, 'PORT: "http" is not an integer in 0-65535'],
    [{ ...base, PORT: "70000" }, 'PORT: "70000" is not an integer in 0-65535'],
    [{ ...base, PORT: "-1" }, 'PORT: "-1" is not an integer in 0-65535'],
    [{ ...base, LOG_LEVEL: "verbose" }, 'LOG_LEVEL: "verbose" is not one of fatal|error|warn|info|debug|trace|silent'],
    [{ ...base, UPSTREAMS: "b" }, 'UPSTREAMS[0]: "b" is not name=url'],
    [{ ...base, UPSTREAMS: "b=http://x:1,,c=http://y:2" }, 'UPSTREAMS[1]: "" is not name=url'],
    [{ ...base, UPSTREAMS: "B=http://x:1" }, 'UPSTREAMS[0]: "B=http://x:1" has a name that is not a DNS-1123 label'],
    [
      { ...base, UPSTREAMS: "b=127.0.0.1:9101" },
      'UPSTREAMS[0]: "b=127.0.0.1:9101" has a URL that is not http://host[:port]',
    ],
    [{ ...base, UPSTREAMS: "b=ftp://x" }, 'UPSTREAMS[0]: "b=ftp://x" has a URL that is not http://host[:port]'],
    [
      { ...base, UPSTREAMS: "b=https://x" },
      'UPSTREAMS[0]: "b=https://x" uses https://, which this client does not speak; in the mesh the sidecar does TLS: use http://',
    ],
    [
      { ...base, UPSTREAMS: "b=http://x:1/v1" },
      'UPSTREAMS[0]: "b=http://x:1/v1" has a path, query or fragment; give scheme://host[:port] only',
    ],
    [
      { ...base, UPSTREAMS: "b=http://x:1?q" },
      'UPSTREAMS[0]: "b=http://x:1?q" has a path, query or fragment; give scheme://host[:port] only',
    ],
    [
      { ...base, UPSTREAMS: "b=http://x:1#f" },
      'UPSTREAMS[0]: "b=http://x:1#f" has a path, query or fragment; give scheme://host[:port] only',
    ],
    [
      { ...base, UPSTREAMS: "b=http://u@x:1" },
      'UPSTREAMS[0]: "b=http://u@x:1" has credentials; they would be sent and echoed in every answer',
    ],
    [{ ...base, UPSTREAM_MAX_BODY_BYTES: "0" }, 'UPSTREAM_MAX_BODY_BYTES: "0" is not an integer in 1-67108864'],
    [{ ...base, UPSTREAMS: "b=http://x:1,b=http://y:2" }, 'UPSTREAMS[1]: "b=http://y:2" repeats an upstream name'],
    [{ ...base, UPSTREAM_TIMEOUT_MS: "1.5" }, 'UPSTREAM_TIMEOUT_MS: "1.5" is not an integer in 1-600000'],
    [{ ...base, UPSTREAM_TIMEOUT_MS: "0" }, 'UPSTREAM_TIMEOUT_MS: "0" is not an integer in 1-600000'],
    [{ ...base, REQUEST_DEADLINE_MS: "5s" }, 'REQUEST_DEADLINE_MS: "5s" is not an integer in 1-600000'],
    [{ ...base, SHUTDOWN_DELAY_MS: "x" }, 'SHUTDOWN_DELAY_MS: "x" is not an integer in 0-600000'],
  ])("rejects %j", (env, message) => {
    expect(() => parseConfig(env)).toThrow(new ConfigError(message));
  });

  it("reports every bad variable on one line", () => {
    let error: unknown;
    try {
      parseConfig({ PORT: "x", UPSTREAMS: "y" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'SERVICE_NAME: unset is required; PORT: "x" is not an integer in 0-65535; UPSTREAMS[0]: "y" is not name=url',
    );
  });
});

describe("findSelfReference", () => {
  const resolve = (host: string) =>
    Promise.resolve(
      { "me.local": ["10.9.8.7"], "other.local": ["10.1.1.1"], localhost: ["127.0.0.1", "::1"] }[host] ?? [],
    );
  const check = (env: Record<string, string>) => findSelfReference(parseConfig({ ...base, ...env }), resolve);

  it("finds an upstream at the listen port on a loopback or wildcard-covered address", async () => {
    await expect(check({ PORT: "8080", UPSTREAMS: "b=http://127.0.0.2:8080" })).resolves.toBe(
      `UPSTREAMS[0]: "b=http://127.0.0.2:8080" resolves to this service's own listen address 0.0.0.0:8080`,
    );
    await expect(check({ PORT: "80", UPSTREAMS: "b=http://x:1,c=http://localhost" })).resolves.toMatch(
      /^UPSTREAMS\[1\]: "c=http:\/\/localhost" resolves/,
    );
    await expect(check({ HOST: "me.local", PORT: "8080", UPSTREAMS: "b=http://10.9.8.7:8080" })).resolves.toMatch(
      /^UPSTREAMS\[0\]/,
    );
    await expect(check({ HOST: "::", PORT: "8080", UPSTREAMS: "b=http://[::1]:8080" })).resolves.toMatch(
      /^UPSTREAMS\[0\]/,
    );
  });

  it.each([
    ["another port", { PORT: "8080", UPSTREAMS: "b=http://127.0.0.1:8081" }],
    ["another host", { PORT: "8080", UPSTREAMS: "b=http://other.local:8080" }],
    [
      "a bound address the upstream does not reach",
      { HOST: "me.local", PORT: "8080", UPSTREAMS: "b=http://127.0.0.1:8080" },
    ],
    ["a name that does not resolve", { PORT: "8080", UPSTREAMS: "b=http://nowhere.local:8080" }],
    ["PORT=0, unknowable in advance", { PORT: "0", UPSTREAMS: "b=http://127.0.0.1:0" }],
  ])("accepts %s", async (_what, env) => {
    await expect(check(env)).resolves.toBeUndefined();
  });
});
