"""The pandoc filter that lets through only what ``narrative_links`` vetted.

It runs inside the pandoc process that converts the narrative (no process more), after
pandoc has read the Markdown and before its Word writer opens any picture: so whatever the
check's scan of the Markdown missed is refused all the same. A picture pandoc would read
must be one the check passed; a link must go to the web, e-mail, a telephone or a heading;
a raw block or inline is refused (an HTML comment may stay; a LaTeX command pandoc found in
plain text, such as ``C:\\Users``, is kept as the text it was).

A refusal stops pandoc with a line ``annualreport-refused<TAB>kind<TAB>what``; ``refusal``
turns it into the user's located error.
"""

from __future__ import annotations

from pathlib import Path

from annualreport.errors import InputError
from annualreport.render.narrative_links import LINK_SCHEMES, Vetted

MARK = "annualreport-refused"
FILE_NAME = "annualreport-guard.lua"

FILTER = r"""
local LINKS = {}
for _, scheme in ipairs(SCHEMES) do LINKS[scheme] = true end

local function refuse(kind, what)
  what = what:gsub("[\t\r\n]+", " ")
  error("MARK\t" .. kind .. "\t" .. what .. "\n", 0)
end

local function decoded(text)
  return (text:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

function Image(image)
  local src = image.src
  if src:match("^%a[%w+.-]*:") then refuse("picture", src) end
  if not PICTURES[decoded(src:match("^[^?#]*"))] then refuse("picture", src) end
end

function Link(link)
  local target = link.target
  if target == "" or target:sub(1, 1) == "#" then return nil end
  local scheme = target:match("^(%a[%w+.-]*):")
  if not scheme or not LINKS[scheme:lower()] then refuse("link", target) end
end

local function only_comments(text)
  return text:gsub("<!%-%-.-%-%->", ""):match("^%s*$") ~= nil
end

function RawInline(raw)
  if raw.format == "tex" then return pandoc.Str(raw.text) end
  if raw.format == "html" and only_comments(raw.text) then return nil end
  refuse("raw " .. raw.format, raw.text)
end

function RawBlock(raw)
  if raw.format == "tex" then return pandoc.Para({pandoc.Str(raw.text)}) end
  if raw.format == "html" and only_comments(raw.text) then return nil end
  refuse("raw " .. raw.format, raw.text)
end
""".replace("MARK", MARK)


def _lua_string(text: str) -> str:
    """``text`` as a Lua string literal, every byte but letters and digits escaped."""
    data = text.encode("utf-8", "surrogateescape")
    return '"' + "".join(chr(b) if chr(b).isalnum() and b < 128 else f"\\{b:03d}" for b in data) + '"'


def filter_arguments(folder: Path, vetted: Vetted | None) -> list[str]:
    """Write the filter for ``vetted`` into ``folder``; the pandoc arguments that run it."""
    pictures = sorted(vetted.pictures) if vetted is not None else []
    head = "local PICTURES = {" + ", ".join(f"[{_lua_string(p)}] = true" for p in pictures) + "}\n"
    head += "local SCHEMES = {" + ", ".join(_lua_string(s) for s in LINK_SCHEMES) + "}\n"
    path = Path(folder) / FILE_NAME
    path.write_text(head + FILTER, encoding="utf-8")
    return ["--lua-filter", str(path)]


def refusal(stderr: bytes, vetted: Vetted | None, part: str | None = None) -> InputError | None:
    """The user's error for what the filter refused (None: pandoc failed for another reason)."""
    text = stderr.decode("utf-8", "replace")
    for line in text.splitlines():
        if line.startswith(MARK + "\t"):
            _, kind, what = (line.split("\t", 2) + ["", ""])[:3]
            break
    else:
        return None
    vetted = vetted or Vetted()
    short = what if len(what) <= 100 else what[:97] + "..."
    if kind == "picture":
        problem = vetted.problem(f"the picture {short} was not checked, so it is refused (the check did not find it as written)",
                                 what, "write the picture as ![what it shows](path/to/picture.png), with its file inside the project", part)
    elif kind == "link":
        problem = vetted.problem(f"a link to {short} is refused", what,
                                 "link to a web page (https://...), an e-mail address (mailto:...) or a heading of the report (#...), or remove the link", part)
    else:
        problem = vetted.problem(f"a {kind} block ({short}) is refused: it would go into the Word file unchecked", what,
                                 "write it in Markdown (only <!-- comments --> may stay); for a layout Markdown cannot give, change the Word template", part)
    return InputError(problem)
