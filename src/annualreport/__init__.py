"""annualreport: a safeguarding children partnership's yearly report, built from evidence."""

__version__ = "0.1.0"
