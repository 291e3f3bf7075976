"""The command line (`wirestream`): click commands, thin over the layers below.

The top of the dependency graph: nothing in `streams` imports from here.
"""
