"""Importing a spreadsheet (.xlsx or .csv) into a year's evidence file, keeping what was written by hand.

``plan_import`` reads the sheet, maps its columns to the evidence model, builds the items
(aggregating one row per booking into courses where the sheet is shaped that way), merges
them into ``evidence/YEAR/KIND.yaml`` with a ruamel.yaml round trip (every comment and every
hand-written field stays), and validates the result. It writes nothing: it returns the old
and new text, so the command can show a diff and ask. ``write_atomic`` then writes it whole.

The modules, in the order the work flows: ``sheets`` (reading the file, finding the header
row), ``cells`` (reading each cell, matching names), ``columns`` (mapping headers to fields),
``items`` (rows to items), ``kinds`` (what each kind's sheets hold), ``settings`` (its
``import:`` settings), ``mapping`` (the ``import:`` lines a mend gives to paste into
annualreport.yaml), ``merge`` (into the YAML, with ruamel), ``plan`` and ``writing``.

What each kind's sheet may hold is data, not code: a ``KindSpec`` with its ``Shape``s, and
each shape's ``Column``s (a field, the headers it is known by, how its cells are read, and
where the value goes in the item). A new kind is a new ``KindSpec`` in ``kinds.SPECS``; only a
sheet that must be aggregated (one row per booking) needs a function of its own.

The user can rename columns and agencies in annualreport.yaml (``config.ImportSettings``)::

    import:
      training:
        sheet: Bookings            # the workbook's sheet (default: the one whose headers fit best)
        shape: bookings            # bookings or courses (default: worked out from the headers)
        columns: {"Event name": title, "Delegate organisation": agency, "Notes": ignore}
        agencies: {"Harrowfield Police": police, "Schools / colleges": schools}
        ids: {"GCP2-L3": course-gcp2}      # a course code or title -> an existing evidence id
        source: Learning Hub booking system
        confidence: medium
        scale: 5
"""

from __future__ import annotations

from annualreport.importing.plan import plan_import
from annualreport.importing.writing import describe, unified_diff, write_atomic

__all__ = ["describe", "plan_import", "unified_diff", "write_atomic"]
