"""User-facing errors: one clear line that names the problem and where it is."""


class StorylineError(Exception):
    """Bad input or an unusable setting; the CLI prints it as one line and exits non-zero."""


class InputError(StorylineError):
    """An input file, line or document that cannot be used."""


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 cluster``, ``2 clusters``, ``3 stories``: a count with its noun agreeing."""
    if count == 1:
        return f"1 {noun}"
    if many is None:
        many = noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    return f"{count:,} {many}"


def json_problem(err: Exception) -> str:
    """What is wrong with a JSON text, for one line of error ("Expecting value at column 3").

    ``json`` ends some messages with "at" ("Invalid control character '\\n' at"): not doubled here.
    """
    msg = getattr(err, "msg", None)
    if msg is None:
        return type(err).__name__
    return f"{msg.removesuffix(' at')} at column {err.colno}"
