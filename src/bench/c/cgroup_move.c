/*
 * What moving a just-launched process into a fresh cgroup costs, as a function of the idle time between launches:
 * the cost of the cgroup layer's one write per launch. Each round makes a cgroup, spawns a short sleep, writes its
 * pid to the cgroup's cgroup.procs (timed), reaps it, removes the cgroup, then idles for the given gap.
 *
 * Without the cgroup2 mount option favordynmods, a write to cgroup.procs takes a global lock for writing whose
 * first taker after a quiet spell waits for an RCU grace period (7-16 ms measured on this project's 2-core VM);
 * moves less than a grace period apart share one. Needs a writable cgroup2 hierarchy (root). Not part of the
 * build; see BENCHMARKS.md:
 *
 *   gcc -O2 -o target/cgroup_move src/bench/c/cgroup_move.c
 *   target/cgroup_move <cgroup2 directory to work under> <rounds> <gap between launches in microseconds>
 *
 * Prints the median, p90 and maximum of mkdir, spawn, move and rmdir, in milliseconds.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *samples, int n) {
    qsort(samples, n, sizeof(double), by_value);
    printf("%s median %.3f p90 %.3f max %.3f | ", what, samples[n / 2], samples[n * 9 / 10], samples[n - 1]);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s <cgroup2 directory> <rounds> <gap in microseconds>\n", argv[0]);
        return 2;
    }
    int rounds = atoi(argv[2]);
    int gap = atoi(argv[3]);
    double *made = calloc(rounds, sizeof(double)), *spawned = calloc(rounds, sizeof(double));
    double *moved = calloc(rounds, sizeof(double)), *removed = calloc(rounds, sizeof(double));
    for (int i = 0; i < rounds; i++) {
        char dir[4096], procs[4200], pid_text[32];
        snprintf(dir, sizeof dir, "%s/cgroup_move.%d.%d", argv[1], (int) getpid(), i);
        snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
        double t0 = now_ms();
        if (mkdir(dir, 0755) != 0) {
            perror(dir);
            return 1;
        }
        double t1 = now_ms();
        pid_t pid;
        char *args[] = {"sleep", "0.001", NULL};
        if (posix_spawnp(&pid, "sleep", NULL, NULL, args, environ) != 0) {
            perror("posix_spawnp");
            return 1;
        }
        double t2 = now_ms();
        int fd = open(procs, O_WRONLY);
        int length = snprintf(pid_text, sizeof pid_text, "%d", (int) pid);
        if (fd < 0 || write(fd, pid_text, length) != length) {
            perror(procs);
        }
        close(fd);
        double t3 = now_ms();
        waitpid(pid, NULL, 0);
        double t4 = now_ms();
        if (rmdir(dir) != 0) {
            perror(dir);
        }
        double t5 = now_ms();
        made[i] = t1 - t0;
        spawned[i] = t2 - t1;
        moved[i] = t3 - t2;
        removed[i] = t5 - t4;
        if (gap > 0) {
            usleep(gap);
        }
    }
    report("mkdir", made, rounds);
    report("spawn", spawned, rounds);
    report("move", moved, rounds);
    report("rmdir", removed, rounds);
    printf("\n");
    return 0;
}
