import { Token } from "cdktf";
import { MeshValidationError } from "../../constructs/errors";
import { show } from "../../constructs/private/format";
import { Problems, isDnsLabel } from "../../constructs/private/problems";
import {
  checkAtMostOne,
  checkDnsLabel,
  checkDuration,
  checkEnum,
  checkInt,
  checkNoWildcard,
  checkRequired,
  durationMs,
  isToken,
  toManifest,
} from "../../constructs/private/validation";

// The shared prop checks, one boundary at a time: each side of it, the silent case, every message.
const lines = (run: (p: Problems) => void): string[] => {
  const p = new Problems("W");
  run(p);
  try {
    p.throwIfAny();
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(MeshValidationError);
    return (e as MeshValidationError).message.split("\n").filter((l) => l.startsWith("W: "));
  }
};
const token = Token.asString({ Ref: "x" });
const numberToken = Token.asNumber({ Ref: "n" });

describe("Problems and show", () => {
  it("collects every line and throws them together, or nothing", () => {
    const p = new Problems("Stack/Thing");
    expect(p.count).toBe(0);
    expect(() => {
      p.throwIfAny();
    }).not.toThrow();
    p.add("a", "x", "is bad");
    p.add("b", 3, "is worse");
    expect(p.count).toBe(2);
    expect(() => {
      p.throwIfAny();
    }).toThrow(MeshValidationError);
    expect(() => {
      p.throwIfAny();
    }).toThrow('Stack/Thing: a: "x" is bad');
    expect(() => {
      p.throwIfAny();
    }).toThrow("Stack/Thing: b: 3 is worse");
  });
  it("shows undefined as a word and everything else as JSON", () => {
    expect(show(undefined)).toBe("undefined");
    expect(show("a")).toBe('"a"');
    expect(show(null)).toBe("null");
    expect(show({ a: 1 })).toBe('{"a":1}');
  });
  it("limits DNS labels to 63 characters of lower-case letters, digits and inner dashes", () => {
    expect(isDnsLabel("a".repeat(63))).toBe(true);
    expect(isDnsLabel("a".repeat(64))).toBe(false);
    for (const ok of ["a", "0", "a-b", "a--0", "web1"]) expect(isDnsLabel(ok)).toBe(true);
    for (const bad of ["", "-a", "a-", "A", "a_b", "a.b", " a"]) expect(isDnsLabel(bad)).toBe(false);
  });
});

describe("isToken", () => {
  it("is true for unresolved values only", () => {
    expect(isToken(token)).toBe(true);
    expect(isToken(`prefix-${token}`)).toBe(true);
    expect(isToken(numberToken)).toBe(true);
    expect(isToken("plain")).toBe(false);
    expect(isToken(undefined)).toBe(false);
    expect(isToken(5)).toBe(false);
  });
});

describe("checkDnsLabel", () => {
  const msg =
    'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
  it("stays silent for labels, undefined, null and tokens", () => {
    expect(
      lines((p) => {
        checkDnsLabel(p, "a", "web");
        checkDnsLabel(p, "b", undefined);
        checkDnsLabel(p, "c", null as unknown as string);
        checkDnsLabel(p, "d", token);
        checkDnsLabel(p, "e", "*", { wildcard: true });
      }),
    ).toEqual([]);
  });
  it("names the path and value, and mentions the wildcard only where it is allowed", () => {
    expect(
      lines((p) => {
        checkDnsLabel(p, "svc", "Web");
      }),
    ).toEqual([`W: svc: "Web" ${msg}`]);
    expect(
      lines((p) => {
        checkDnsLabel(p, "svc", "*");
      }),
    ).toEqual([`W: svc: "*" ${msg}`]);
    expect(
      lines((p) => {
        checkDnsLabel(p, "svc", "*a", { wildcard: true });
      }),
    ).toEqual([`W: svc: "*a" ${msg} or "*"`]);
    expect(
      lines((p) => {
        checkDnsLabel(p, "svc", 5 as unknown as string);
      }),
    ).toEqual([`W: svc: 5 ${msg}`]);
  });
});

describe("checkEnum", () => {
  it("accepts members, skips unset and tokens, lists the choices otherwise", () => {
    expect(
      lines((p) => {
        checkEnum(p, "m", "local", ["none", "local"]);
        checkEnum(p, "m", undefined, ["none"]);
        checkEnum(p, "m", token, ["none"]);
      }),
    ).toEqual([]);
    expect(
      lines((p) => {
        checkEnum(p, "m", "remote", ["none", "local"]);
      }),
    ).toEqual(['W: m: "remote" is not allowed; use one of "none", "local"']);
  });
});

describe("checkNoWildcard", () => {
  it("refuses the wildcard anywhere in the name", () => {
    expect(
      lines((p) => {
        checkNoWildcard(p, "peer", "onprem", "peer");
        checkNoWildcard(p, "peer", undefined, "peer");
        checkNoWildcard(p, "peer", token, "peer");
      }),
    ).toEqual([]);
    expect(
      lines((p) => {
        checkNoWildcard(p, "peer", "*", "peer");
      }),
    ).toEqual(['W: peer: "*" is not allowed; name one peer']);
    expect(
      lines((p) => {
        checkNoWildcard(p, "sg", "on*", "sameness group");
      }),
    ).toEqual(['W: sg: "on*" is not allowed; name one sameness group']);
  });
});

describe("checkRequired", () => {
  it("refuses undefined, null and empty, and passes values and tokens", () => {
    const results: boolean[] = [];
    expect(
      lines((p) => {
        results.push(checkRequired(p, "a", "x"), checkRequired(p, "b", token), checkRequired(p, "c", " "));
      }),
    ).toEqual([]);
    expect(results).toEqual([true, true, true]);
    const failed: boolean[] = [];
    expect(
      lines((p) => {
        failed.push(
          checkRequired(p, "a", undefined),
          checkRequired(p, "b", null as unknown as string),
          checkRequired(p, "c", ""),
        );
      }),
    ).toEqual(["W: a: undefined is required", "W: b: null is required", 'W: c: "" is required']);
    expect(failed).toEqual([false, false, false]);
  });
});

describe("checkDuration and durationMs", () => {
  const msg = 'is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"';
  it("accepts Go durations: compound, fractional, every unit, and a bare 0", () => {
    const good = ["0", "5s", "1m30s", "250ms", "1.5h", "10ns", "3us", "3µs", "2h45m10.5s"];
    expect(
      lines((p) => {
        good.forEach((d) => {
          checkDuration(p, "t", d);
        });
      }),
    ).toEqual([]);
    expect(
      lines((p) => {
        checkDuration(p, "t", undefined);
        checkDuration(p, "t", token);
      }),
    ).toEqual([]);
  });
  it("refuses text around a duration, a missing unit, a bare dot, negatives and other zeros", () => {
    for (const bad of ["5", "s", "x5s", "5sx", "5 s", ".5s", "5.s", "-5s", "00", "1d", ""]) {
      expect(
        lines((p) => {
          checkDuration(p, "t", bad);
        }),
      ).toEqual([`W: t: ${JSON.stringify(bad)} ${msg}`]);
    }
  });
  it("converts every unit to milliseconds", () => {
    expect(durationMs("0")).toBe(0);
    expect(durationMs("250ms")).toBe(250);
    expect(durationMs("1m30s")).toBe(90000);
    expect(durationMs("1.5h")).toBe(5400000);
    expect(durationMs("1.25s")).toBe(1250);
    expect(durationMs("2000us")).toBe(2);
    expect(durationMs("2000µs")).toBe(2);
    expect(durationMs("1000000ns")).toBe(1);
    expect(durationMs("5")).toBeUndefined();
    expect(durationMs("x5s")).toBeUndefined();
    expect(durationMs(undefined)).toBeUndefined();
    expect(durationMs(token)).toBeUndefined();
  });
});

describe("checkInt", () => {
  it("accepts both ends of the range and refuses one past each", () => {
    expect(
      lines((p) => {
        checkInt(p, "n", 1, 1, 10);
        checkInt(p, "n", 10, 1, 10);
        checkInt(p, "n", 2 ** 31 - 1, 0);
        checkInt(p, "n", undefined, 0);
        checkInt(p, "n", numberToken, 0);
      }),
    ).toEqual([]);
    expect(
      lines((p) => {
        checkInt(p, "n", 0, 1, 10);
      }),
    ).toEqual(["W: n: 0 is not allowed; use an integer from 1 to 10"]);
    expect(
      lines((p) => {
        checkInt(p, "n", 11, 1, 10);
      }),
    ).toEqual(["W: n: 11 is not allowed; use an integer from 1 to 10"]);
    expect(
      lines((p) => {
        checkInt(p, "n", 2 ** 31, 0);
      }),
    ).toEqual([`W: n: ${2 ** 31} is not allowed; use an integer from 0 to ${2 ** 31 - 1}`]);
    expect(
      lines((p) => {
        checkInt(p, "n", 1.5, 1, 10);
      }),
    ).toEqual(["W: n: 1.5 is not allowed; use an integer from 1 to 10"]);
    expect(
      lines((p) => {
        checkInt(p, "n", "3" as unknown as number, 1, 10);
      }),
    ).toEqual(['W: n: "3" is not allowed; use an integer from 1 to 10']);
  });
});

describe("checkAtMostOne", () => {
  type O = { a?: unknown; b?: unknown; c?: unknown };
  it("counts only set keys: undefined, null, empty and false are unset", () => {
    let set: string[] = [];
    expect(
      lines((p) => {
        set = checkAtMostOne<O>(p, "o", { a: 1, b: undefined, c: null }, ["a", "b", "c"]);
      }),
    ).toEqual([]);
    expect(set).toEqual(["a"]);
    expect(
      lines((p) => {
        set = checkAtMostOne<O>(p, "o", { a: "", b: false, c: 0 }, ["a", "b", "c"]);
      }),
    ).toEqual([]);
    expect(set).toEqual(["c"]);
    expect(
      lines((p) => {
        set = checkAtMostOne<O>(p, "o", {}, ["a", "b"]);
      }),
    ).toEqual([]);
    expect(set).toEqual([]);
  });
  it("names the keys set, with their values, and the choices", () => {
    expect(lines((p) => checkAtMostOne<O>(p, "o", { a: 1, b: "x", c: undefined }, ["a", "b", "c"]))).toEqual([
      'W: o: {"a":1,"b":"x"} sets a and b; set at most one of a, b, c',
    ]);
  });
});

describe("toManifest", () => {
  it("drops undefined fields, escapes template sequences in strings, keeps tokens and non-plain objects", () => {
    class Box {
      constructor(public v = "${x}") {}
    }
    const box = new Box();
    expect(
      toManifest({
        a: undefined,
        b: "${var.x} and %{if}",
        c: ["${y}", 1, null],
        d: { e: undefined, f: true },
        g: token,
        h: box,
      }),
    ).toEqual({
      b: "$${var.x} and %%{if}",
      c: ["$${y}", 1, null],
      d: { f: true },
      g: token,
      h: box,
    });
    expect(Object.keys(toManifest({ a: undefined, b: 1, c: { d: undefined } }))).toEqual(["b", "c"]);
    expect(Object.keys(toManifest({ c: { d: undefined } }).c)).toEqual([]);
    expect(toManifest("${a}${b}")).toBe("$${a}$${b}");
    expect(toManifest("%{a}%{b}")).toBe("%%{a}%%{b}");
    expect(toManifest(token)).toBe(token);
    expect(toManifest(null)).toBeNull();
  });
});
