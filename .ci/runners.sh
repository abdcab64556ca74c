#!/usr/bin/env bash
# The suite under every runner and version Childproof supports (issue 8, items 6 and 7), beyond the plain
# `./mvnw verify`: Surefire with forkCount=2 (forks reused, and a fresh fork per class), the JUnit Platform Console
# Launcher standalone jar, each on JUnit 5.14.x and 6.1.x with Java 17; then the plain suite on Java 25 with both
# JUnit lines. Exits non-zero on the first failure.
#
#   .ci/runners.sh            everything (about 4 x the plain suite, plus 2 on Java 25)
#   .ci/runners.sh java25     only the Java 25 runs
#   .ci/runners.sh runners    only the Java 17 runner runs
set -euo pipefail
cd "$(dirname "$0")/.."

java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
what=${1:-all}

step() {
    echo
    echo "== runners.sh: $*"
}

if [[ $what == all || $what == runners ]]; then
    step "JUnit 5, Java 17: two forks, fresh forks, Console Launcher"
    ./mvnw -B -ntp -Prunners verify
    step "JUnit 6, Java 17: two forks, fresh forks, Console Launcher"
    ./mvnw -B -ntp -Pjunit6,runners verify
fi

if [[ $what == all || $what == java25 ]]; then
    if [[ ! -x $java25/bin/java ]]; then
        echo "runners.sh: no Java 25 at $java25 (set JAVA25_HOME)" >&2
        exit 1
    fi
    step "JUnit 5, Java 25: the plain suite"
    JAVA_HOME=$java25 ./mvnw -B -ntp verify
    step "JUnit 6, Java 25: the plain suite"
    JAVA_HOME=$java25 ./mvnw -B -ntp -Pjunit6 verify
fi
echo
echo "== runners.sh: all passed"
