"""Shallow tests that make sure we can at least import the code."""


def test_import_app() -> None:
    """Test import app"""
    import app  # noqa: F401
