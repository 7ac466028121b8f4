"""An article's publication date, from the two forms feeds and archives give it.

ISO 8601 ("2024-12-03", "2024-12-03T10:00:00Z") is what JSON APIs and geomap itself write;
RFC 2822 ("Tue, 03 Dec 2024 10:00:00 +0000") is what every RSS feed's ``pubDate`` holds, so an
article saved straight from a feed keeps its date without a conversion step.
"""

from __future__ import annotations

from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["parse_date"]


def parse_date(text: str) -> date:
    """The calendar day of an ISO 8601 or RFC 2822 date or date-time, as written.

    A time with an offset keeps the day of that offset ("Tue, 03 Dec 2024 23:30:00 -0500" is
    3 December): the outlet's own day, which relative dates in its text ("on Monday") count from.

    Examples
    --------
    >>> parse_date("2024-12-03T10:00:00Z")
    datetime.date(2024, 12, 3)
    >>> parse_date("Tue, 03 Dec 2024 10:00:00 +0000")
    datetime.date(2024, 12, 3)

    Raises
    ------
    ValueError
        When the text is neither, saying which forms are accepted.
    """
    value = text.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        # parsedate_to_datetime's errors for text it cannot read vary by Python version
        raise ValueError(f"not an ISO 8601 or RFC 2822 date: {text!r}") from None
