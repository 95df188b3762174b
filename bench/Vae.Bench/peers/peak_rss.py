"""Runs a peer script as __main__, unaltered, and then prints the peak RSS of this Python process.

Usage: peak_rss.py SCRIPT [ARGS...]
After SCRIPT returns, prints "peak_rss_kb K" with K = resource.getrusage(RUSAGE_SELF).ru_maxrss (kB on
Linux): the high-water mark of the whole process, interpreter, torch and data included, the same
measure as VmHWM that Vae.Bench's own worker reports for itself.
"""
import resource
import runpy
import sys

script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
print(f"peak_rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
