"""Jinja's sandbox with limits, so that a Word template cannot hang a build or fill memory.

Jinja's own sandbox stops a template from running code or reading files, but not from
asking for ``'a' * 10**9``, ``range(10**9)``, ``'x'.ljust(10**9)``, ``lipsum(10**7)``, a
macro that calls itself for ever, or loops nested until the heat death of the universe.
``LimitedEnvironment`` refuses each *before* it builds the value, and bounds the time a
render may take:

* a value a template builds (a string, a list) holds at most ``MAX_SIZE`` characters or
  items; ``range`` gives at most ``MAX_RANGE`` numbers; all the text one render writes
  (``MAX_OUTPUT``) is bounded too;
* repetition (``*``), powers (``**``), ``%`` and ``str.format`` widths, padding (``ljust``,
  ``rjust``, ``center``, ``zfill``, ``expandtabs``), ``join``, ``replace`` and the filters
  that build text (``center``, ``indent``, ``format``, ``join``, ``replace``, ``batch``,
  ``slice``, ``sum``, ``wordwrap``, ``tojson``) are checked against the size first;
* ``lipsum`` is gone (a report has no use for filler text); calls nest at most
  ``MAX_DEPTH`` deep (a macro calling itself);
* a render takes at most ``seconds()``. The deadline is checked cooperatively at every
  call, attribute, item, ``range`` step and piece of output, which works in any thread and
  never interrupts docxtpl or lxml half-way; on the main thread a ``SIGALRM`` timer is armed
  as well, for the one loop the checks cannot see (loops nested over the data with no call
  and no output inside).

A breach raises ``TemplateLimitError`` (a Jinja ``TemplateError``), which ``render.word``
locates at the paragraph like any other template error.
"""

from __future__ import annotations

import os
import re
import signal
import string
import threading
import time
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: numbers ``range`` may give
MAX_RANGE = 10_000
#: characters (or items) in one value a template builds
MAX_SIZE = 1_000_000
#: characters one render may write in all (a real template writes well under 5 million)
MAX_OUTPUT = 50_000_000
#: calls nested inside each other (a macro calling itself)
MAX_DEPTH = 50
#: seconds a render may take, unless ANNUALREPORT_RENDER_SECONDS says otherwise
RENDER_SECONDS = 30.0

MEND = ("templates fill in the report's data; they cannot build text or lists of this size. "
        "Remove the tag, or write the fixed text in Word instead")
STR_PADDING = {"ljust", "rjust", "center", "zfill"}
PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateLimitError(jinja2.TemplateRuntimeError):
    """A template asked for more than a template may have (size, depth or time)."""

    mend = MEND


def seconds() -> float:
    try:
        value = float(os.environ.get("ANNUALREPORT_RENDER_SECONDS", RENDER_SECONDS))
    except ValueError:
        return RENDER_SECONDS
    return value if value > 0 else RENDER_SECONDS


def weight(value: Any, cap: int = MAX_SIZE, depth: int = 0) -> int:
    """About how many characters ``value`` takes written out; stops counting past ``cap``."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 1
    if isinstance(value, (list, tuple, set, frozenset, dict, BoundedRange)):
        if depth > 20:
            return cap + 1
        total = len(value)
        for item in (value.values() if isinstance(value, dict) else value):
            total += weight(item, cap - total, depth + 1)
            if total > cap:
                break
        return total
    return 1


def _too_big(what: str, size: int, limit: int = MAX_SIZE) -> TemplateLimitError:
    return TemplateLimitError(f"{what} would be {size:,} long; a template may build at most {limit:,}")


def check_size(value: Any, what: str = "a value") -> Any:
    size = weight(value)
    if size > MAX_SIZE:
        raise _too_big(what, size)
    return value


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_width(width: Any, what: str) -> None:
    number = _int(width)
    if number is not None and number > MAX_SIZE:
        raise _too_big(what, number)


def _check_percent(fmt: str, args: Any) -> None:
    """``'%999999999d' % 1``, ``'%*d' % (10**9, 1)``."""
    stars = False
    for match in PERCENT_SPEC.finditer(fmt):
        for group in match.groups():
            if group == "*":
                stars = True
            elif group:
                _check_width(int(group), "a '%' format's width")
    if stars:
        for arg in args if isinstance(args, tuple) else (args,):
            _check_width(arg, "a '%*' format's width")
    check_size(args, "the values formatted")


def _check_format(fmt: str, args: tuple, kwargs: dict) -> None:
    """``'{:>999999999}'.format(1)``, ``'{:.999999999f}'.format(1)``, ``'{:{w}}'.format(1, w=10**9)``."""
    nested = False
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format itself says what is wrong
    for _literal, _name, spec, _conversion in fields:
        if not spec:
            continue
        nested = nested or "{" in spec
        for digits in re.findall(r"\d+", spec):
            _check_width(int(digits), "a '{}' format's width")
    if nested:
        for arg in (*args, *kwargs.values()):
            _check_width(arg, "a '{}' format's width")


def _check_join(separator: str, items: list) -> None:
    size = len(separator) * max(len(items) - 1, 0)
    for item in items:
        size += weight(item, MAX_SIZE - size) if isinstance(item, (str, list, tuple)) else len(str(item))
        if size > MAX_SIZE:
            raise _too_big("the joined text", size)


def _check_replace(text: str, old: str, new: str, count: Any = -1) -> None:
    times = text.count(old) if old else len(text) + 1
    if _int(count) is not None and 0 <= count < times:
        times = count
    size = len(text) + times * (len(new) - len(old))
    if size > MAX_SIZE:
        raise _too_big("the replaced text", size)


def _check_str_method(text: str, name: str, args: tuple, kwargs: dict) -> tuple:
    """Check a call of ``text.name(*args)`` before it runs; return the args to call it with."""
    if name in STR_PADDING:
        _check_width(args[0] if args else kwargs.get("width"), f"'{name}' padding")
    elif name == "expandtabs":
        size = _int(args[0] if args else kwargs.get("tabsize", 8)) or 0
        if len(text) + text.count("\t") * size > MAX_SIZE:
            raise _too_big("the text with its tabs expanded", len(text) + text.count("\t") * size)
    elif name == "join" and args:
        items = list(args[0]) if not isinstance(args[0], (list, tuple)) else args[0]
        _check_join(text, items)
        args = (items, *args[1:])
    elif name == "replace" and len(args) >= 2:
        _check_replace(text, args[0], args[1], *args[2:3])
    return args


class BoundedRange:
    """``range`` for templates: at most ``MAX_RANGE`` numbers, the deadline checked as it runs."""

    def __init__(self, env: "LimitedEnvironment", *args: int):
        self._range = range(*args)
        self._env = env
        if len(self._range) > MAX_RANGE:
            raise TemplateLimitError(f"range(...) would give {len(self._range):,} numbers; a template may use at most {MAX_RANGE:,}")

    def __len__(self) -> int:
        return len(self._range)

    def __iter__(self):
        check = self._env.check_time
        for number in self._range:
            if not number & 255:
                check()
            yield number

    def __reversed__(self):
        return iter(list(self)[::-1])

    def __getitem__(self, index):
        value = self._range[index]
        return list(value) if isinstance(value, range) else value

    def __contains__(self, value) -> bool:
        return value in self._range

    def __repr__(self) -> str:
        return repr(self._range)


class LimitedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the size of every ``~`` (text joined) checked."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.check_joined(")
        super().visit_Concat(node, frame)
        self.write(")")


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox templates render in; see the module's doc for what it bounds."""

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})
    code_generator_class = LimitedCodeGenerator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)
        self.globals["range"] = lambda *a: BoundedRange(self, *a)
        self.filters.update(_limited_filters(self.filters))
        self._deadline: float | None = None
        self._limit = seconds()
        self._depth = 0
        self._written = 0

    # -- time ------------------------------------------------------------------------------

    def check_time(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._deadline = None  # said once; the rest of the render unwinds
            raise TemplateLimitError(f"filling in the template took longer than {self._limit:g} seconds (loops nested too deep, or too long)")

    @contextmanager
    def limited(self):
        """Bound the render inside: its deadline, and a SIGALRM timer on the main thread."""
        self._deadline = time.monotonic() + self._limit
        self._written = 0
        timer = threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL \
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        if timer:
            limit = self._limit

            def ring(_signum, _frame):
                raise TemplateLimitError(f"filling in the template took longer than {limit:g} seconds (loops nested too deep, or too long)")

            signal.signal(signal.SIGALRM, ring)
            signal.setitimer(signal.ITIMER_REAL, self._limit + 1.0)  # the cooperative checks speak first
        try:
            yield self
        finally:
            self._deadline = None
            if timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)

    # -- the sandbox's hooks ---------------------------------------------------------------

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        __self.check_time()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            args = _check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        for value in (*args, *kwargs.values()):
            check_size(value, "a value passed to a call")
        __self._depth += 1
        try:
            if __self._depth > MAX_DEPTH:
                raise TemplateLimitError(f"calls nest more than {MAX_DEPTH} deep (a macro that calls itself without end?)")
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            __self._depth -= 1
        return check_size(result, "the value a call gave")

    def wrap_str_format(self, value):
        """``str.format`` and ``format_map``, their widths checked first (the sandbox hands
        these out as its own wrappers, which :meth:`call` does not see through)."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text, name = value.__self__, value.__name__

        def checked(*args, **kwargs):
            if name == "format_map" and args and hasattr(args[0], "items"):
                _check_format(text, (), dict(args[0].items()))
            else:
                _check_format(text, args, kwargs)
            return wrapped(*args, **kwargs)

        return checked

    def getattr(self, obj, attribute):
        self.check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.check_time()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator_: str, left: Any, right: Any) -> Any:
        self.check_time()
        if operator_ == "*":
            count, seq = (_int(right), left) if _int(right) is not None else (_int(left), right)
            if count is not None and isinstance(seq, (str, list, tuple)):
                size = count * weight(seq)
                if size > MAX_SIZE:
                    raise _too_big("the repeated value", size)
        elif operator_ == "**" and _int(left) is not None and _int(right) is not None and right > 0 and abs(left) > 1:
            digits = left.bit_length() * right // 3
            if digits > MAX_SIZE:
                raise _too_big("the power", digits)
        elif operator_ == "%" and isinstance(left, str):
            _check_percent(left, right)
        elif operator_ == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            size = weight(left) + weight(right)
            if size > MAX_SIZE:
                raise _too_big("the joined value", size)
        try:
            return check_size(super().call_binop(context, operator_, left, right), "the value")
        except (ArithmeticError, MemoryError) as exc:
            raise TemplateLimitError(f"the arithmetic failed: {exc or type(exc).__name__}") from None

    def check_joined(self, value: Any) -> Any:
        """The result of ``~`` (its parts are each within the limit, so this is bounded)."""
        self.check_time()
        return check_size(value, "the joined text")

    def concat(self, pieces) -> str:
        """Jinja's ``"".join`` of a render's (or a block's) output, counted as it comes."""
        done: list[str] = []
        batch: list[str] = []
        for piece in pieces:
            batch.append(piece)
            self._written += len(piece)
            if len(batch) >= 1024:
                self.check_time()
                if self._written > MAX_OUTPUT:
                    raise _too_big("the text this template writes", self._written, MAX_OUTPUT)
                done.append("".join(batch))
                batch = []
        if self._written > MAX_OUTPUT:
            raise _too_big("the text this template writes", self._written, MAX_OUTPUT)
        return "".join(done + batch) if done else "".join(batch)


def _guarded(original, check):
    """``original`` (a Jinja filter), with ``check(value, *args, **kwargs)`` run first; a
    check may give back the arguments to use instead (an iterator it had to read)."""
    passes = getattr(original, "jinja_pass_arg", None)

    def limited(*args, **kwargs):
        head, rest = (args[:1], args[1:]) if passes else ((), args)
        rest = check(*rest, **kwargs) or rest
        return original(*head, *rest, **kwargs)

    if passes is not None:
        limited.jinja_pass_arg = passes
    return limited


def _listed(value, *args, **kwargs) -> tuple:
    return (value if isinstance(value, (list, tuple, str)) else list(value), *args)


def _center(value, width=80, **_):
    _check_width(width, "'center' padding")


def _indent(s, width=4, *_, **__):
    size = _int(width) if _int(width) is not None else len(str(width))
    if len(str(s)) + (str(s).count("\n") + 1) * size > MAX_SIZE:
        raise _too_big("the indented text", len(str(s)) + (str(s).count("\n") + 1) * size)


def _format(value, *args, **kwargs):
    _check_percent(str(value), args or kwargs)


def _join(value, d="", *_, **__):
    items = _listed(value)
    _check_join(str(d), list(items[0]))
    return (*items, d, *_)


def _replace(s, old, new, count=None, **_):
    _check_replace(str(s), str(old), str(new), -1 if count is None else count)


def _batch(value, linecount, fill_with=None, **_):
    if fill_with is not None:
        _check_width(linecount, "a 'batch' with filling")


def _slice(value, slices, *_, **__):
    if _int(slices) is not None and slices > MAX_RANGE:
        raise _too_big("'slice'", slices, MAX_RANGE)


def _sum(iterable, *args, **kwargs):
    items = _listed(iterable)
    start = kwargs.get("start", args[1] if len(args) > 1 else 0)
    if weight(items[0]) + weight(start) > MAX_SIZE:
        raise _too_big("the sum", weight(items[0]) + weight(start))
    return (*items, *args)


def _wordwrap(s, width=79, break_long_words=True, wrapstring=None, *_, **kwargs):
    wrapstring = kwargs.get("wrapstring", wrapstring)
    size = len(str(s)) * (1 + len(str(wrapstring or "")))
    if size > MAX_SIZE:
        raise _too_big("the wrapped text", size)


def _tojson(value, indent=None, **_):
    check_size(value, "the value written as JSON")
    _check_width(indent, "the JSON indent")


CHECKS = {"center": _center, "indent": _indent, "format": _format, "join": _join, "replace": _replace, "batch": _batch,
          "slice": _slice, "sum": _sum, "wordwrap": _wordwrap, "tojson": _tojson}


def _limited_filters(filters: dict) -> dict:
    """The filters that build text or lists, checked first; the others build nothing new."""
    return {name: _guarded(filters[name], check) for name, check in CHECKS.items()}

