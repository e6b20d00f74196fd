"""The standard as data: table 4.2's points per work area and the skill items of section 3.

`standard/weights.json` is a copy of shared/standard/weights.json (the transcribed weight tables);
`standard/skill_items.yaml` transcribes every professional-ability requirement (专业能力要求) of
section 3. A skill item is cited as direction/level/id, e.g. `chip/junior/3.1.2`; an exam may cite
items of its own level and of the levels below it (a higher level includes the lower ones).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent / "standard_data"
LEVELS = ("junior", "intermediate", "senior")
DIRECTIONS = ("chip", "platform", "nlp_speech", "cv", "integration")


@dataclass(frozen=True)
class SkillItem:
    direction: str
    level: str
    id: str
    area: str
    work: str
    text: str

    @property
    def ref(self) -> str:
        return f"{self.direction}/{self.level}/{self.id}"


@lru_cache(maxsize=1)
def weights() -> dict:
    return json.loads((HERE / "weights.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def skill_items() -> dict[str, SkillItem]:
    data = yaml.safe_load((HERE / "skill_items.yaml").read_text(encoding="utf-8"))
    items = {}
    for direction, levels in data.items():
        for level, entries in levels.items():
            for e in entries:
                item = SkillItem(direction, level, str(e["id"]), e["area"], e["work"], e["text"])
                items[item.ref] = item
    return items


@lru_cache(maxsize=1)
def exam_rules() -> dict[str, dict[str, str]]:
    """The exam rules every exam of a kind shows, by name ({zh, en} with {minutes} and {hours})."""
    return yaml.safe_load((HERE / "exam_rules.yaml").read_text(encoding="utf-8"))


def practical_weights(direction: str, level: str) -> dict[str, int]:
    """Points per work area for a practical exam (table 4.2); areas not examined are left out."""
    table = weights()["practical_weights"][direction]
    i = LEVELS.index(level)
    return {area: per_level[i] for area, per_level in table.items() if per_level[i] is not None}


def area_names() -> dict[str, str]:
    return weights()["areas"]


def pass_mark() -> int:
    return weights()["exam_rules"]["pass_mark"]


def citable(direction: str, level: str, ref: str) -> SkillItem | None:
    """The item if an exam of this direction and level may cite it, else None."""
    item = skill_items().get(ref)
    if item is None or item.direction != direction:
        return None
    if LEVELS.index(item.level) > LEVELS.index(level):
        return None
    return item
