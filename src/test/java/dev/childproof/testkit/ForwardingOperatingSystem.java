package dev.childproof.testkit;

import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessActivity;
import dev.childproof.internal.os.ProcessIdentity;
import dev.childproof.internal.os.SignalTable;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The real system, every call forwarded to it, default methods included (so that a method added to
 * {@link OperatingSystem} later is not answered by its default instead of the real system): a test overrides only
 * what it plays differently, as a system that refuses signals to some processes.
 */
public class ForwardingOperatingSystem implements OperatingSystem {

    /** The system every call goes to. */
    protected final OperatingSystem real;

    /** Forwards to {@link OperatingSystem#current()}. */
    public ForwardingOperatingSystem() {
        this(OperatingSystem.current());
    }

    /** Forwards to the given system. */
    public ForwardingOperatingSystem(OperatingSystem real) {
        this.real = real;
    }

    @Override
    public boolean isPosix() {
        return real.isPosix();
    }

    @Override
    public OptionalLong startTime(long pid) {
        return real.startTime(pid);
    }

    @Override
    public boolean isGone(long pid) {
        return real.isGone(pid);
    }

    @Override
    public boolean isRunning(long pid, long startTime) {
        return real.isRunning(pid, startTime);
    }

    @Override
    public boolean hasEnded(long pid, long startTime) {
        return real.hasEnded(pid, startTime);
    }

    @Override
    public OptionalLong parentPid(long pid) {
        return real.parentPid(pid);
    }

    @Override
    public Set<Long> awaitedChildren() {
        return real.awaitedChildren();
    }

    @Override
    public OptionalLong sessionId(long pid) {
        return real.sessionId(pid);
    }

    @Override
    public Optional<String> environmentVariable(long pid, String name) {
        return real.environmentVariable(pid, name);
    }

    @Override
    public boolean readsEnvironments() {
        return real.readsEnvironments();
    }

    @Override
    public List<Long> childrenOf(long pid) {
        return real.childrenOf(pid);
    }

    @Override
    public List<Long> adoptedChildren(long subreaper) {
        return real.adoptedChildren(subreaper);
    }

    @Override
    public List<Long> descendantsOf(long pid) {
        return real.descendantsOf(pid);
    }

    @Override
    public OptionalLong lastCreatedPid() {
        return real.lastCreatedPid();
    }

    @Override
    public OptionalLong startTimeNow() {
        return real.startTimeNow();
    }

    @Override
    public Optional<Boolean> listensOnLoopback(int port, ProcessIdentity process) {
        return real.listensOnLoopback(port, process);
    }

    @Override
    public Optional<String> loopbackListener(int port) {
        return real.loopbackListener(port);
    }

    @Override
    public List<Long> allPids() {
        return real.allPids();
    }

    @Override
    public String commandLine(long pid) {
        return real.commandLine(pid);
    }

    @Override
    public Optional<ProcessActivity> activity(long pid) {
        return real.activity(pid);
    }

    @Override
    public boolean isSuspended(long pid) {
        return real.isSuspended(pid);
    }

    @Override
    public boolean canSend(String signalName) {
        return real.canSend(signalName);
    }

    @Override
    public boolean signal(long pid, String signalName) {
        return real.signal(pid, signalName);
    }

    @Override
    public boolean signalChild(Process child, String signalName) {
        return real.signalChild(child, signalName);
    }

    @Override
    public <T> T openSparingly(Callable<T> action) throws IOException {
        return real.openSparingly(action);
    }

    @Override
    public <T> T openGuarded(Callable<T> open) throws IOException {
        return real.openGuarded(open);
    }

    @Override
    public SignalTable signals() {
        return real.signals();
    }
}
