"""Generate N realistic configurations for the benchmark (YAML and JSON mixed).

Each configuration owns its own block of phone numbers (every rule bidirectional, 20–40
capture rules over SMS, WHATSAPP and VOICE); a few per cent carry a defect (an unquoted
number, a missing `+`, a one-directional rule, a number another configuration owns) so
that the findings path is exercised too. Deterministic for a given seed.

    python benchmarks/generate.py OUT_DIR N [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def _id(rng: random.Random, prefix: str, first: str = "01") -> str:
    return prefix + first + "".join(rng.choice(ALPHABET) for _ in range(26 - len(first)))


def configuration(index: int, rng: random.Random) -> dict:
    base = 2_065_000_000 + index * 40
    rules: dict[str, list[dict]] = {"SMS": [], "WHATSAPP": [], "VOICE": []}
    count = rng.randint(10, 20)  # pairs: 20–40 rules
    for n in range(count):
        number = f"+1{base + n}"
        channel = ("SMS", "WHATSAPP", "VOICE")[n % 3]
        address = f"whatsapp:{number}" if channel == "WHATSAPP" else number
        rules[channel] += [{"from": address, "to": "*"}, {"from": "*", "to": address}]
    defect = index % 37
    if defect == 1:
        rules["SMS"].append({"from": f"+1{base + 39}", "to": "*"})  # one-directional (CO201)
    elif defect == 2:
        rules["SMS"][0]["from"] = rules["SMS"][0]["from"][1:]  # missing + (CO202)
    elif defect == 3 and index > 0:
        rules["SMS"].append({"from": f"+1{base - 40}", "to": "*"})  # another configuration's number (CO301)
        rules["SMS"].append({"from": "*", "to": f"+1{base - 40}"})
    channels = {
        name: {"statusTimeouts": {"inactive": 30, "closed": 1440}, "captureRules": items}
        for name, items in rules.items()
        if items and name != "VOICE"
    }
    if rules["VOICE"]:
        channels["VOICE"] = {"statusTimeouts": None, "captureRules": rules["VOICE"]}
    return {
        "id": _id(rng, "conv_configuration_"),
        "displayName": f"Desk {index:05d}",
        "description": f"Generated desk number {index} for the co-lint benchmark",
        "conversationGroupingType": "GROUP_BY_PARTICIPANT_ADDRESSES",
        "memoryStoreId": _id(rng, "mem_store_", "2"),
        "intelligenceConfigurationIds": [_id(rng, "intelligence_configuration_")],
        "statusCallbacks": [{"url": f"https://hooks.example-ops.net/desk/{index}", "method": "POST"}],
        "channelSettings": channels,
    }


def to_yaml(value: dict, unquoted_number: bool) -> str:
    import yaml

    text = yaml.safe_dump(value, sort_keys=False, default_flow_style=False, width=200)
    if unquoted_number:  # an unquoted phone number: CO003
        text = re.sub(r"- from: '(\+1\d+)'", r"- from: \1", text, count=1)
    return text


def generate(out: Path, count: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        config = configuration(index, rng)
        if index % 2:
            path = out / f"desk-{index:05d}.json"
            path.write_text(json.dumps(config, indent=2) + "\n")
        else:
            path = out / f"desk-{index:05d}.yaml"
            path.write_text(to_yaml(config, unquoted_number=index % 37 == 4))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
