"""A deterministic generator of malformed input files: scenarios, cases and claims.

Each file is a valid bundled file with one mutation applied. File ``i`` of a
run with seed ``seed`` depends on ``(seed, i)`` alone (its own
``numpy.random.Generator`` from ``SeedSequence([seed, i])``), so a failing file
is reproduced by its index. The kinds, in :data:`KINDS`, are the ways a
hostile or careless user breaks a file: byte flips, truncation, deleted and
duplicated keys, wrong types, NaN and infinity, huge numbers, deep nesting,
alias bombs in values and in keys, YAML tags, bad dates, control characters,
binary content and dangling ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import numpy as np

#: Input kinds and the bundled files the mutations start from.
BASES: dict[str, tuple[str, ...]] = {
    "scenario": ("scenario/bundled/ukraine-2025.yaml", "scenario/bundled/july-1914.yaml"),
    "case": ("evidence/cases/austria-1955.yaml", "evidence/cases/belgium-1839.yaml",
             "evidence/cases/cyprus-1960.yaml"),
    "claims": ("evidence/claims/evans-2025.yaml",),
}


@dataclass(frozen=True)
class Mutant:
    """One generated file: what it is, how it was made, and its bytes."""

    index: int
    input_kind: str          # scenario | case | claims
    mutation: str            # one of KINDS
    base: str
    content: bytes


def _base_text(rel: str) -> str:
    pkg, _, rest = rel.partition("/")
    return (resources.files(f"foedus.{pkg}") / rest).read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _key_lines(lines: list[str]) -> list[int]:
    return [i for i, ln in enumerate(lines)
            if ":" in ln and not ln.lstrip().startswith("#") and ln.strip() not in ("", "-")]


def _value_lines(lines: list[str]) -> list[int]:
    """Lines ``key: value`` with a scalar value on the same line."""
    out = []
    for i in _key_lines(lines):
        _, _, v = lines[i].partition(": ")
        if v.strip() and not v.strip().startswith(("|", ">", "#")):
            out.append(i)
    return out


def _set_value(text: str, rng: np.random.Generator, values: list[str],
               only_numbers: bool = False) -> str:
    lines = _lines(text)
    cands = _value_lines(lines)
    if only_numbers:
        num = [i for i in cands if any(c.isdigit() for c in lines[i].partition(": ")[2])]
        cands = num or cands
    i = cands[int(rng.integers(len(cands)))]
    key, _, _ = lines[i].partition(": ")
    lines[i] = f"{key}: {values[int(rng.integers(len(values)))]}"
    return "\n".join(lines)


def byte_flip(text: str, rng: np.random.Generator) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(int(rng.integers(1, 4))):
        data[int(rng.integers(len(data)))] = int(rng.integers(256))
    return bytes(data)


def truncation(text: str, rng: np.random.Generator) -> bytes:
    data = text.encode("utf-8")
    return data[: int(rng.integers(len(data)))]


def deleted_key(text: str, rng: np.random.Generator) -> bytes:
    lines = _lines(text)
    cands = _key_lines(lines)
    del lines[cands[int(rng.integers(len(cands)))]]
    return "\n".join(lines).encode()


def duplicated_key(text: str, rng: np.random.Generator) -> bytes:
    lines = _lines(text)
    cands = _key_lines(lines)
    i = cands[int(rng.integers(len(cands)))]
    lines.insert(i + 1, lines[i].replace("- ", "  ", 1))
    return "\n".join(lines).encode()


def wrong_type(text: str, rng: np.random.Generator) -> bytes:
    return _set_value(text, rng, ["[1, 2]", "{a: 1}", "true", "false", "'0.5'", "null",
                                  "-1", "abc", "0x1F", "''", "[]", "{}", "1.5", "12"]).encode()


def nan_inf(text: str, rng: np.random.Generator) -> bytes:
    return _set_value(text, rng, [".nan", ".inf", "-.inf", "1e400", "1.0e+400", ".NaN"],
                      only_numbers=True).encode()


def huge_number(text: str, rng: np.random.Generator) -> bytes:
    return _set_value(text, rng, ["18446744073709551616", "9223372036854775808",
                                  "-9223372036854775809", "9.9e99", "1" + "0" * 5000,
                                  "-1e308", "123456789012345678901234567890"],
                      only_numbers=True).encode()


def deep_nesting(text: str, rng: np.random.Generator) -> bytes:
    k = int(rng.choice([70, 400, 3000]))
    style = int(rng.integers(3))
    deep = ("[" * k + "]" * k if style == 0 else "{a: " * k + "1" + "}" * k if style == 1
            else "\n".join("  " * j + "- " for j in range(k)))
    return _set_value(text, rng, [deep if style < 2 else "\n" + deep]).encode()


def _laughs(levels: int, width: int, key: bool) -> str:
    """A billion-laughs block: each level an alias list of ``width`` of the level below,
    as list items (values) or as complex mapping keys (``? &kJ [...]``)."""
    def row(j: int) -> str:
        items = ["lol"] * width if j == 0 else [f"*a{j - 1}"] * width
        return f"&a{j} [{', '.join(items)}]"
    if key:
        return "bomb:\n" + "".join(f"  ? {row(j)}\n  : {j}\n" for j in range(levels))
    return "bomb:\n" + "".join(f"  - {row(j)}\n" for j in range(levels))


def alias_bomb_value(text: str, rng: np.random.Generator) -> bytes:
    return (text + _laughs(int(rng.integers(5, 10)), 9, key=False)).encode()


def alias_bomb_key(text: str, rng: np.random.Generator) -> bytes:
    return (text + _laughs(int(rng.integers(5, 10)), 9, key=True)).encode()


def yaml_tag(text: str, rng: np.random.Generator) -> bytes:
    return _set_value(text, rng, ["!!timestamp foo", "!!bool maybe", "!!int abc",
                                  "!!float x", "!!python/object/apply:os.system [ls]",
                                  "!!binary aGVsbG8=", "!foo bar", "!!set {a, b}",
                                  "!!omap [a: 1]", "!!null x", "!!str 1", "!!map [1]",
                                  "!!seq {a: 1}"]).encode()


def bad_date(text: str, rng: np.random.Generator) -> bytes:
    return _set_value(text, rng, ["2020-02-30", "2021-13-01", "0000-00-00", "2020-02-29",
                                  "1999-12-31T25:61:00", "2020-1-1", "9999-12-31"]).encode()


def control_character(text: str, rng: np.random.Generator) -> bytes:
    at = int(rng.integers(len(text)))
    ch = chr(int(rng.choice([0, 1, 7, 8, 11, 12, 27, 31, 127, 0x9F, 0xFFFE])))
    return (text[:at] + ch + text[at:]).encode("utf-8", "surrogatepass")


def binary(text: str, rng: np.random.Generator) -> bytes:
    style = int(rng.integers(4))
    if style == 0:
        return rng.bytes(int(rng.integers(1, 4000)))
    if style == 1:
        return text.encode("utf-16")
    if style == 2:
        return b"\xff\xfe\x00" + text.encode()[:200]
    return b"\x00" * int(rng.integers(1, 100))


def dangling_id(text: str, rng: np.random.Generator) -> bytes:
    lines = _lines(text)
    refs = [i for i, ln in enumerate(lines) if ln.strip().startswith(
        ("guarantor:", "beneficiary:", "adversary:", "protected:", "host:", "target:",
         "commitments: [", "baseline: [", "policy:", "against:", "attacker:", "victim:"))]
    if not refs:
        return wrong_type(text, rng)
    i = refs[int(rng.integers(len(refs)))]
    key, _, _ = lines[i].partition(":")
    ghost = str(rng.choice(["ghost", "nobody-9", "x", "UPPER"]))
    lines[i] = f"{key}: [{ghost}]" if "[" in lines[i] else f"{key}: {ghost}"
    return "\n".join(lines).encode()


KINDS: dict[str, Callable[[str, np.random.Generator], bytes]] = {
    "byte_flip": byte_flip, "truncation": truncation, "deleted_key": deleted_key,
    "duplicated_key": duplicated_key, "wrong_type": wrong_type, "nan_inf": nan_inf,
    "huge_number": huge_number, "deep_nesting": deep_nesting,
    "alias_bomb_value": alias_bomb_value, "alias_bomb_key": alias_bomb_key,
    "yaml_tag": yaml_tag, "bad_date": bad_date, "control_character": control_character,
    "binary": binary, "dangling_id": dangling_id,
}


def mutant(seed: int, index: int) -> Mutant:
    """File ``index`` of the run with ``seed``: input kind and mutation cycle with the
    index (every kind of each input is covered in every 45 files), the base file and
    the mutation's details are drawn."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, index]))
    inputs = tuple(BASES)
    names = tuple(KINDS)
    input_kind = inputs[index % len(inputs)]
    mutation = names[(index // len(inputs)) % len(names)]
    bases = BASES[input_kind]
    base = bases[int(rng.integers(len(bases)))]
    return Mutant(index, input_kind, mutation, base, KINDS[mutation](_base_text(base), rng))
