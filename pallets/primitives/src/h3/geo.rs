//! Cell centres and great-circle distances from H3 cells, in integer fixed point.
