"""What a template's tags ask for beyond the sandbox's limits, seen without running them.

``check-template`` reports ``range(10**9)``, ``'a' * 10**9``, ``x.ljust(10**9)``,
``'{:>999999999}'.format(1)`` or ``lipsum(...)`` from the literal numbers in the tags, even
where a trial render would not reach them (inside an ``if`` the example data skips).
"""

from __future__ import annotations

import jinja2

from annualreport.render.sandbox import MAX_RANGE, MAX_SIZE, LimitedEnvironment, TemplateLimitError, _check_format, _check_percent


def _number(node) -> float | None:
    """The value of a literal number expression (``10**9``), without computing a huge one."""
    from jinja2 import nodes

    if isinstance(node, nodes.Const) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value) if abs(node.value) < 1e300 else float("inf")
    if isinstance(node, (nodes.Pow, nodes.Mul)):
        left, right = _number(node.left), _number(node.right)
        if left is None or right is None:
            return None
        try:
            return left ** right if isinstance(node, nodes.Pow) and right < 1000 else left * right if isinstance(node, nodes.Mul) else float("inf")
        except OverflowError:
            return float("inf")
    if isinstance(node, nodes.Neg):
        value = _number(node.node)
        return None if value is None else -value
    return None


def static_breaches(expression: str) -> list[str]:
    """What one tag's expression asks for beyond the limits, seen without running it:
    ``range(10**9)``, ``'a' * 10**9``, ``x.ljust(10**9)``, ``lipsum(...)``."""
    from jinja2 import nodes

    try:
        tree = LimitedEnvironment().parse(expression)
    except jinja2.TemplateSyntaxError:
        return []
    found = []
    for node in tree.find_all((nodes.Call, nodes.Mul, nodes.Pow, nodes.Filter, nodes.Const, nodes.Name)):
        if isinstance(node, nodes.Name) and node.name == "lipsum" and node.ctx == "load":
            found.append("'lipsum' (filler text) is not available to templates")
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range":
            numbers = [_number(a) for a in node.args]
            if any(n is not None and abs(n) > MAX_RANGE for n in numbers):
                found.append(f"range(...) with a number beyond {MAX_RANGE:,}, the most a template may count to")
        elif isinstance(node, (nodes.Mul, nodes.Pow)):
            numbers = [_number(node.left), _number(node.right)]
            if isinstance(node, nodes.Pow) and None not in numbers and abs(_number(node) or 0) > 1e300:
                found.append("a power with over 300 digits")
            elif isinstance(node, nodes.Mul) and any(n is not None and abs(n) > MAX_SIZE for n in numbers):
                found.append(f"a repetition ('*') by a number beyond {MAX_SIZE:,}")
        elif isinstance(node, (nodes.Call, nodes.Filter)):
            args = [_number(a) for a in node.args]
            if any(n is not None and abs(n) > MAX_SIZE for n in args) and getattr(node.node, "name", "") != "lipsum":
                name = node.name if isinstance(node, nodes.Filter) else getattr(node.node, "attr", getattr(node.node, "name", "a call"))
                found.append(f"'{name}' with a number beyond {MAX_SIZE:,} (padding or text that large)")
        elif isinstance(node, nodes.Const) and isinstance(node.value, str) and ("%" in node.value or "{" in node.value):
            try:
                _check_percent(node.value, ())
                _check_format(node.value, (), {})
            except TemplateLimitError as exc:
                found.append(str(exc))
    return list(dict.fromkeys(found))
