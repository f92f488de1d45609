"""Translations of the library's own text (headings, labels, report prose) with Babel catalogs.

Messages are written in English in the code and wrapped in ``_()``; catalogs under
``bizenv/locale/<locale>/LC_MESSAGES/bizenv.po`` translate them (zh_Hans is the default locale).
A compiled ``.mo`` next to the ``.po`` is used when present (wheels ship them); otherwise the
``.po`` is compiled in memory on first use. Measure texts from the sources are never translated.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files

import attrs
from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bizenv.errors import ArgumentError, set_translator

DEFAULT_LOCALE = "zh_Hans"
#: The calls whose first argument is a message to translate (for extraction: docs/translations.md).
EXTRACT_KEYWORDS = ("_", "N_", "message", "ValueProblem", "NaiveValue", "_Reject", "Template")
LOCALES = ("zh_Hans", "en", "ug")
_current: ContextVar[str] = ContextVar("bizenv_locale", default=DEFAULT_LOCALE)


def normalise_locale(name: str) -> str:
    """ "zh", "zh-CN", "zh_Hans_CN" → "zh_Hans"; "en_US" → "en"; "ug_CN" → "ug". Unknown → ValueError."""
    try:
        parsed = Locale.parse(name.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ArgumentError(f"unknown locale {name!r}; bizenv speaks {', '.join(LOCALES)}") from None
    if parsed.language == "zh":
        return "zh_Hans"
    if parsed.language in ("en", "ug"):
        return parsed.language
    raise ArgumentError(f"locale {name!r} is not translated; bizenv speaks {', '.join(LOCALES)}")


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalog of a locale (compiled from the .po in memory when no .mo ships)."""
    folder = files("bizenv") / "locale" / locale / "LC_MESSAGES"
    mo, po = folder / "bizenv.mo", folder / "bizenv.po"
    if mo.is_file():
        return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    if po.is_file():
        buffer = io.BytesIO()
        with po.open("rb") as handle:
            write_mo(buffer, read_po(handle, locale=locale))
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def set_locale(locale: str) -> str:
    """Use ``locale`` for this context (thread / task); returns the normalised name."""
    name = normalise_locale(locale)
    _current.set(name)
    return name


@contextmanager
def using_locale(locale: str) -> Iterator[str]:
    """Use ``locale`` inside the ``with`` block, then go back to the locale before it."""
    token = _current.set(normalise_locale(locale))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def get_locale() -> str:
    """The locale of this context (zh_Hans unless set)."""
    return _current.get()


def _(message: str) -> str:
    """The message in the current locale."""
    return translations(_current.get()).gettext(message)


# Messages of the modules below this one (bizenv.errors.Template) are translated by the same catalogs.
set_translator(_)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here (it is translated where it is shown)."""
    return message


def babel_locale() -> Locale:
    """The current locale as a Babel locale, for number and date formatting."""
    return Locale.parse(get_locale())


@attrs.frozen(slots=True)
class Message:
    """A message written in English with ``{placeholders}`` (the catalogs' msgid) and its values: printed in
    English, shown translated in the locale of a report with :meth:`translated`."""

    template: str
    params: dict[str, object] = attrs.field(factory=dict, eq=False, hash=False)
    #: What kind of problem it states, where a program must tell (a rejection's code); None: from the template.
    code: str | None = attrs.field(default=None, kw_only=True, eq=False, hash=False)

    def __str__(self) -> str:
        return self.template.format(**self.params)

    def translated(self) -> str:
        """The message in the current locale (English where the catalog has no translation)."""
        return _(self.template).format(**self.params)


def message(template: str, **params: object) -> Message:
    """A :class:`Message`; ``template`` is marked for extraction like ``N_``."""
    return Message(template, params)
