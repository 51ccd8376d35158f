"""co-lint's built-in rules, one rule a module (installed as ``co_lint.rules``).

A module named ``coNNN_<name>.py`` holds ``RULE`` (its metadata), a docstring that is its
documentation (what it does, why it is bad, example, fix, references), and ``check``
and/or ``check_project``. Engine rules (CO0xx input, CO1xx schema) have no check
function: the loader and the schema step report them; their modules document them.
"""
