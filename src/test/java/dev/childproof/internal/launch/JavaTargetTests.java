package dev.childproof.internal.launch;

import dev.childproof.ProcessTask;
import dev.childproof.TaskContext;
import dev.childproof.fixtures.InstanceMain;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the declaration check accepts as a main class, by the java launcher's rules of each version, and where the
 * quick-start option goes.
 */
class JavaTargetTests {

    @Test
    void theQuickStartOptionGoesFirstOnAHotSpotServerVmOnly() {
        assertThat(JavaTarget.withQuickStart(List.of("-Xmx64m", "-XX:TieredStopAtLevel=4"), "OpenJDK 64-Bit Server VM"))
                .containsExactly("-XX:TieredStopAtLevel=1", "-Xmx64m", "-XX:TieredStopAtLevel=4");
        assertThat(JavaTarget.withQuickStart(List.of(), "Java HotSpot(TM) 64-Bit Server VM"))
                .containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(JavaTarget.withQuickStart(List.of("-Xmx64m"), "Eclipse OpenJ9 VM")).containsExactly("-Xmx64m");
    }

    @Test
    void beforeJava25OnlyAPublicStaticMainRuns() {
        assertThat(JavaTarget.check(PublicStaticMain.class, 17)).isEmpty();
        assertThat(JavaTarget.check(InstanceMain.class, 17)).contains("has no public static void main(String[]) and"
                + " does not implement ProcessTask; add one of them");
        assertThat(JavaTarget.check(PackageStaticMain.class, 17)).isPresent();
    }

    @Test
    void aClassPathAmongTheDeclaredOptionsIsAddedToTheTestJvmsRatherThanReplacingIt() {
        List<String> rest = new java.util.ArrayList<>();
        assertThat(JavaTarget.withDeclaredEntries("/test", List.of("-Xmx64m", "-cp", "/a", "--class-path=/b",
                "-classpath", "/c", "-Dx=1"), rest)).isEqualTo(String.join(java.io.File.pathSeparator, "/test", "/a",
                "/b", "/c"));
        assertThat(rest).containsExactly("-Xmx64m", "-Dx=1");
    }

    @Test
    void fromJava25WhatTheLauncherRunsIsAccepted() {
        assertThat(JavaTarget.check(PublicStaticMain.class, 25)).isEmpty();
        assertThat(JavaTarget.check(InstanceMain.class, 25)).isEmpty();
        assertThat(JavaTarget.check(PackageStaticMain.class, 25)).isEmpty();
        assertThat(JavaTarget.check(InheritedInstanceMain.class, 25)).isEmpty();
        assertThat(JavaTarget.check(DefaultMainOfAnInterface.class, 25)).isEmpty();
        assertThat(JavaTarget.check(StaticMainOfAnInterface.class, 25)).as("a static one is not inherited")
                .isPresent();
    }

    @Test
    void fromJava25WhatTheLauncherRefusesIsNamed() {
        assertThat(JavaTarget.check(PrivateMain.class, 25)).contains("has no main method the java launcher can run"
                + " (void main(String[]) or void main(), not private) and does not implement ProcessTask; add one of"
                + " them");
        assertThat(JavaTarget.check(InstanceMainWithoutConstructor.class, 25)).contains("has an instance main method"
                + " but no non-private no-argument constructor; add one, or make the main method static");
        assertThat(JavaTarget.check(InnerInstanceMain.class, 25)).contains("has an instance main method but is"
                + " abstract or an inner class, so the java launcher cannot make an instance; make it concrete and"
                + " static, or the main method static");
    }

    @Test
    void anInnerTaskIsToldToBeStatic() {
        assertThat(JavaTarget.check(InnerTask.class, 17)).contains("implements ProcessTask but is an inner class, which"
                + " needs an enclosing instance; make it static");
    }

    static class PublicStaticMain {
        public static void main(String[] args) {
        }
    }

    static class PackageStaticMain {
        static void main(String[] args) {
        }
    }

    static class InheritedInstanceMain extends InstanceMain {
    }

    interface HasDefaultMain {
        default void main() {
        }
    }

    static class DefaultMainOfAnInterface implements HasDefaultMain {
    }

    interface HasStaticMain {
        static void main(String[] args) {
        }
    }

    static class StaticMainOfAnInterface implements HasStaticMain {
    }

    static class PrivateMain {
        private static void main(String[] args) {
        }
    }

    static class InstanceMainWithoutConstructor {
        InstanceMainWithoutConstructor(int unused) {
        }

        void main() {
        }
    }

    class InnerInstanceMain {
        void main() {
        }
    }

    public class InnerTask implements ProcessTask {
        @Override
        public int run(TaskContext context) {
            return 0;
        }
    }
}
