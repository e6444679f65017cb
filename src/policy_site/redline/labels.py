"""The redline's UI strings, read from the gettext catalogs (the one label table)."""

from __future__ import annotations

from pathlib import Path

from ..locale import translator


def labels_for(lang: str, locale_dir: str | Path | None = None) -> dict[str, str]:
    """The redline's UI strings in `lang`, from the gettext catalogs (`ja-JP` reads `ja`).

    `deleted_start`, `inserted_start` and `marker_end` are read aloud and copied
    with the text (`[deleted: ...]`), hidden from sight by the stylesheet.
    """
    _ = translator(lang, locale_dir)
    return {
        "added": _("Added section"),
        "removed": _("Removed section"),
        "moved": _("Moved section (from position {old} to {new})"),
        "moved_changed": _("Moved section (from position {old} to {new}), changed"),
        "changed": _("Changed"),
        "unchanged": _("Unchanged"),
        "unchanged_markup": _("Unchanged (formatting changed only)"),
        "unchanged_summary": _("Unchanged section: {title}"),
        "unchanged_markup_summary": _("Unchanged section (formatting changed only): {title}"),
        "unchanged_list": _("Unchanged: {titles}"),
        # Translators: joins the titles of unchanged sections in "Unchanged: {titles}".
        "list_separator": _("; "),
        "document_added": _("Added document"),
        "document_removed": _("Removed document"),
        "preamble": _("Beginning of the document"),
        # Translators: opens deleted text for screen readers and copies; keep the trailing space.
        "deleted_start": _("[deleted: "),
        # Translators: opens inserted text for screen readers and copies; keep the trailing space.
        "inserted_start": _("[inserted: "),
        # Translators: closes deleted or inserted text.
        "marker_end": _("]"),
        "summary": _("Sections: {added} added, {removed} removed, {moved} moved, {changed} changed, "
                     "{unchanged} unchanged; characters: {inserted} inserted, {deleted} deleted"),
    }
