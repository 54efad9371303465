"""Put body content from a pandoc-made DOCX into "slot" paragraphs of a rendered template.

The report template is rendered with docxtpl; the narrative Markdown of *all* sections is
converted by a single pandoc run (``pandoc --reference-doc <template>``) into a second
DOCX, the *source*.  In the source Markdown each section is introduced by a marker
paragraph whose whole text is ``f"{marker_prefix}{name}"``, e.g.::

    ANNUALREPORT-PART:priorities

    ## Our priorities
    ...

    ANNUALREPORT-PART:learning
    ...

The template (after rendering) holds slot paragraphs with exactly the same text.
``markers.split_parts`` cuts the source body at its marker paragraphs; a :class:`Composer`
(``composer``) then replaces each slot paragraph of the target with deep copies of the part's body
elements and carries over everything those elements refer to.

Marker convention
    A paragraph is a marker when its text (the concatenation of its ``w:t`` runs, with
    surrounding white space stripped) starts with ``marker_prefix``.  The rest of the text
    is the part name and must match ``[A-Za-z0-9_.-]+``; anything else (for example a
    name that smart punctuation turned ``--`` into an en dash) is a :class:`ValueError`
    rather than being silently treated as body text.  Only paragraphs directly in the
    body are markers in the source; slot paragraphs in the target may also sit in table
    cells (see :func:`find_slots`).  The default prefix is :data:`MARKER_PREFIX`.

What the composer carries over, and how
    * **Styles** referenced by ``w:pStyle``, ``w:rStyle``, ``w:tblStyle`` (and by
      numbering levels, ``w:numStyleLink``/``w:styleLink``) that the target lacks are
      copied from the source's styles.xml, following ``w:basedOn``, ``w:link`` and
      ``w:next``.  A style id present in the target is used as is (pandoc got the
      target template as ``--reference-doc``, so its styles are the target's).  A copied
      style loses ``w:default`` so it never displaces the target's default style.
    * **Numbering**: each source ``w:num`` that is used gets a new ``w:numId`` in the
      target; each ``w:abstractNum`` behind them gets a new ``w:abstractNumId`` and a new
      ``w:nsid``.  ``w:lvlOverride``/``w:startOverride`` are kept, so separate source
      lists (pandoc: separate ``w:num``, each restarting at 1) stay separate.  The map is
      held per :class:`Composer`, so a source list referenced from two slots stays one
      list.  A numbering part is created in the target if it has none.  Picture bullets
      (``w:lvlPicBulletId``) are dropped: the level falls back to its ``w:lvlText``.
    * **Relationships**: every attribute in the relationships namespace (``r:id``,
      ``r:embed``, ``r:link``, ...) is remapped.  External targets (hyperlinks, linked
      images) become external relationships of the target part.  Images are added with
      python-docx's image-part collection (de-duplicated by SHA-1, fresh part names);
      image formats python-docx cannot parse (e.g. SVG) and any other internal part
      (charts, embedded objects, ...) are copied as a new part with a fresh part name
      together with the parts *they* relate to.  An ``r:`` attribute whose relationship
      is missing from the source is removed.
    * **Footnotes and endnotes**: each referenced ``w:footnote``/``w:endnote`` is deep
      copied (with its own styles, numbering, relationships, bookmarks, drawings
      remapped relative to the notes part) into the target's notes part under a new id,
      once per reference.  A notes part with the two separator notes is created if the
      target has none; a notes part that python-docx loaded as a plain blob part is
      swapped for an XML part so edits are what gets saved.
    * **Bookmarks**: ids are renumbered above the largest id in the target (body,
      headers, footers, notes); names are kept so ``w:hyperlink w:anchor`` links still
      resolve.  A bookmark whose start and end are not both in the inserted content is
      made zero-length at its start (pandoc wraps a whole section in the bookmark of its
      heading, and the section may run across a marker); an end without a start is
      dropped.  Name clashes with existing target bookmarks are left alone.
    * **Drawings**: every ``wp:docPr/@id`` gets a fresh id above the target's maximum.
    * **Section properties** are never copied: ``w:sectPr`` in the body or in a
      paragraph's ``w:pPr`` is removed from the copies.

What is *not* carried over
    Comments (``w:commentRangeStart``/``End``/``w:commentReference`` are removed: the
    report has no comments), tracked-change ids (``w:ins``/``w:del`` ids are not
    renumbered), ``w:footnotePr`` in settings.xml (not needed; pandoc does not write it
    either), glossary/document-part galleries, and the source's document defaults,
    theme and fonts table (the target's apply, as intended with ``--reference-doc``).
"""

from __future__ import annotations

from .composer import Composer
from .markers import MARKER_PREFIX, find_slots, split_parts

__all__ = [
    "MARKER_PREFIX",
    "Composer",
    "find_slots",
    "split_parts",
]
