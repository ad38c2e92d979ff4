"""Times numpy.busday_offset on the same kind of work as the deadline bench:
4096 receipt days over 2024-2027, 3 business days ahead, with Vietnam's days
off and no working Saturdays (numpy cannot express swapped days). Prints
deadlines per second on one core."""
import sys
import time

import numpy as np

holidays = [l.split()[0] for l in sys.stdin if " off " in l]
rng = np.random.default_rng(7)
days = np.datetime64("2024-01-01") + rng.integers(0, 4 * 365, 4096).astype("timedelta64[D]")
cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
np.busday_offset(days, 3, roll="forward", busdaycal=cal)  # warm up
best = float("inf")
for _ in range(30):
    t = time.perf_counter()
    for _ in range(20):
        np.busday_offset(days, 3, roll="forward", busdaycal=cal)
    best = min(best, (time.perf_counter() - t) / 20)
print(f"{4096 / best:.0f}")
