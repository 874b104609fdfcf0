"""What changed between two versions of a plan: chapter texts, pijlers, doelen, stappen.

Parts are matched by their ``uid`` (a new version copies it), and otherwise by a natural key
(a chapter's title, a doel's pijler and title, a stap's doel and letter), so two separately
imported versions still compare sensibly.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .selectors import PlanTree

ADDED, REMOVED, CHANGED = "toegevoegd", "verwijderd", "gewijzigd"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Row:
    status: str
    label: str
    fields: list[FieldChange] = field(default_factory=list)
    diff: list[tuple[str, str]] = field(default_factory=list)  # ("+"|"-"|" ", line)


@dataclass
class Section:
    title: str
    rows: list[Row]
    unchanged: int

    @property
    def changed(self) -> int:
        return len(self.rows)


def compare(old: PlanTree, new: PlanTree) -> list[Section]:
    return [
        _section(
            "Hoofdstukken",
            old.chapters,
            new.chapters,
            key=lambda c: c.title,
            label=lambda c: c.title,
            fields={"title": "Titel", "numbered": "Genummerd"},
            text="body",
        ),
        _section(
            "Strategische opgaven",
            old.tasks,
            new.tasks,
            key=lambda t: t.text,
            label=lambda t: t.text,
            fields={"text": "Opgave"},
        ),
        _section(
            "Pijlers",
            old.pillars,
            new.pillars,
            key=lambda p: p.title,
            label=lambda p: f"Pijler {p.position}: {p.title}",
            fields={
                "title": "Titel",
                "introduction": "Inleiding",
                "ambition": "Ambitie",
                "position": "Nummer",
            },
        ),
        _section(
            "Ontwikkeldoelen",
            old.goals,
            new.goals,
            key=lambda g: (g.pillar.title, g.title),
            label=_goal_label,
            fields={
                "title": "Titel",
                "description": "Omschrijving",
                "closing": "Slottekst",
                "position": "Nummer",
            },
        ),
        _section(
            "Stappen",
            old.steps,
            new.steps,
            key=lambda s: (s.goal.pillar.title, s.goal.title, s.position),
            label=lambda s: f"{_goal_label(s.goal)}, stap {s.letter}",
            fields={"text": "Tekst", "when": "Wanneer", "letter": "Letter"},
        ),
        _section(
            "Afkortingen",
            old.abbreviations,
            new.abbreviations,
            key=lambda a: a.abbreviation,
            label=lambda a: a.abbreviation,
            fields={"abbreviation": "Afkorting", "meaning": "Betekenis"},
        ),
    ]


def _goal_label(goal) -> str:
    return f"Doel {goal.pillar.position}.{goal.position} {goal.title}"


def _section(
    title: str,
    old: Iterable[Any],
    new: Iterable[Any],
    *,
    key: Callable,
    label: Callable,
    fields: dict[str, str],
    text: str | None = None,
) -> Section:
    old, new = list(old), list(new)
    pairs = _match(old, new, key)
    rows, unchanged = [], 0
    for before, after in pairs:
        if before is None:
            rows.append(Row(ADDED, label(after)))
        elif after is None:
            rows.append(Row(REMOVED, label(before)))
        else:
            changes = [
                FieldChange(name, _str(getattr(before, attr)), _str(getattr(after, attr)))
                for attr, name in fields.items()
                if getattr(before, attr) != getattr(after, attr)
            ]
            diff = _diff(getattr(before, text), getattr(after, text)) if text else []
            if changes or diff:
                rows.append(Row(CHANGED, label(after), changes, diff))
            else:
                unchanged += 1
    return Section(title, rows, unchanged)


def _match(old: list, new: list, key: Callable) -> list[tuple[Any, Any]]:
    """Pairs (old, new) in the new version's order, then what was removed."""
    by_uid = {o.uid: o for o in old}
    by_key = {key(o): o for o in old}
    new_uids = {n.uid for n in new}
    used: set[int] = set()
    pairs = []
    for item in new:
        match = by_uid.get(item.uid)
        if match is None or id(match) in used:
            match = by_key.get(key(item))
            if match is not None and (id(match) in used or match.uid in new_uids):
                match = None  # that one is matched (or will be) by its own uid
        if match is not None:
            used.add(id(match))
        pairs.append((match, item))
    pairs += [(o, None) for o in old if id(o) not in used]
    return pairs


def _diff(before: str, after: str) -> list[tuple[str, str]]:
    """Changed lines of a text with one line of context, as ("+"|"-"|" ", line) pairs."""
    if before == after:
        return []
    lines: list[tuple[str, str]] = []
    for group in difflib.SequenceMatcher(
        None, before.splitlines(), after.splitlines()
    ).get_grouped_opcodes(1):
        for tag, i1, i2, j1, j2 in group:
            a, b = before.splitlines()[i1:i2], after.splitlines()[j1:j2]
            if tag == "equal":
                lines += [(" ", line) for line in a]
            else:
                lines += [("-", line) for line in a] + [("+", line) for line in b]
    return [(op, line) for op, line in lines if line.strip() or op != " "]


def _str(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return "" if value is None else str(value)
