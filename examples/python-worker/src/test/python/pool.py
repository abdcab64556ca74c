"""A supervisor with a pool of worker processes that share one multiprocessing.Event.

The supervisor watches Childproof's stop file; when it appears it sets the shared event, every worker
finishes its current unit and exits, and the supervisor joins them all and exits 0.
"""
import multiprocessing
import os
import sys
import time

WORKERS = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def work(index, stop):
    done = 0
    while not stop.is_set():
        done += 1
        stop.wait(0.01)
    # one write per line: print() writes the text and the newline separately, and the workers share one pipe
    sys.stdout.write(f"worker {index} (pid {os.getpid()}) stopping after {done} units\n")
    sys.stdout.flush()


def main():
    stop = multiprocessing.Event()
    workers = [multiprocessing.Process(target=work, args=(i, stop), name=f"worker-{i}") for i in range(WORKERS)]
    for worker in workers:
        worker.start()
    print("pids " + " ".join(str(w.pid) for w in workers), flush=True)
    print(f"supervisor ready with {WORKERS} workers", flush=True)
    stop_file = os.environ["CHILDPROOF_STOP_FILE"]
    while not os.path.exists(stop_file):
        time.sleep(0.02)
    stop.set()
    for worker in workers:
        worker.join()
    print("all workers joined; exit codes " + " ".join(str(w.exitcode) for w in workers), flush=True)


if __name__ == "__main__":
    main()
