"""Starts a daemon the classic way: fork, setsid, fork again, close the standard streams.

The daemon leaves the launcher's process tree (its parent exits, it is re-parented) and its session, so a
tree walk from the launcher no longer finds it. The launcher prints the daemon's pid and exits 0.
"""
import os
import sys
import time

read_end, write_end = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.close(read_end)
        os.write(write_end, str(os.getpid()).encode())
        os.close(write_end)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        while True:
            time.sleep(1)
    os._exit(0)
os.close(write_end)
daemon_pid = os.read(read_end, 32).decode()
print(f"daemon pid {daemon_pid}", flush=True)
sys.exit(0)
