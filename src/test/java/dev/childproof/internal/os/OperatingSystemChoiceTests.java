package dev.childproof.internal.os;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("OperatingSystem: chosen from os.name as SignalTable chooses its numbers")
class OperatingSystemChoiceTests {

    @Test
    void darwinIsAPosixSystemWithBsdNumbersNotWindows() {
        assertThat(SignalTable.forOsName("Darwin")).isSameAs(SignalTable.forOsName("Mac OS X"));
        assertThat(OperatingSystem.Holder.choose("Darwin").isPosix()).as("Darwin").isTrue();
        assertThat(OperatingSystem.Holder.choose("Darwin").canSend("STOP")).isTrue();
        assertThat(OperatingSystem.Holder.choose("Mac OS X").isPosix()).isTrue();
        assertThat(OperatingSystem.Holder.choose("FreeBSD").isPosix()).isTrue();
    }

    @Test
    void windowsIsWindowsAndLinuxIsLinux() {
        for (String windows : new String[] {"Windows 10", "Windows 11", "Windows Server 2022"}) {
            assertThat(OperatingSystem.Holder.choose(windows).isPosix()).as(windows).isFalse();
            assertThat(OperatingSystem.Holder.choose(windows).canSend("STOP")).as(windows).isFalse();
        }
        assertThat(OperatingSystem.Holder.choose("Linux")).isInstanceOf(LinuxOperatingSystem.class);
    }

    @Test
    void onlyLinuxReadsOtherProcessesEnvironmentsSoOnlyThereIsACookieSearched() {
        assertThat(OperatingSystem.Holder.choose("Linux").readsEnvironments()).isTrue();
        for (String other : new String[] {"Mac OS X", "Darwin", "Windows 11", "FreeBSD"}) {
            assertThat(OperatingSystem.Holder.choose(other).readsEnvironments()).as(other).isFalse();
        }
    }
}
