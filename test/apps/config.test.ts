import { ConfigError, parseConfig } from "../../apps/src/config";

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
      shutdownDelayMs: 0,
      shutdownTimeoutMs: 20000,
    });
  });

  it("reads every variable of the contract", () => {
    const config = parseConfig({
      SERVICE_NAME: "c",
      ENVIRONMENT: "cloud",
      HOST: "127.0.0.1",
      PORT: "9000",
      LOG_LEVEL: "warn",
      UPSTREAMS: " d=http://127.0.0.1:9103/ , e=https://e.example:8443",
      UPSTREAM_TIMEOUT_MS: "250",
      REQUEST_DEADLINE_MS: "900",
    });
    expect(config).toMatchObject({ serviceName: "c", environment: "cloud", host: "127.0.0.1", port: 9000, logLevel: "warn" });
    expect(config.upstreams).toEqual([
      { name: "d", url: "http://127.0.0.1:9103" },
      { name: "e", url: "https://e.example:8443" },
    ]);
    expect(config).toMatchObject({ upstreamTimeoutMs: 250, requestDeadlineMs: 900 });
  });

  it.each([
    [{}, 'SERVICE_NAME: unset is required'],
    [{ SERVICE_NAME: "Svc_A" }, 'SERVICE_NAME: "Svc_A" is not a DNS-1123 label'],
    [{ ...base, PORT: "http" }, 'PORT: "http" is not an integer in 0-65535'],
    [{ ...base, PORT: "70000" }, 'PORT: "70000" is not an integer in 0-65535'],
    [{ ...base, PORT: "-1" }, 'PORT: "-1" is not an integer in 0-65535'],
    [{ ...base, LOG_LEVEL: "verbose" }, 'LOG_LEVEL: "verbose" is not one of fatal|error|warn|info|debug|trace|silent'],
    [{ ...base, UPSTREAMS: "b" }, 'UPSTREAMS[0]: "b" is not name=url'],
    [{ ...base, UPSTREAMS: "b=http://x:1,,c=http://y:2" }, 'UPSTREAMS[1]: "" is not name=url'],
    [{ ...base, UPSTREAMS: "B=http://x:1" }, 'UPSTREAMS[0]: "B=http://x:1" has a name that is not a DNS-1123 label'],
    [{ ...base, UPSTREAMS: "b=127.0.0.1:9101" }, 'UPSTREAMS[0]: "b=127.0.0.1:9101" has a URL that is not http(s)://host[:port]'],
    [{ ...base, UPSTREAMS: "b=ftp://x" }, 'UPSTREAMS[0]: "b=ftp://x" has a URL that is not http(s)://host[:port]'],
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
    expect((error as Error).message).toBe('SERVICE_NAME: unset is required; PORT: "x" is not an integer in 0-65535; UPSTREAMS[0]: "y" is not name=url');
  });
});
