/*
 * The floor of any pipe-based output capture on this machine: runs a command with its standard output on a pipe
 * (optionally enlarged with F_SETPIPE_SZ, which Java 17 cannot do) and copies everything read to a file, with no
 * line work at all; or, with pipe size -1, lets the command write straight to the file (the ProcessBuilder
 * redirect baseline). Prints the wall time. Not part of the build; see BENCHMARKS.md:
 *
 *   gcc -O2 -o target/pipe_floor src/bench/c/pipe_floor.c
 *   target/pipe_floor <pipe size: -1 redirect, 0 default, or bytes> <output file> <command> [args...]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s <pipe size: -1|0|bytes> <output file> <command> [args...]\n", argv[0]);
        return 2;
    }
    int size = atoi(argv[1]);
    int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0) {
        perror("open");
        return 1;
    }
    static char buffer[1 << 20];
    int fds[2];
    if (size >= 0 && pipe(fds) != 0) {
        perror("pipe");
        return 1;
    }
    if (size > 0 && fcntl(fds[1], F_SETPIPE_SZ, size) < 0) {
        perror("F_SETPIPE_SZ");
    }
    double start = now_ms();
    pid_t child = fork();
    if (child == 0) {
        dup2(size >= 0 ? fds[1] : out, 1);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    if (size >= 0) {
        close(fds[1]);
        ssize_t n;
        while ((n = read(fds[0], buffer, sizeof buffer)) > 0) {
            for (ssize_t done = 0; done < n;) {
                ssize_t w = write(out, buffer + done, n - done);
                if (w < 0) {
                    perror("write");
                    return 1;
                }
                done += w;
            }
        }
    }
    int status;
    waitpid(child, &status, 0);
    printf("%s: %.0f ms\n", size < 0 ? "redirect to the file" : size == 0 ? "default pipe, copied to the file"
            : "enlarged pipe, copied to the file", now_ms() - start);
    return 0;
}
