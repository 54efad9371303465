"""Convert Word documents to tagged PDF in one private LibreOffice, over UNO.

This script is NOT imported by annualreport: it is run by a Python interpreter that can
``import uno`` (Debian's system Python with python3-uno, or LibreOffice's bundled Python),
which need not be the interpreter annualreport runs in. It therefore imports nothing but
the standard library and uno, and keeps to Python 3.8 syntax.

Usage: python uno_convert.py REQUEST.json RESULT.json
       python uno_convert.py --serve REQUEST.json

The first form converts the request's jobs with one office and stops it. The second keeps the
office running (a *warm* office, for ``annualreport watch`` and for builds that start the
office while the Word documents are still being written) and serves requests given as JSON
lines on stdin, answering each with one JSON line on stdout (see ``serve``).

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

Whatever happens, the office does not outlive this script's caller: if the caller goes
(killed, or the pipe to it broken), a watchdog thread kills the office and this script's
own process group (see ``watch_parent``).
"""

import json
import os
import signal
import subprocess
import sys
import threading
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


class ExternalOffice(object):
    """An office the caller started (so that it starts while this script is still loading);
    looked after by its process id."""

    def __init__(self, pid):
        self.pid = pid
        self.code = None

    def poll(self):
        if self.code is not None:
            return self.code
        try:
            os.kill(self.pid, 0)
        except OSError:
            self.code = -1
            return self.code
        try:  # a zombie (exited, not yet reaped by the caller) is gone too
            with open("/proc/%d/stat" % self.pid) as fh:
                if fh.read().rsplit(") ", 1)[-1].startswith("Z"):
                    self.code = -1
        except (OSError, IndexError):
            pass
        return self.code

    def wait(self, timeout=None):
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired("soffice", timeout)
            time.sleep(0.05)
        return self.code

    def kill(self):
        kill_office(self.pid)


def kill_office(pid):
    """Kill an office: its whole process group when it leads one (soffice is a script that
    runs oosplash, which starts soffice.bin: killing the first leaves the last)."""
    try:
        if hasattr(os, "killpg") and os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
            return
    except OSError:
        pass
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def end_everything(req):
    """The caller is gone: kill the office and this script's own process group (which the
    caller made for it alone), this script last."""
    office = req.get("_office")
    if office is not None:
        try:
            office.kill()
        except OSError:
            pass
    if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
        try:
            os.killpg(os.getpgrp(), signal.SIGKILL)
        except OSError:
            pass
    os._exit(5)


def watch_parent(req, every=0.2):
    """Kill everything as soon as the caller is gone (then this process is adopted by
    another: its parent's id changes). A thread, so that it acts even while the office is
    converting."""
    if not hasattr(os, "getppid") or sys.platform.startswith("win"):
        return
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                end_everything(req)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def office_args(req):
    """The office's command line (the caller builds the same one when it starts the office)."""
    return [
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


def start_office(req, log):
    # Same process group as this script, so the caller can end both at once.
    return subprocess.Popen(office_args(req), stdin=subprocess.DEVNULL, stdout=log, stderr=log)


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
            if restarts < 1 and (code in (0, 81) or isinstance(office, ExternalOffice)):
                restarts += 1
                office = start_office(req, req["_log"])
                req["_office"] = office
                continue
            raise OfficeGone(code)
        if time.monotonic() > deadline:
            raise TimeoutError("LibreOffice did not accept a connection in time")
        time.sleep(0.05)


class ConvertFailed(Exception):
    pass


class OfficeGone(Exception):
    def __init__(self, code):
        super().__init__("it exited with code %s before it could be used" % code)
        self.code = code


def _after(doc, index):
    """Where the text after an index starts (page, vertical position): if filling the
    index leaves this unchanged, nothing after the index moved. None if unknown."""
    try:
        cursor = doc.getText().createTextCursorByRange(index.getAnchor().getEnd())
        cursor.gotoNextParagraph(False)
        view = doc.getCurrentController().getViewCursor()
        view.gotoRange(cursor.getStart(), False)
        return (view.getPage(), view.getPosition().Y)
    except Exception:
        return None


def _refresh(doc):
    try:
        doc.getTextFields().refresh()
    except Exception:
        pass
    try:
        doc.refresh()
    except Exception:
        pass


def update_indexes(doc):
    """Fill every index (the contents page) and refresh fields.

    Filling the contents can move the headings after it to later pages, so the page numbers
    it shows can be out of date: then it is filled once more. Whether anything moved is
    seen from where the text after each index starts, before and after. (The caller may
    have pre-filled the contents with one line per heading, so that it usually keeps its
    size and one pass is enough; the check keeps the result right when it does not.)
    Returns (number of indexes, number of passes)."""
    indexes = doc.getDocumentIndexes()
    count = indexes.getCount()
    if count == 0:
        _refresh(doc)
        return 0, 0
    all_indexes = [indexes.getByIndex(i) for i in range(count)]
    before = [_after(doc, index) for index in all_indexes]
    for index in all_indexes:
        index.update()
    _refresh(doc)
    after = [_after(doc, index) for index in all_indexes]
    if None not in before and before == after:
        return count, 1
    for index in all_indexes:
        index.update()
    _refresh(doc)
    return count, 2


def convert_one(desktop, job, filter_data):
    # as soffice --convert-to loads: read-only (no undo, no autosave) and silent
    load_props = (
        prop("Hidden", True),
        prop("ReadOnly", True),
        prop("Silent", True),
        prop("MacroExecutionMode", 0),  # never run macros
        prop("UpdateDocMode", 0),  # do not update links to other files
    )
    started = time.monotonic()
    doc = desktop.loadComponentFromURL(to_url(job["docx"]), "_blank", 0, load_props)
    loaded = time.monotonic()
    if doc is None:
        raise ConvertFailed("it could not be opened (is it a valid .docx?)")
    try:
        indexes, passes = update_indexes(doc)
        updated = time.monotonic()
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
        exported = time.monotonic()
    finally:
        try:
            doc.close(True)
        except Exception:
            try:
                doc.dispose()
            except Exception:
                pass
    return {"pdf": job["pdf"], "indexes": indexes, "passes": passes,
            "seconds": {"load": round(loaded - started, 3), "indexes": round(updated - loaded, 3),
                        "export": round(exported - updated, 3)}}


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


def quiet_office(ctx):
    """No background spelling: a hidden document needs no red underlines, and the office's
    idle time then goes to nothing but our work. Best effort."""
    try:
        provider = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", ctx
        )
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", "/org.openoffice.Office.Linguistic/SpellChecking"),),
        )
        access.setPropertyValue("IsSpellAuto", False)
        access.commitChanges()
    except Exception:
        pass


def office_gone(office, exc):
    """Whether a failure means the office itself is gone (crashed or killed)."""
    if office is not None and office.poll() is not None:
        return True
    name = type(exc).__name__
    text = str(exc)
    return name in ("DisposedException",) or "disposed" in text.lower() or "bridge" in text.lower()


class CallerGone(Exception):
    """The pipe to the caller is broken: nobody will read another answer."""


def say(data):
    try:
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        raise CallerGone() from None


def serve(argv):
    """Start one office and convert on request until told to stop (or stdin closes).

    Says ``{"ready": true, "office_pid": N}`` (or ``{"ready": false, "error": ...}``) once
    the office accepts connections. Then reads lines ``{"id": 1, "op": "convert", "jobs":
    [...]}`` and answers each with ``{"id": 1, "ok": true, "jobs": [...]}`` or ``{"id": 1,
    "ok": false, "stage": "convert"|"office", "done": [...], "error": "..."}``; stage
    ``office`` means the office died, and this script then exits (code 4). ``{"op":
    "quit"}`` or the end of stdin stops the office and exits 0.
    """
    with open(argv[2], encoding="utf-8") as fh:
        req = json.load(fh)
    deadline = time.monotonic() + min(float(req.get("timeout", 180)), OFFICE_START_LIMIT)
    log = open(req.get("log", os.devnull), "ab")
    req["_log"] = log
    watch_parent(req)
    try:
        return _serve(req, deadline)
    except CallerGone:  # nobody to answer: stop the office, at once
        end_everything(req)


def _serve(req, deadline):
    log = req["_log"]
    desktop = None
    office = None
    try:
        if req.get("office_pid"):
            office = ExternalOffice(int(req["office_pid"]))
        else:
            office = start_office(req, log)
        req["_office"] = office
        ctx = connect(req, office, deadline)
        office = req["_office"]
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        quiet_office(ctx)
    except Exception as exc:
        say({"ready": False, "stage": "start",
             "error": str(exc) if isinstance(exc, (OfficeGone, TimeoutError))
             else "%s: %s" % (type(exc).__name__, exc)})
        office = req.get("_office", office)
        if office is not None:
            stop_office(desktop, office)
        return 3
    say({"ready": True, "office_pid": office.pid})
    code = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        op = msg.get("op")
        if op == "quit":
            break
        if op == "ping":
            alive = office.poll() is None
            say({"id": msg.get("id"), "ok": alive})
            continue
        if op != "convert":
            say({"id": msg.get("id"), "ok": False, "stage": "request", "error": "unknown op %r" % op})
            continue
        done = []
        try:
            for job in msg.get("jobs", []):
                done.append(convert_one(desktop, job, req["filter_data"]))
        except Exception as exc:
            gone = office_gone(office, exc)
            say({"id": msg.get("id"), "ok": False, "stage": "office" if gone else "convert",
                 "done": done,
                 "error": str(exc) if isinstance(exc, ConvertFailed)
                 else "%s: %s" % (type(exc).__name__, exc)})
            if gone:
                code = 4
                break
            continue
        say({"id": msg.get("id"), "ok": True, "jobs": done})
    stop_office(desktop if code == 0 else None, office)
    return code


def main(argv):
    if len(argv) > 1 and argv[1] == "--serve":
        return serve(argv)
    with open(argv[1], encoding="utf-8") as fh:
        req = json.load(fh)
    result_path = argv[2]
    deadline = time.monotonic() + min(float(req.get("timeout", 180)), OFFICE_START_LIMIT)
    log = open(req.get("log", os.devnull), "ab")
    req["_log"] = log
    watch_parent(req)
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
        quiet_office(ctx)
        stage = "convert"
        for job in req["jobs"]:
            # which document is in hand, for the caller's message should the time run out
            sys.stderr.write("converting: %s\n" % job.get("source", job["docx"]))
            sys.stderr.flush()
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
