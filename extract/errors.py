"""Bad input is not a bug: these name what is wrong with a file, in one line.

The batch runner turns them into a `documents` row with a status and the message;
anything else raised while reading a file is a bug and is recorded as such.
"""


class CaizhengError(Exception):
    """Base class of the errors this project raises on purpose."""


class DocumentLoadError(CaizhengError):
    """The file cannot be read as a report."""

    status = "failed"


class EmptyFile(DocumentLoadError):
    """The file is empty (0 bytes)."""


class BinaryFile(DocumentLoadError):
    """The file is binary data, not text, although its name says text."""


class UndecodableText(DocumentLoadError):
    """The text is in no encoding we recognise (tried UTF-8, UTF-16, GB18030)."""


class CorruptPDF(DocumentLoadError):
    """The PDF is damaged or truncated and cannot be opened."""


class EncryptedPDF(DocumentLoadError):
    """The PDF is encrypted with a password."""


class NeedsOCR(DocumentLoadError):
    """The PDF has no text layer (scanned pages); it needs OCR first."""

    status = "needs_ocr"


class UnsupportedFormat(DocumentLoadError):
    """The file's format is not one we read (PDF, .txt, .md)."""


class TooLarge(DocumentLoadError):
    """The file is larger than the configured limit."""
