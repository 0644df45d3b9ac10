"""Median wall and CPU time of whole commands, run alternately.

usage: startup_time.py RUNS NAME=COMMAND... (each COMMAND a shell word list)
Prints one line per command: median wall ms, median CPU ms (user + system,
every thread), median minor page faults.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def main():
    runs = int(sys.argv[1])
    cmds = [(a.split("=", 1)[0], shlex.split(a.split("=", 1)[1])) for a in sys.argv[2:]]
    res = {name: [] for name, _ in cmds}
    for _ in range(runs):
        for name, cmd in cmds:  # alternating: drifts of a shared machine hit every command alike
            t = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t
            if status != 0:
                sys.exit(f"startup_time.py: {name} failed (status {status})")
            res[name].append((wall, ru.ru_utime + ru.ru_stime, ru.ru_minflt))
    for name, _ in cmds:
        r = res[name]
        med = lambda k: statistics.median(x[k] for x in r)
        print(f"{name:24s} wall {med(0) * 1e3:6.2f} ms  cpu {med(1) * 1e3:6.2f} ms  faults {med(2):6.0f}")


if __name__ == "__main__":
    main()
