"""Pure computations on tables: no I/O, tested on hand-computed cases."""
