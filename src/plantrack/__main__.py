"""Allow `python -m plantrack`."""

from plantrack.cli import main

if __name__ == "__main__":
    main()
