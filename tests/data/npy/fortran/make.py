"""Writes the column-major fixtures of test_npy.c with numpy (run with
/usr/bin/python3 from this directory): one 19 × 35 matrix per dtype engram
reads, in both byte orders, made column-major by np.asfortranarray, so that
np.save writes fortran_order True; and a 3 × 4 × 5 array. The values follow
closed forms test_npy.c recomputes: 19 × 35 crosses the reader's 32-wide
tiles in both directions."""
import numpy as np

ROWS, COLS = 19, 35


def value(i, j):
    return (i * 37 + j * 11) % 97 - 48  # fits every dtype below, signed ones signed


def main():
    i, j = np.meshgrid(np.arange(ROWS), np.arange(COLS), indexing="ij")
    v = value(i, j)
    for descr in ["|i1", "|u1", "|b1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4",
                  "<i8", ">i8", "<u8", ">u8", "<f4", ">f4", "<f8", ">f8"]:
        dt = np.dtype(descr)
        if dt.kind == "b":
            a = v % 3 == 0
        elif dt.kind == "u":
            a = v + 48
        elif dt.kind == "f":
            a = v + 0.25 * (j % 4)
        else:
            a = v
        a = np.asfortranarray(a.astype(dt))
        name = descr[1:] + ("_be" if descr[0] == ">" else "")
        np.save(f"{name}.npy", a)
    k3 = np.arange(3 * 4 * 5).reshape(3, 4, 5)
    np.save("f8_3d.npy", np.asfortranarray(k3 * 0.5 - 7))
    np.save("i2_3d_be.npy", np.asfortranarray((k3 - 30).astype(">i2")))


if __name__ == "__main__":
    main()
