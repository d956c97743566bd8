//! The ring of neighbours of an H3 cell (grid distance 1), with integer operations only.
