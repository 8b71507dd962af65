"""User-facing errors: one clear line that names the problem and where it is."""


class StorylineError(Exception):
    """Bad input or an unusable setting; the CLI prints it as one line and exits non-zero."""


class InputError(StorylineError):
    """An input file, line or document that cannot be used."""
