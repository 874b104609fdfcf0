"""The vangnetbepaling (the seed OSP's Bijlage 2; domain.md §9), as pure functions: tested
table-driven, like ``monitoring/norms.py``. No database: the page and the claim service feed
them the figures (the Loket's, or DUO's where the SWV overruled them).

Step 1, ``growth_condition``: the school's pupils with a TLV (residential pupils not in a JJI or
GJI included) grew more from 2 februari to 1 juni than from 1 september to 1 februari.

Step 2, ``compute``: if so, per category the net inflow of 2 februari – 1 juni (new TLVs + new
residential pupils − outflow) times the category amount of the regulation for that year; the
SBO variant has no categories (one amount). The total is the claim; a total ≤ 0 means no claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
SBO = ""  # the category key of the SBO variant: no categories


@dataclass(frozen=True)
class Counts:
    """The school's pupils with a TLV plus residential pupils on the three peildata."""

    september: int  # 1 september
    february: int  # 1 februari
    june: int  # 1 juni

    @property
    def growth_autumn(self) -> int:
        """1 september → 1 februari."""
        return self.february - self.september

    @property
    def growth_spring(self) -> int:
        """2 februari → 1 juni."""
        return self.june - self.february


def growth_condition(counts: Counts) -> bool:
    """Step 1: a more than average increase (spring growth larger than autumn growth)."""
    return counts.growth_spring > counts.growth_autumn


@dataclass(frozen=True)
class Flow:
    """One category's flows in 2 februari – 1 juni (``category`` ``SBO`` for an SBO school)."""

    category: str
    new_tlvs: int = 0
    new_residential: int = 0
    outflow: int = 0

    @property
    def net_inflow(self) -> int:
        return self.new_tlvs + self.new_residential - self.outflow


@dataclass(frozen=True)
class ClaimLine:
    category: str
    net_inflow: int
    amount: Decimal | None  # the category amount of the regulation (None: not known)
    total: Decimal  # net inflow × amount (0 when the amount is not known)


@dataclass(frozen=True)
class Outcome:
    counts: Counts
    condition_met: bool
    lines: tuple[ClaimLine, ...]
    total: Decimal
    missing_amounts: tuple[str, ...]  # categories with inflow but no amount

    @property
    def claimable(self) -> bool:
        """A claim only when step 1 holds and the total is above zero."""
        return self.condition_met and self.total > 0

    @property
    def explanation(self) -> str:
        """Why (not), in a sentence the page and the PDF show."""
        c = self.counts
        if not self.condition_met:
            return (
                f"Geen vangnet: van 2 februari tot 1 juni groeide het aantal met "
                f"{c.growth_spring}, niet meer dan van 1 september tot 1 februari "
                f"({c.growth_autumn})."
            )
        if self.total <= 0:
            return (
                "Geen declaratie: de groei is meer dan gemiddeld, maar de netto instroom maal "
                "de bedragen is niet meer dan nul."
            )
        return (
            f"Meer dan gemiddelde toename: {c.growth_spring} van 2 februari tot 1 juni tegen "
            f"{c.growth_autumn} van 1 september tot 1 februari."
        )


def compute(
    counts: Counts,
    flows: Sequence[Flow],
    amounts: Mapping[str, Decimal],
    *,
    sbo: bool = False,
) -> Outcome:
    """Steps 1 and 2. ``amounts`` maps a category (laag, midden, hoog; ``SBO`` for an SBO
    school) to the regulation's amount per pupil for the year. An SBO school's flows are summed
    into one line without category."""
    if sbo:
        flows = [
            Flow(
                SBO,
                sum(f.new_tlvs for f in flows),
                sum(f.new_residential for f in flows),
                sum(f.outflow for f in flows),
            )
        ]
    condition = growth_condition(counts)
    lines = []
    missing = []
    for flow in flows:
        amount = amounts.get(flow.category)
        if amount is None and flow.net_inflow:
            missing.append(flow.category)
        total = (Decimal(flow.net_inflow) * amount).quantize(CENT, ROUND_HALF_UP) if amount else 0
        lines.append(ClaimLine(flow.category, flow.net_inflow, amount, Decimal(total)))
    total = sum((line.total for line in lines), Decimal(0)) if condition else Decimal(0)
    return Outcome(counts, condition, tuple(lines), total, tuple(missing))


def euros(value: Decimal | int | None) -> str:
    """Dutch euros with cents: 182500 → "182.500,00"; −26000.5 → "−26.000,50"; None → ""."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(CENT, ROUND_HALF_UP)
    whole, cents = f"{abs(amount):.2f}".split(".")
    text = f"{int(whole):,}".replace(",", ".") + f",{cents}"
    return f"−{text}" if amount < 0 else text
