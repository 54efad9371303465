"""Make examples/training-export.xlsx and its twin examples/training-export.csv.

They are what a training booking system ("Harrowfield Learning Hub", invented) exports at the
end of the year: one row per booking, with the course, its code and level, the session date,
the delegate's agency, whether they attended, and the confidence they gave on the evaluation
form before and after the course (1 to 5; empty where no form came back). The agencies are
those of the sample partnership at the repository root (evidence/2024/partnership.yaml),
spelt as the booking system spells them. There are no delegates' names: an export for the
yearly report does not need them.

The workbook has a "Summary" sheet first and the bookings, under a short title block, on
the "Bookings" sheet, as such exports often do; ``annualreport import`` finds the right sheet
and header row itself. A few bookings are for sessions after 31 March 2025 (booked, not yet
run): the import leaves them out of 2024-25.

Run it from anywhere; it is deterministic (a fixed random seed):

    python examples/make_training_export.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPORTED = dt.datetime(2025, 4, 2, 8, 47)

# The agencies as the booking system's drop-down list spells them (close to, not always
# exactly, the names in partnership.yaml: the import matches them case- and punctuation-blind).
COUNCIL = "Harrowfield Borough Council"
POLICE = "Northvale Police"
ICB = "Northvale & Harrowfield Integrated Care Board"
HOSPITAL = "Harrowfield Hospitals NHS Foundation Trust"
COMMUNITY = "Harrowfield Community Health NHS Trust"
SCHOOLS = "Harrowfield Schools and Colleges"
PROBATION = "Probation Service - Northvale Delivery Unit"
YJS = "Harrowfield Youth Justice Service"
HOUSING = "Harrowfield Homes"
FIRE = "Northvale Fire and Rescue Service"
VCS = "Harrowfield Voluntary Action"

ROLES = {
    COUNCIL: ["Social worker", "Senior practitioner", "Family support worker", "Team manager", "Early help practitioner", "Independent reviewing officer"],
    POLICE: ["Police constable", "Detective constable", "Sergeant, Public Protection Unit"],
    ICB: ["GP", "Practice nurse", "Named GP for safeguarding"],
    HOSPITAL: ["Paediatric nurse", "Emergency department nurse", "Midwife", "Paediatric registrar"],
    COMMUNITY: ["Health visitor", "School nurse", "Community nursery nurse", "CAMHS practitioner"],
    SCHOOLS: ["Designated safeguarding lead", "Deputy DSL", "Pastoral lead", "Teacher", "Head of year"],
    PROBATION: ["Probation officer", "Probation services officer"],
    YJS: ["Youth justice officer", "Case manager"],
    HOUSING: ["Housing officer", "Tenancy support worker"],
    FIRE: ["Home safety adviser", "Watch manager"],
    VCS: ["Youth worker", "Family support volunteer coordinator", "Domestic abuse advocate"],
}

VENUES = ["Harrowfield Civic Centre, Room 2", "Online (Microsoft Teams)", "Harrowfield Hospital Education Centre", "Northvale Police HQ, Training Suite", "Harrowfield Professional Development Centre"]

# code, title (as the Learning and Development Group names it), level, session dates,
# bookings per session, agency weights, typical confidence before and after (None: no form)
COURSES = [
    ("GCP2", "GCP2: assessing neglect with the Graded Care Profile", "Level 3",
     ["2024-05-14", "2024-09-17", "2025-01-21"], 10,
     {COUNCIL: 30, COMMUNITY: 16, SCHOOLS: 18, HOSPITAL: 4, VCS: 5, POLICE: 3, ICB: 2, HOUSING: 2}, (2.6, 4.1)),
    ("CE-CS", "Child exploitation and contextual safeguarding", "Level 3",
     ["2024-06-11", "2024-11-05"], 10,
     {COUNCIL: 20, POLICE: 12, SCHOOLS: 16, YJS: 6, VCS: 5, HOUSING: 3, COMMUNITY: 4, FIRE: 2}, (2.8, 4.2)),
    ("ST-DA", "Safe and Together: domestic abuse-informed practice", "Level 3",
     ["2024-07-09", "2025-02-11"], 9,
     {COUNCIL: 26, POLICE: 6, COMMUNITY: 7, PROBATION: 4, VCS: 5, HOUSING: 4, SCHOOLS: 3}, (2.9, 4.3)),
    ("MAS-F", "Multi-agency safeguarding: foundation", "Level 2",
     ["2024-04-23", "2024-07-16", "2024-10-08", "2025-02-04", "2025-04-10"], 10,
     {COUNCIL: 10, SCHOOLS: 15, COMMUNITY: 6, HOSPITAL: 5, POLICE: 2, VCS: 5, HOUSING: 3, FIRE: 2, YJS: 1, PROBATION: 1, ICB: 2}, (3.1, 4.3)),
    ("HTC", "Hearing the child: direct work and recording the child's own words", "Level 3",
     ["2024-06-25", "2024-12-03"], 8,
     {COUNCIL: 20, SCHOOLS: 9, COMMUNITY: 8, POLICE: 2, YJS: 3, VCS: 4}, (3.0, 4.2)),
    ("BRUISE", "Bruising and injuries in babies who are not yet mobile", "Briefing",
     ["2024-05-21", "2024-10-15", "2025-03-11"], 9,
     {COMMUNITY: 27, HOSPITAL: 32, ICB: 15, COUNCIL: 11, POLICE: 4}, (3.2, 4.5)),
    ("CPC", "Working together in child protection conferences and core groups", "Level 3",
     ["2024-09-24", "2025-03-04"], 8,
     {COUNCIL: 14, SCHOOLS: 8, COMMUNITY: 5, POLICE: 2, VCS: 2}, (3.3, 4.1)),
    ("LFR", "Learning from reviews: short briefings", "Briefing",
     ["2024-06-04", "2024-11-19", "2025-03-18"], 7,
     {COUNCIL: 18, SCHOOLS: 20, COMMUNITY: 9, HOSPITAL: 7, POLICE: 8, VCS: 5, HOUSING: 3, FIRE: 2, PROBATION: 2, YJS: 1, ICB: 3}, None),
    ("AMH-SH", "Adolescent mental health and self-harm", "Level 3",
     ["2024-10-22", "2025-01-28"], 8,
     {SCHOOLS: 19, COUNCIL: 8, COMMUNITY: 6, YJS: 3, VCS: 5, HOSPITAL: 2}, (2.7, 3.9)),
    ("DSL-UPD", "Designated safeguarding leads: annual update", "Level 3",
     ["2024-09-10", "2024-09-12", "2025-04-24"], 11,
     {SCHOOLS: 1}, (3.6, 4.3)),
    # two courses new this year, not yet in training.yaml
    ("ONLINE", "Online harms: keeping children safe online", "Level 2",
     ["2024-11-26", "2025-02-25"], 9,
     {SCHOOLS: 14, COUNCIL: 8, COMMUNITY: 4, POLICE: 3, VCS: 4, YJS: 2}, (2.5, 4.0)),
    ("PMH-SM", "Parental mental health, substance use and the impact on children", "Level 3",
     ["2025-01-14", "2025-03-25"], 8,
     {COUNCIL: 12, COMMUNITY: 6, HOSPITAL: 3, PROBATION: 2, VCS: 3, HOUSING: 2, ICB: 2}, (2.7, 4.0)),
]

HEADERS = [
    "Booking ref", "Course ID", "Course", "Level", "Session date", "Venue", "Job role",
    "Agency/Organisation", "Attended (Y/N)", "Confidence before (1-5)", "Confidence after (1-5)",
]
YEAR_END = dt.date(2025, 3, 31)


def _rating(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.75))))


def bookings() -> list[list]:
    rng = random.Random(2024)
    rows = []
    number = 1040
    for code, title, level, dates, per_session, weights, evaluation in COURSES:
        agencies, shares = zip(*weights.items())
        for text in dates:
            day = dt.date.fromisoformat(text)
            venue = rng.choice(VENUES)
            for _ in range(per_session + rng.randint(-2, 2)):
                number += rng.randint(1, 4)
                agency = rng.choices(agencies, shares)[0]
                role = rng.choice(ROLES[agency])
                if day > EXPORTED.date():
                    attended, before, after = "", None, None  # booked, not yet run
                else:
                    attended = "Y" if rng.random() < 0.86 else "N"
                    before = after = None
                    if attended == "Y" and evaluation:
                        answer = rng.random()
                        if answer < 0.68:
                            before, after = _rating(rng, evaluation[0]), _rating(rng, evaluation[1])
                        elif answer < 0.74:
                            before = _rating(rng, evaluation[0])  # left before the end-of-course form
                rows.append([f"BK-{number:05d}", code, title, level, day, venue, role, agency, attended, before, after])
    rows.sort(key=lambda r: (r[4], r[1], r[0]))
    return rows


def write_xlsx(rows: list[list], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    data = book.create_sheet("Bookings")

    data.append(["Harrowfield Learning Hub: bookings report"])
    data.append([f"Multi-agency courses, sessions 01/04/2024 to 30/04/2025. Exported {EXPORTED:%d/%m/%Y %H:%M} by c.fenwick"])
    data.append([])
    data.append(HEADERS)
    data["A1"].font = Font(bold=True, size=14)
    for cell in data[4]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for row in rows:
        data.append(row)
    for cells in data.iter_rows(min_row=5, min_col=5, max_col=5):
        for cell in cells:
            cell.number_format = "dd/mm/yyyy"
    widths = [12, 10, 60, 10, 13, 40, 30, 46, 14, 22, 22]
    for i, width in enumerate(widths, start=1):
        data.column_dimensions[get_column_letter(i)].width = width
    data.freeze_panes = "A5"
    data.auto_filter.ref = f"A4:{get_column_letter(len(HEADERS))}{4 + len(rows)}"

    # what the system's own summary tab shows: bookings and attendance per course, all dates
    per_course: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        per_course[row[2]]["booked"] += 1
        per_course[row[2]]["attended"] += row[8] == "Y"
    summary.append(["Course", "Places booked", "Attended", "Attendance rate"])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for title, counts in per_course.items():
        summary.append([title, counts["booked"], counts["attended"], f"{counts['attended'] / counts['booked']:.0%}"])
    summary.column_dimensions["A"].width = 66

    book.properties.creator = "Harrowfield Learning Hub"
    book.properties.created = EXPORTED
    buffer = io.BytesIO()
    book.save(buffer)
    _reproducible(buffer.getvalue(), path)


def _reproducible(data: bytes, path: Path) -> None:
    """The same bytes on every run: openpyxl stamps the time of saving into the file and its zip."""
    stamp = f"{EXPORTED:%Y-%m-%dT%H:%M:%SZ}"
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            fixed = zipfile.ZipInfo(info.filename, date_time=EXPORTED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)


def write_csv(rows: list[list], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow([f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else ("" if v is None else v) for v in row])


def main() -> None:
    rows = bookings()
    write_xlsx(rows, HERE / "training-export.xlsx")
    write_csv(rows, HERE / "training-export.csv")
    in_year = sum(1 for r in rows if r[4] <= YEAR_END)
    print(f"wrote {len(rows)} bookings ({in_year} in 2024-25) to examples/training-export.xlsx and .csv")


if __name__ == "__main__":
    main()
