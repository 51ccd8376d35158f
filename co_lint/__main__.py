"""Allow ``python -m co_lint``."""

from co_lint.entry import main

if __name__ == "__main__":
    main()
