"""Convert Word documents to tagged PDF in one private LibreOffice, over UNO.

This script is NOT imported by annualreport: it is run by a Python interpreter that can
``import uno`` (Debian's system Python with python3-uno, or LibreOffice's bundled Python),
which need not be the interpreter annualreport runs in. It therefore imports nothing but
the standard library and uno, and keeps to Python 3.8 syntax.

Usage: python uno_convert.py REQUEST.json RESULT.json

REQUEST.json holds::

    {"soffice": "/usr/bin/soffice",           # the soffice to start
     "profile": "file:///tmp/.../profile",     # a private, fresh user installation
     "pipe": "annualreport_1234_ab12",        # a unique pipe name for --accept
     "timeout": 170,                           # seconds for the whole run
     "filter_data": {"UseTaggedPDF": true, ...},
     "jobs": [{"docx": "/abs/in.docx", "pdf": "/abs/out.pdf", "title": "..."}]}

RESULT.json receives ``{"ok": true, "jobs": [{"pdf": ..., "indexes": N}]}`` or
``{"ok": false, "error": "...", "stage": "start|connect|convert"}``. The exit code is 0 on
success, 3 on failure. The caller starts this script in a new process group and kills the
whole group (this script and the office it started) if the time runs out.
"""

import json
import os
import subprocess
import sys
import time

import uno  # noqa: F401  (must come before the com.sun.star imports)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

OFFICE_START_LIMIT = 60.0  # seconds to wait for the office to accept a connection


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def to_url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def write_result(path, data):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh)


def start_office(req, log):
    args = [
        req["soffice"],
        "-env:UserInstallation=" + req["profile"],
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        "--nofirststartwizard",
        "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % req["pipe"],
    ]
    # Same process group as this script, so the caller can end both at once.
    return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log)


def connect(req, office, deadline):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % req["pipe"]
    restarts = 0
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            pass
        code = office.poll()
        if code is not None:
            # A fresh profile can make the launcher exit after initialising it (exit code 81
            # is LibreOffice's "restart me"); start it once more before giving up.
            if restarts < 1 and code in (0, 81):
                restarts += 1
                office = start_office(req, req["_log"])
                req["_office"] = office
                continue
            raise OfficeGone(code)
        if time.monotonic() > deadline:
            raise TimeoutError("LibreOffice did not accept a connection in time")
        time.sleep(0.1)


class ConvertFailed(Exception):
    pass


class OfficeGone(Exception):
    def __init__(self, code):
        super().__init__("it exited with code %s before it could be used" % code)
        self.code = code


def update_indexes(doc):
    """Fill every index (the contents page) and refresh fields; twice, since filling the
    contents can move headings to later pages."""
    count = 0
    for _ in range(2):
        indexes = doc.getDocumentIndexes()
        count = indexes.getCount()
        for i in range(count):
            indexes.getByIndex(i).update()
        try:
            doc.getTextFields().refresh()
        except Exception:
            pass
        try:
            doc.refresh()
        except Exception:
            pass
        if count == 0:
            break
    return count


def convert_one(desktop, job, filter_data):
    load_props = (
        prop("Hidden", True),
        prop("MacroExecutionMode", 0),  # never run macros
        prop("UpdateDocMode", 0),  # do not update links to other files
    )
    doc = desktop.loadComponentFromURL(to_url(job["docx"]), "_blank", 0, load_props)
    if doc is None:
        raise ConvertFailed("it could not be opened (is it a valid .docx?)")
    try:
        indexes = update_indexes(doc)
        if job.get("title"):
            try:
                doc.getDocumentProperties().Title = job["title"]
            except Exception:
                pass
        fd = tuple(prop(k, v) for k, v in filter_data.items())
        store_props = (
            prop("FilterName", "writer_pdf_Export"),
            prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", fd)),
            prop("Overwrite", True),
        )
        uno.invoke(doc, "storeToURL", (to_url(job["pdf"]), store_props))
    finally:
        try:
            doc.close(True)
        except Exception:
            try:
                doc.dispose()
            except Exception:
                pass
    return {"pdf": job["pdf"], "indexes": indexes}


def stop_office(desktop, office):
    if desktop is not None:
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes away as the office stops: expected
    try:
        office.wait(timeout=10)
    except subprocess.TimeoutExpired:
        office.kill()
    # soffice.bin may outlive its launcher; the caller ends the whole process group.


def main(argv):
    with open(argv[1], encoding="utf-8") as fh:
        req = json.load(fh)
    result_path = argv[2]
    deadline = time.monotonic() + min(float(req.get("timeout", 180)), OFFICE_START_LIMIT)
    log = open(req.get("log", os.devnull), "ab")
    req["_log"] = log
    stage = "start"
    desktop = None
    office = None
    done = []
    try:
        office = start_office(req, log)
        req["_office"] = office
        stage = "connect"
        ctx = connect(req, office, deadline)
        office = req["_office"]
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        stage = "convert"
        for job in req["jobs"]:
            done.append(convert_one(desktop, job, req["filter_data"]))
    except Exception as exc:  # report, never a traceback
        write_result(
            result_path,
            {"ok": False, "stage": stage, "done": done,
             "error": str(exc) if isinstance(exc, (OfficeGone, TimeoutError, ConvertFailed))
             else "%s: %s" % (type(exc).__name__, exc)},
        )
        office = req.get("_office", office)
        if office is not None:
            stop_office(desktop, office)
        return 3
    stop_office(desktop, office)
    write_result(result_path, {"ok": True, "jobs": done})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
