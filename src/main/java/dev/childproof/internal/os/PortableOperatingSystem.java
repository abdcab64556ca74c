package dev.childproof.internal.os;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * macOS, the BSDs and Windows: what {@link ProcessHandle} offers. No environment of other processes (so no
 * cookie scan), no thread states; signals other than TERM and KILL through {@code kill -s} on POSIX systems, and on
 * Windows none but TERM and INT (terminate) and KILL.
 */
final class PortableOperatingSystem implements OperatingSystem {

    private final boolean posix;

    PortableOperatingSystem(boolean posix) {
        this.posix = posix;
    }

    @Override
    public boolean isPosix() {
        return posix;
    }

    @Override
    public OptionalLong startTime(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().startInstant())
                .map(Instant::toEpochMilli)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    @Override
    public boolean isGone(long pid) {
        return ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true);
    }

    @Override
    public OptionalLong parentPid(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                .map(parent -> OptionalLong.of(parent.pid())).orElse(OptionalLong.empty());
    }

    @Override
    public Optional<String> environmentVariable(long pid, String name) {
        return Optional.empty();
    }

    @Override
    public boolean readsEnvironments() {
        return false;
    }

    @Override
    public List<Long> allPids() {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).collect(Collectors.toList());
    }

    @Override
    public String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine()).orElse("");
    }

    @Override
    public Optional<ProcessActivity> activity(long pid) {
        return Optional.empty();
    }

    @Override
    public boolean canSend(String signalName) {
        return posix || "TERM".equals(signalName) || "INT".equals(signalName) || "KILL".equals(signalName);
    }

    @Override
    public boolean signal(long pid, String signalName) {
        if (!posix) {
            // no signals: a request to end (TERM, INT) terminates, KILL kills; any other, such as the STOP of
            // suspend(), is not delivered rather than taken for a request to end the process
            if (!canSend(signalName)) {
                return false;
            }
            boolean kill = "KILL".equals(signalName);
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty()) {
                return false;
            }
            return kill ? handle.get().destroyForcibly() : handle.get().destroy();
        }
        return SignalSender.send(pid, signalName);
    }
}
