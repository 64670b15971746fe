import { Token } from "cdktf";
import { PeeringAcceptor } from "../../constructs/peering-acceptor";
import { PeeringDialer } from "../../constructs/peering-dialer";
import { newStack, onlyManifest, problemsOf } from "./helpers";

// The peering props at each boundary: the Secret key's characters and length, the version range, tokens.
const KEY_MSG = 'is not a valid Secret key (letters, digits, "-", "_" and ".")';

describe("peering props boundaries", () => {
  it("accepts a Secret key of 253 characters from the whole alphabet, and version 0", () => {
    const stack = newStack();
    const key = `-._aZ09${"k".repeat(246)}`;
    new PeeringAcceptor(stack, "a", { peerName: "onprem", secretKey: key, peeringVersion: 0 });
    expect(onlyManifest(stack).spec).toEqual({
      peer: { secret: { name: "peering-token-onprem", key, backend: "kubernetes" } },
    });
  });

  it("refuses a key of 254 characters, an empty key, a key with a space; a negative version", () => {
    expect(
      problemsOf(
        () => new PeeringDialer(newStack(), "d", { peerName: "cloud", secretKey: "k".repeat(254), peeringVersion: -1 }),
      ),
    ).toEqual([
      `test/d: PeeringDialer.secretKey: "${"k".repeat(254)}" ${KEY_MSG}`,
      `test/d: PeeringDialer.peeringVersion: -1 is not allowed; use an integer from 0 to ${Number.MAX_SAFE_INTEGER}`,
    ]);
    expect(problemsOf(() => new PeeringDialer(newStack(), "d", { peerName: "cloud", secretKey: "" }))).toEqual([
      `test/d: PeeringDialer.secretKey: "" ${KEY_MSG}`,
    ]);
    expect(problemsOf(() => new PeeringDialer(newStack(), "d", { peerName: "cloud", secretKey: "a b" }))).toEqual([
      `test/d: PeeringDialer.secretKey: "a b" ${KEY_MSG}`,
    ]);
  });

  it("exposes the namespace given, or consul when none is", () => {
    // given
    const stack = newStack();
    // when
    const given = new PeeringAcceptor(stack, "a", { peerName: "onprem", namespace: "mesh" });
    const defaulted = new PeeringDialer(stack, "d", { peerName: "cloud" });
    // then
    expect([given.namespace, defaulted.namespace]).toEqual(["mesh", "consul"]);
  });

  it("checks the secret name and the namespace as DNS labels", () => {
    expect(
      problemsOf(
        () => new PeeringAcceptor(newStack(), "a", { peerName: "onprem", secretName: "Tok", namespace: "Consul" }),
      ),
    ).toEqual([
      expect.stringMatching(/^test\/a: PeeringAcceptor\.namespace: "Consul" is not a DNS-1123 label/),
      expect.stringMatching(/^test\/a: PeeringAcceptor\.secretName: "Tok" is not a DNS-1123 label/),
    ]);
  });

  it("skips a key that is a token", () => {
    const stack = newStack();
    new PeeringAcceptor(stack, "a", { peerName: "onprem", secretKey: Token.asString({ Ref: "k" }) });
    expect(onlyManifest(stack).kind).toBe("PeeringAcceptor");
  });
});
