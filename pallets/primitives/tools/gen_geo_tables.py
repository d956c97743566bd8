#!/usr/bin/env python3
"""Generates `src/h3/geo_tables.rs`: the integer tables behind `h3::geo`.

Run from the crate root: `python3 tools/gen_geo_tables.py > src/h3/geo_tables.rs`, then
`cargo fmt -p depin-primitives`.

The inputs are H3's own constants (as in h3o 0.11.1 / H3 v4): the icosahedron face centres, the
azimuth of each face's Class II i-axis, the base cell home faces and coordinates, and the face
neighbours. Floats are used here, offline, only; the output is integers.

For a cell with planar hex coordinates (a, b) = (i - k, j - k) on face f at resolution r, H3 puts
the centre at the gnomonic point `normalize(C_f + (a * U + b * V) / sqrt(7)^r)`, where C_f is the
face centre and U, V are the face's i and j unit vectors in the tangent plane, scaled by
RES0_U_GNOMONIC. For odd (Class III) resolutions the axes are turned by AP7_ROT_RADS and the
extra 1/sqrt(7) is folded into U and V, so the runtime divides by the integer 7^(r // 2) only.
"""

import math

SCALE_BITS = 60
ASIN_TERMS = 20
RES0_U_GNOMONIC = 0.381966011250105
AP7_ROT_RADS = 0.3334731722518321

CENTERS = [
    (0.2199307791404606, 0.6583691780274996, 0.7198475378926182),
    (-0.2139234834501421, 0.1478171829550703, 0.9656017935214205),
    (0.1092625278784797, -0.481195157287321, 0.8697775121287253),
    (0.7428567301586791, -0.3593941678278028, 0.5648005936517033),
    (0.8112534709140969, 0.3448953237639384, 0.472138773641393),
    (-0.1055498149613921, 0.9794457296411413, 0.1718874610009365),
    (-0.8075407579970092, 0.1533552485898818, 0.5695261994882688),
    (-0.2846148069787907, -0.8644080972654206, 0.4144792552473539),
    (0.7405621473854482, -0.6673299564565524, -0.0789837646326737),
    (0.8512303986474293, 0.4722343788582681, -0.2289137388687808),
    (-0.7405621473854481, 0.6673299564565524, 0.0789837646326737),
    (-0.8512303986474292, -0.4722343788582682, 0.2289137388687808),
    (0.1055498149613919, -0.9794457296411413, -0.1718874610009365),
    (0.8075407579970092, -0.1533552485898819, -0.5695261994882688),
    (0.2846148069787908, 0.8644080972654204, -0.4144792552473539),
    (-0.7428567301586791, 0.3593941678278027, -0.5648005936517033),
    (-0.811253470914097, -0.3448953237639382, -0.472138773641393),
    (-0.2199307791404607, -0.6583691780274996, -0.7198475378926182),
    (0.213923483450142, -0.1478171829550704, -0.9656017935214205),
    (-0.1092625278784796, 0.481195157287321, -0.8697775121287253),
]

AXES_AZ_RADS_CII = [
    5.6199582685239395, 5.7603390817141875, 0.78021365439343, 0.4304693639799999,
    6.130269123335111, 2.692877706530643, 2.982963003477244, 3.532912002790141,
    3.494305004259568, 3.0032141694995382, 5.930472956509812, 0.13837848409025486,
    0.4487149470591504, 0.15862965011254937, 5.891865957979238, 2.711123289609793,
    3.294508837434268, 3.80481969224544, 3.6644388790551923, 2.361378999196363,
]

# Neighbouring face across the IJ, KI and JK edges of each face.
NEIGHBORS = [
    (4, 1, 5), (0, 2, 6), (1, 3, 7), (2, 4, 8), (3, 0, 9),
    (10, 14, 0), (11, 10, 1), (12, 11, 2), (13, 12, 3), (14, 13, 4),
    (5, 6, 15), (6, 7, 16), (7, 8, 17), (8, 9, 18), (9, 5, 19),
    (16, 19, 10), (17, 15, 11), (18, 16, 12), (19, 17, 13), (15, 18, 14),
]

# Home face and home IJK of each base cell.
BASE_CELLS = [
    (1,1,0,0),(2,1,1,0),(1,0,0,0),(2,1,0,0),(0,2,0,0),(1,1,1,0),(1,0,0,1),(2,0,0,0),(0,1,0,0),
    (2,0,1,0),(1,0,1,0),(1,0,1,1),(3,1,0,0),(3,1,1,0),(11,2,0,0),(4,1,0,0),(0,0,0,0),(6,0,1,0),
    (0,0,0,1),(2,0,1,1),(7,0,0,1),(2,0,0,1),(0,1,1,0),(6,0,0,1),(10,2,0,0),(6,0,0,0),(3,0,0,0),
    (11,1,0,0),(4,1,1,0),(3,0,1,0),(0,0,1,1),(4,0,0,0),(5,0,1,0),(0,0,1,0),(7,0,1,0),(11,1,1,0),
    (7,0,0,0),(10,1,0,0),(12,2,0,0),(6,1,0,1),(7,1,0,1),(4,0,0,1),(3,0,0,1),(3,0,1,1),(4,0,1,0),
    (6,1,0,0),(11,0,0,0),(8,0,0,1),(5,0,0,1),(14,2,0,0),(5,0,0,0),(12,1,0,0),(10,1,1,0),
    (4,0,1,1),(12,1,1,0),(7,1,0,0),(11,0,1,0),(10,0,0,0),(13,2,0,0),(10,0,0,1),(11,0,0,1),
    (9,0,1,0),(8,0,1,0),(6,2,0,0),(8,0,0,0),(9,0,0,1),(14,1,0,0),(5,1,0,1),(16,0,1,1),(8,1,0,1),
    (5,1,0,0),(12,0,0,0),(7,2,0,0),(12,0,1,0),(10,0,1,0),(9,0,0,0),(13,1,0,0),(16,0,0,1),
    (15,0,1,1),(15,0,1,0),(16,0,1,0),(14,1,1,0),(13,1,1,0),(5,2,0,0),(8,1,0,0),(14,0,0,0),
    (9,1,0,1),(14,0,0,1),(17,0,0,1),(12,0,0,1),(16,0,0,0),(17,0,1,1),(15,0,0,1),(16,1,0,1),
    (9,1,0,0),(15,0,0,0),(13,0,0,0),(8,2,0,0),(13,0,1,0),(17,1,0,1),(19,0,1,0),(14,0,1,0),
    (19,0,1,1),(17,0,1,0),(13,0,0,1),(17,0,0,0),(16,1,0,0),(9,2,0,0),(15,1,0,1),(15,1,0,0),
    (18,0,1,1),(18,0,0,1),(19,0,0,1),(17,1,0,0),(19,0,0,0),(18,0,1,0),(18,1,0,1),(19,2,0,0),
    (19,1,0,0),(18,0,0,0),(19,1,0,1),(18,1,0,0),
]


def add(a, b, s=1.0):
    return tuple(x + s * y for x, y in zip(a, b))


def scale(a, s):
    return tuple(s * x for x in a)


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def normalize(a):
    return scale(a, 1.0 / math.sqrt(dot(a, a)))


def fixed(a):
    return "[" + ", ".join(str(round(x * 2**SCALE_BITS)) for x in a) + "]"


def axes(face, az, length):
    """The scaled i and j axes of a face, for a Class II azimuth `az` of the i axis."""
    center = CENTERS[face]
    north = normalize(add((0.0, 0.0, 1.0), center, -center[2]))
    east = cross(north, center)
    # H3 turns hex angle theta into azimuth az - theta: direction(theta) = cos(theta) e1 +
    # sin(theta) e2 with these two tangent vectors.
    e1 = add(scale(north, math.cos(az)), east, math.sin(az))
    e2 = add(scale(north, math.sin(az)), east, -math.cos(az))
    u = scale(e1, length)
    v = scale(add(scale(e1, -0.5), e2, math.sqrt(3.0) / 2.0), length)
    return u, v


def main():
    print("//! Integer tables for [`super`]. Generated by `tools/gen_geo_tables.py`; do not edit.")
    print()
    print("/// Home face and home `(i, j, k)` of each base cell.")
    print("pub(super) const BASE_CELLS: [(u8, [i64; 3]); 122] = [")
    for f, i, j, k in BASE_CELLS:
        print(f"\t({f}, [{i}, {j}, {k}]),")
    print("];")
    print()
    print("/// The faces across the IJ, KI and JK edges of each face.")
    print("pub(super) const FACE_NEIGHBORS: [[u8; 3]; 20] = [")
    for n in NEIGHBORS:
        print(f"\t[{n[0]}, {n[1]}, {n[2]}],")
    print("];")
    print()
    print(f"/// Each face centre as a unit vector, scaled by 2^{SCALE_BITS}.")
    print("pub(super) const FACE_CENTERS: [[i64; 3]; 20] = [")
    for c in CENTERS:
        print(f"\t{fixed(c)},")
    print("];")
    print()
    print("/// Each face's gnomonic i and j axes at resolution 0 (Class II), scaled by")
    print(f"/// `RES0_U_GNOMONIC * 2^{SCALE_BITS}`.")
    print("pub(super) const FACE_AXES_CLASS_2: [[[i64; 3]; 2]; 20] = [")
    for f in range(20):
        u, v = axes(f, AXES_AZ_RADS_CII[f], RES0_U_GNOMONIC)
        print(f"\t[{fixed(u)}, {fixed(v)}],")
    print("];")
    print()
    print("/// Each face's gnomonic i and j axes at resolution 1 (Class III, turned by AP7_ROT_RADS),")
    print(f"/// scaled by `RES0_U_GNOMONIC / sqrt(7) * 2^{SCALE_BITS}`.")
    print("pub(super) const FACE_AXES_CLASS_3: [[[i64; 3]; 2]; 20] = [")
    for f in range(20):
        length = RES0_U_GNOMONIC / math.sqrt(7.0)
        u, v = axes(f, AXES_AZ_RADS_CII[f] - AP7_ROT_RADS, length)
        print(f"\t[{fixed(u)}, {fixed(v)}],")
    print("];")
    print()
    print("/// Taylor coefficients of `asin(x) / x` in powers of `x^2`, scaled by 2^31:")
    print("/// `c_n = (2n)! / (4^n (n!)^2 (2n + 1))`.")
    print(f"pub(super) const ASIN_COEFFS: [u64; {ASIN_TERMS}] = [")
    for n in range(ASIN_TERMS):
        c = math.factorial(2 * n) / (4**n * math.factorial(n) ** 2 * (2 * n + 1))
        print(f"\t{round(c * 2**31)},")
    print("];")


if __name__ == "__main__":
    main()
