import { mustFind, mustGet } from "../../constructs/private/maps";

describe("mustGet", () => {
  test("returns the entry of a key that is there", () => {
    // given
    const map = new Map([["a", 1]]);
    // when
    const value = mustGet(map, "a");
    // then
    expect(value).toBe(1);
  });

  test("names the missing key instead of returning undefined", () => {
    // given
    const map = new Map([["a", 1]]);
    // when
    const read = () => mustGet(map, "b");
    // then
    expect(read).toThrow('internal error: no entry for "b"');
  });
});

describe("mustFind", () => {
  test("returns the first item that passes", () => {
    // given
    const items = [1, 2, 3];
    // when
    const item = mustFind(items, (n) => n > 1, "number above 1");
    // then
    expect(item).toBe(2);
  });

  test("says what is missing instead of returning undefined", () => {
    // given
    const items = [1, 2, 3];
    // when
    const find = () => mustFind(items, (n) => n > 3, "number above 3");
    // then
    expect(find).toThrow("internal error: no number above 3");
  });
});
