import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config/load";
import { vmConfig } from "./helpers";
import { at, set } from "../support";

// The vm environment checks at each boundary: server counts 1, 2, 3, 5; duplicate server names and
// addresses; an address inside the second of two LAN ranges, and outside both.
function problems(mutate: (c: unknown) => void): string[] {
  try {
    parseConfig(vmConfig(mutate), "vm.yaml");
  } catch (e) {
    if (ConfigError.isConfigError(e)) return [...e.problems];
    throw e;
  }
  return [];
}
const AT = "vm.yaml: environments.onprem";
const host = (i: number) => ({ name: `consul-${i}`, address: `192.168.10.${10 + i}` });

describe("kind: vm config boundaries", () => {
  it("accepts 5 servers, and says how few failures 2 servers tolerate", () => {
    expect(problems((c) => set(c, "environments.onprem.servers", [1, 2, 3, 4, 5].map(host)))).toEqual([]);
    expect(problems((c) => set(c, "environments.onprem.servers", [1, 2].map(host)))).toEqual([
      `${AT}.servers: 2 servers; use 1, or an odd number from 3 (Raft needs a majority: 2 servers tolerate no more failures than 1)`,
    ]);
  });

  it("names the server a duplicate name or address belongs to", () => {
    expect(problems((c) => set(c, "environments.onprem.servers[1].name", "consul-1"))).toEqual([
      `${AT}.servers[1].name: "consul-1" is already the name of environments.onprem.servers[0]; every host is its own Consul node`,
    ]);
    expect(
      problems((c) =>
        set(c, "environments.onprem.clients[1].address", at(c, "environments.onprem.servers[2].address")),
      ),
    ).toEqual([`${AT}.clients[1].address: "192.168.10.13" is already the address of environments.onprem.servers[2]`]);
  });

  it("accepts an address in any of the LAN ranges, and lists them all when it is in none", () => {
    expect(
      problems((c) => {
        set(c, "environments.onprem.networkCidrs", ["192.168.0.0/16", "172.16.5.0/24"]);
        set(c, "environments.onprem.clients[1].address", "172.16.5.5");
      }),
    ).toEqual([]);
    expect(
      problems((c) => {
        set(c, "environments.onprem.networkCidrs", ["192.168.0.0/16", "172.16.5.0/24"]);
        set(c, "environments.onprem.clients[1].address", "172.16.6.5");
      }),
    ).toEqual([
      `${AT}.clients[1].address: "172.16.6.5" is outside environments.onprem.networkCidrs (192.168.0.0/16, 172.16.5.0/24)`,
    ]);
  });
});
