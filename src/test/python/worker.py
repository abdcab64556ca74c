"""The Python worker of README's composed-annotation example: says ready, works until its stop file exists."""
import os
import sys
import time

print("ready " + " ".join(sys.argv[1:]), flush=True)
while not os.path.exists(os.environ["CHILDPROOF_STOP_FILE"]):
    time.sleep(0.01)
print("bye", flush=True)
