"""argparse's own words (usage, the errors it writes) in the command's language.

argparse looks its messages up with ``gettext.gettext`` at the moment it writes them; while the command runs,
its lookups go to bizenv's catalogs. The messages are listed here so that extraction puts them in the catalogs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bizenv.i18n import N_, _, get_locale, translations

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(get_locale()).ngettext(singular, plural, n)


@contextmanager
def argparse_in_locale() -> Iterator[None]:
    """While inside, argparse writes its messages in the current locale."""
    module = argparse
    saved: tuple[Callable[[str], str], Callable[[str, str, int], str]] = (module._, module.ngettext)  # type: ignore[attr-defined]
    module._ = _  # type: ignore[attr-defined]
    module.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        module._, module.ngettext = saved  # type: ignore[attr-defined]


__all__ = ["ARGPARSE_MESSAGES", "argparse_in_locale"]
