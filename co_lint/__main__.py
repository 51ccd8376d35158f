"""Allow ``python -m co_lint``."""

from co_lint.cli import main

if __name__ == "__main__":
    main()
