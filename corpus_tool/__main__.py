"""``python -m corpus_tool``: the same command line as ``corpus-tool``."""
from corpus_tool.cli import main

if __name__ == "__main__":  # a spawned worker imports this module again: it must not run the command
    main()
