#!/usr/bin/env python3
"""cpu.py - run a command and print its CPU time (user+sys of the command and its
children, microsecond resolution from getrusage) and wall time, in seconds:
    bench/cpu.py [-o OUTFILE] CMD ARG...      ->  "cpu wall maxrss_kb exit"
stdout of the command goes to OUTFILE (default /dev/null); stderr is kept."""
import os, resource, subprocess, sys, time

args = sys.argv[1:]
out = os.devnull
if args[:1] == ["-o"]:
    out, args = args[1], args[2:]
before = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.monotonic()
with open(out, "wb") as f:
    rc = subprocess.call(args, stdout=f)
wall = time.monotonic() - t0
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(f"{cpu:.6f} {wall:.6f} {after.ru_maxrss} {rc}")
