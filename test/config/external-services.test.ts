import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadConfig } from "../../config/load";
import { TERMINATING_GATEWAY_PORT } from "../../config/external-services";
import { configProblemsOf } from "../support/errors";

// externalServices: one case per message, each a located `file:line: path: message` line.
const KIND = fs.readFileSync(path.join(__dirname, "../../config/hybrid-kind-legacy.yaml"), "utf8");
const VM = fs.readFileSync(path.join(__dirname, "../../config/hybrid-vm.yaml"), "utf8");
const LINE = "  - { name: mainframe, address: 192.168.20.15, port: 8080, environment: onprem, protocol: http }";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ext-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes `base` with the example's external-service line replaced by `entries`; returns the file. */
function withExternal(entries: string, base = KIND): string {
  expect(base).toContain(LINE);
  const file = path.join(tmp, `c-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, base.replace(LINE, entries));
  return file;
}
/** The line number of the first entry in that file (the one replacing LINE). */
const lineOf = (base = KIND) => base.split("\n").indexOf(LINE) + 1;
const problems = (entries: string, base = KIND) => {
  const file = withExternal(entries, base);
  return configProblemsOf(() => loadConfig(file)).map((p) => p.replace(file, "FILE"));
};

describe("externalServices in the examples", () => {
  it("loads both, protocol defaulting to tcp", () => {
    expect(loadConfig(path.join(__dirname, "../../config/hybrid-vm.yaml")).externalServices).toEqual([
      { name: "mainframe", address: "192.168.20.15", port: 8080, environment: "onprem", protocol: "http" },
    ]);
    const file = withExternal(
      "  - { name: ledger, address: 10.1.2.3, port: 5432, environment: onprem }\n  - { name: mainframe, address: 192.168.20.15, port: 8080, environment: onprem }",
    );
    expect(loadConfig(file).externalServices.map((e) => e.protocol)).toEqual(["tcp", "tcp"]);
  });
});

describe("externalServices: schema", () => {
  const at = lineOf();
  it.each([
    ["port 0", "port: 0", `FILE:${at}: externalServices[0].port: 0 must be >= 1`],
    ["port 65536", "port: 65536", `FILE:${at}: externalServices[0].port: 65536 must be <= 65535`],
    [
      "a protocol Consul has not",
      "protocol: udp",
      `FILE:${at}: externalServices[0].protocol: "udp" must be one of "tcp", "http", "http2", "grpc"`,
    ],
    [
      "a name that is no DNS label",
      "name: Main_Frame",
      `FILE:${at}: externalServices[0].name: "Main_Frame" is not a DNS-1123 label (lower-case letters, digits and '-')`,
    ],
  ])("%s", (_what, field, expected) => {
    const key = field.split(":")[0];
    const entry = LINE.replace(new RegExp(`${key}: [^,}]+`), field);
    expect(problems(entry)).toEqual([expected]);
  });

  it("a missing address and an unknown field", () => {
    expect(problems("  - { name: mainframe, port: 8080, environment: onprem, host: x }")).toEqual([
      `FILE:${at}: externalServices[0].address: is required`,
      `FILE:${at}: externalServices[0].host: unknown field; did you mean "port", "name" or "address"?`,
    ]);
  });
});

describe("externalServices: semantics", () => {
  const at = lineOf();
  const entry = (fields: string) =>
    LINE.replace("name: mainframe, address: 192.168.20.15, port: 8080, environment: onprem, protocol: http", fields);

  it("a name given twice names the first", () => {
    expect(problems(`${LINE}\n${LINE}`)).toEqual([
      `FILE:${at + 1}: externalServices[1].name: "mainframe" is a duplicate of externalServices[0]`,
    ]);
  });

  it("a name a mesh service already has", () => {
    expect(problems(entry("name: b, address: 192.168.20.15, port: 8080, environment: onprem"))).toContainEqual(
      `FILE:${at}: externalServices[0].name: "b" is already the mesh service services[1]; an external service needs a name of its own`,
    );
  });

  it.each([
    ["not an address", "bad address!"],
    ["dotted digits that are no IP", "300.1.2.3"],
    ["a label longer than 63", `${"x".repeat(64)}.example.com`],
  ])("an address that is %s", (_what, address) => {
    expect(
      problems(entry(`name: mainframe, address: "${address}", port: 8080, environment: onprem, protocol: http`)),
    ).toEqual([`FILE:${at}: externalServices[0].address: "${address}" is neither an IP address nor a DNS name`]);
  });

  it.each(["127.0.0.1", "localhost", "::1"])("the gateway's own host %s", (address) => {
    expect(
      problems(entry(`name: mainframe, address: "${address}", port: 8080, environment: onprem, protocol: http`)),
    ).toEqual([
      `FILE:${at}: externalServices[0].address: "${address}" is the gateway's own host; give the address the legacy service listens on`,
    ]);
  });

  it("accepts a DNS name and an IPv6 address over http", () => {
    const file = withExternal(
      `${entry("name: mainframe, address: mainframe.corp.example, port: 443, environment: onprem, protocol: http")}\n  - { name: ledger, address: "fd00::15", port: 5432, environment: onprem }`,
    );
    expect(loadConfig(file).externalServices.map((e) => e.address)).toEqual(["mainframe.corp.example", "fd00::15"]);
  });

  it("an undeclared environment", () => {
    expect(problems(entry("name: mainframe, address: 192.168.20.15, port: 8080, environment: dc2"))).toEqual([
      `FILE:${at}: externalServices[0].environment: "dc2" is not a declared environment`,
    ]);
  });

  it("an eks environment is refused with the reason", () => {
    expect(problems(entry("name: mainframe, address: 192.168.20.15, port: 8080, environment: cloud"))).toEqual([
      `FILE:${at}: externalServices[0].environment: "cloud" is an eks environment; external services are reached through a terminating gateway in a kind or vm environment (EKS: not built yet)`,
    ]);
  });

  it("kind: a DNS name over plain tcp cannot be matched by the transparent proxy", () => {
    expect(
      problems(
        entry("name: mainframe, address: mainframe.corp.example, port: 8080, environment: onprem, protocol: tcp"),
      ),
    ).toEqual([
      `FILE:${at}: externalServices[0].address: "mainframe.corp.example" is a DNS name with protocol "tcp": on kind the caller's transparent proxy matches a named destination by TLS SNI or HTTP Host only; give its IP address or protocol "http"`,
    ]);
  });

  it("vm: the same name over tcp is fine (a catalog registration and an explicit upstream)", () => {
    const file = withExternal(
      LINE.replace("address: 192.168.20.15", "address: mainframe.corp.example").replace(
        "protocol: http",
        "protocol: tcp",
      ),
      VM,
    );
    expect(loadConfig(file).externalServices[0]).toMatchObject({ address: "mainframe.corp.example", protocol: "tcp" });
  });

  it("vm: a mesh gateway on the terminating gateway's port is reported once, for the first service needing it", () => {
    // given: two external services behind the same gateway
    const base = VM.replace("      port: 8443\n", `      port: ${TERMINATING_GATEWAY_PORT}\n`);
    const gwLine = base.split("\n").indexOf(`      port: ${TERMINATING_GATEWAY_PORT}`) + 1;
    const second = LINE.replace("name: mainframe", "name: ledger").replace("192.168.20.15", "192.168.20.16");
    // when
    const found = problems(`${LINE}\n${second}`, base);
    // then
    expect(found).toEqual([
      `FILE:${gwLine}: environments.onprem.meshGateway.port: ${TERMINATING_GATEWAY_PORT} is the terminating gateway's port on the same host (externalServices[0] needs it); pick another`,
    ]);
  });

  it("vm: a mesh gateway on the terminating gateway's port", () => {
    const base = VM.replace("      port: 8443\n", `      port: ${TERMINATING_GATEWAY_PORT}\n`);
    const gwLine = base.split("\n").indexOf(`      port: ${TERMINATING_GATEWAY_PORT}`) + 1;
    expect(problems(LINE, base)).toEqual([
      `FILE:${gwLine}: environments.onprem.meshGateway.port: ${TERMINATING_GATEWAY_PORT} is the terminating gateway's port on the same host (externalServices[0] needs it); pick another`,
    ]);
  });
});
