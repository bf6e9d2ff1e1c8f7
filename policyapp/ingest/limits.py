"""Empty and oversized files: the first two things an upload can get wrong."""

from __future__ import annotations

from policyapp.ingest.errors import EmptyFile, FileTooLarge

EMPTY_MESSAGE = (
    "The file is empty. Check that you chose the right file (and that it finished "
    "downloading), then upload it again."
)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def check_size(size: int, *, max_bytes: int) -> None:
    """For a size known before the bytes are read (an upload refused while it streamed)."""
    if size == 0:
        raise EmptyFile(EMPTY_MESSAGE)
    if size > max_bytes:
        raise FileTooLarge(
            f"The file is {megabytes(size)} MB, over the upload limit of "
            f"{megabytes(max_bytes)} MB. Upload a smaller file (for example the plan "
            "without its annexes) or ask an administrator to raise the limit."
        )


def check_bytes(data: bytes, *, max_bytes: int) -> None:
    # The size first: stripping a huge file only to refuse it would copy it for nothing.
    check_size(len(data), max_bytes=max_bytes)
    if not data.strip():
        raise EmptyFile(EMPTY_MESSAGE)
