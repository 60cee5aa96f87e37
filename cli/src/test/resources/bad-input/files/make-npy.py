"""Writes the .npy fixtures of the bad-input corpus: python3 make-npy.py (NumPy only)."""
import numpy as np

good = np.array([[0.0, 1.0], [1.0, 3.0], [2.0, 5.0], [3.0, 7.0]])
np.save("good.npy", good)
np.save("f32.npy", good.astype("<f4"))
np.save("ints.npy", good.astype("<i4"))
np.save("big-endian.npy", good.astype(">f8"))
np.save("fortran.npy", np.asfortranarray(good))
np.save("three-columns.npy", np.ones((4, 3)))
np.save("one-dimensional.npy", np.arange(4.0))
np.save("three-dimensional.npy", np.ones((2, 2, 2)))
np.save("no-rows.npy", np.ones((0, 2)))
np.save("nan.npy", np.array([[0.0, 1.0], [np.nan, 3.0]]))
np.save("inf.npy", np.array([[0.0, 1.0], [1.0, np.inf]]))
with open("good.npy", "rb") as f:
    data = f.read()
with open("truncated-data.npy", "wb") as f:
    f.write(data[:-12])
with open("truncated-header.npy", "wb") as f:
    f.write(data[:30])
with open("not-npy.npy", "wb") as f:
    f.write(b"x,y\n0,1\n")
with open("version-9.npy", "wb") as f:
    f.write(data[:6] + b"\x09\x00" + data[8:])
header_end = data.index(b"\n") + 1
with open("header-list.npy", "wb") as f:
    text = b"[1, 2]".ljust(header_end - 10 - 1) + b"\n"
    f.write(data[:8] + (len(text)).to_bytes(2, "little") + text + data[header_end:])
with open("header-no-shape.npy", "wb") as f:
    text = b"{'descr': '<f8', 'fortran_order': False, }".ljust(header_end - 10 - 1) + b"\n"
    f.write(data[:8] + (len(text)).to_bytes(2, "little") + text + data[header_end:])
with open("header-bad-shape.npy", "wb") as f:
    text = b"{'descr': '<f8', 'fortran_order': False, 'shape': (4, 'x'), }".ljust(header_end - 10 - 1) + b"\n"
    f.write(data[:8] + (len(text)).to_bytes(2, "little") + text + data[header_end:])
with open("empty.npy", "wb") as f:
    pass
