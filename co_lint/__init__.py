"""co-lint: a policy-as-code linter for Twilio Conversation Orchestrator configurations.

Kept import-free on purpose: ``co-lint --version`` and every pre-commit run pay for
whatever this module imports.
"""

__version__ = "0.1.0"
