"""The kinds annualreport imports, as data: a ``KindSpec`` each. Add a kind here."""

from __future__ import annotations

from annualreport.evidence.models import Course, Indicator, PerformanceFile, TrainingFile
from annualreport.importing.items import bookings_to_courses
from annualreport.importing.shapes import INDICATOR_COLUMNS, KindSpec, Shape, TRAINING_BOOKINGS, TRAINING_COURSES


# --- the kinds ------------------------------------------------------------------------------------

TRAINING = KindSpec(
    kind="training",
    list_key="courses",
    item_model=Course,
    file_model=TrainingFile,
    noun="course",
    id_prefix="course-",
    shapes=(
        Shape("bookings", "one row per booking", TRAINING_BOOKINGS, required=(("title",), ("date",), ("agency",)), signs=("date", "agency", "attended", "session"), aggregate=bookings_to_courses),
        Shape("courses", "one row per course, a column per agency", TRAINING_COURSES, required=(("title", "id"), ("sessions",), ("places",)), signs=("sessions", "places", "respondents", "total"), dynamic="agency", dynamic_target="attendance", strict=True),
    ),
    order=("id", "title", "source", "as_of", "confidence", "level", "sessions", "places", "attendance", "evaluation"),
    maps={"attendance": "replace", "evaluation": "update"},
    flow=("attendance", "evaluation"),
    needs_agencies=True,
    header="# Multi-agency training: reach, attendance by agency, what attendees said, and what changed.\n# attendance keys are agency ids from partnership.yaml.",
)

PERFORMANCE = KindSpec(
    kind="performance",
    list_key="indicators",
    item_model=Indicator,
    file_model=PerformanceFile,
    noun="indicator",
    id_prefix="",
    shapes=(Shape("indicators", "one row per indicator, a column per period", INDICATOR_COLUMNS, required=(("title", "id"),), signs=("better", "target", "unit"), dynamic="period", dynamic_target="values"),),
    order=("id", "title", "source", "as_of", "confidence", "unit", "better", "target", "values", "key", "note"),
    maps={"values": "update"},
    flow=("values",),
    header="# The partnership's scorecard: values per period, target, and which direction is better.",
)

#: kind -> how its spreadsheets are read. Add a kind here.
SPECS: dict[str, KindSpec] = {spec.kind: spec for spec in (TRAINING, PERFORMANCE)}


