"""`python -m dltutor`."""

from dltutor.entry import main

if __name__ == "__main__":
    main()
