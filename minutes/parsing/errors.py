"""The one error the parsing package raises."""


class ParseError(ValueError):
    """A document or text that cannot be read as minutes.

    The message is one line of Swedish, written for the person importing the file.
    """
