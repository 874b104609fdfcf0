"""The one cell helper of every spreadsheet export: formulas never run, files always open."""

from __future__ import annotations

import datetime

import pytest

from swvportal.core.spreadsheets import escape_formula, text_cell, unescape_formula


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("https://example.com","klik")', '\'=HYPERLINK("https://example.com","klik")'),
        ("+31 6 bellen", "'+31 6 bellen"),
        ("-5", "'-5"),
        ("@iedereen", "'@iedereen"),
        ("\t=1+1", "'\t=1+1"),
        ("'=1+1", "''=1+1"),  # an apostrophe of its own survives the round trip
        ("gewoon", "gewoon"),
        ("a=b", "a=b"),
        ("regel\x07een", "regel\N{REPLACEMENT CHARACTER}een"),  # XLSX cannot hold \x07
        (12, 12),
        (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1)),
        (None, None),
    ],
)
def test_a_cell_never_runs_as_a_formula_and_only_text_changes(value, written):
    assert text_cell(value) == written


def test_the_import_takes_exactly_the_escaping_off_again():
    for text in ["=1+1", "'=1+1", "''@x", "-5", "\tx", "gewoon", "'quote", "", "a=b"]:
        assert unescape_formula(escape_formula(text)) == text
