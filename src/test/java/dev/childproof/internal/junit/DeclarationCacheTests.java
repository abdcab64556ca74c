package dev.childproof.internal.junit;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopsWithin;
import dev.childproof.internal.config.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Declarations: read once per run, per @StopsWithin that applies")
class DeclarationCacheTests {

    static class Holder {
        @SpawnedProcess(command = {"sleep", "1"})
        ChildProcess worker;

        @SpawnedProcess(command = {"sleep", "1"}, stopTimeout = "not a duration")
        ChildProcess broken;

        void plain() {
        }

        void other() {
        }

        @StopsWithin("3s")
        void bounded() {
        }

        void withParameter(@SpawnedProcess(command = {"sleep", "1"}) ChildProcess parameter) {
        }
    }

    private final DeclarationCache cache = new DeclarationCache();
    private final Settings settings = Settings.DEFAULTS;

    @Test
    void aFieldIsReadOnceForEveryTestItAppliesToAlike() throws Exception {
        Field field = Holder.class.getDeclaredField("worker");
        PendingProcess first = cache.field(field, method("plain"), Holder.class, settings);
        assertThat(cache.field(field, method("other"), Holder.class, settings)).isSameAs(first);
        assertThat(first.declaration().stopsWithin()).isEqualTo(Optional.empty());
    }

    @Test
    void aTestWithItsOwnStopsWithinGetsADeclarationOfItsOwn() throws Exception {
        Field field = Holder.class.getDeclaredField("worker");
        PendingProcess plain = cache.field(field, method("plain"), Holder.class, settings);
        PendingProcess bounded = cache.field(field, method("bounded"), Holder.class, settings);
        assertThat(bounded).isNotSameAs(plain);
        assertThat(bounded.declaration().stopsWithin()).contains(Duration.ofSeconds(3));
        assertThat(cache.field(field, method("plain"), Holder.class, settings)).isSameAs(plain);
    }

    @Test
    void aParameterIsReadOnceForEveryInvocation() throws Exception {
        Parameter parameter = method("withParameter").getParameters()[0];
        PendingProcess first = cache.parameter(parameter, 0, method("withParameter"), Holder.class, settings);
        assertThat(cache.parameter(parameter, 0, method("withParameter"), Holder.class, settings)).isSameAs(first);
        assertThat(first.declaration().name()).isEqualTo("parameter");
    }

    @Test
    void aFailingDeclarationFailsAgainWithTheSameMessage() throws Exception {
        Field field = Holder.class.getDeclaredField("broken");
        String message = null;
        for (int i = 0; i < 2; i++) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> cache.field(field, method("plain"), Holder.class, settings));
            assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class);
            if (message != null) {
                assertThat(thrown).hasMessage(message);
            }
            message = thrown.getMessage();
        }
        assertThat(message).contains("stopTimeout");
        assertThatThrownBy(() -> cache.field(field, null, Holder.class, settings))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessage(message);
    }

    private static Method method(String name) throws NoSuchMethodException {
        for (Method method : Holder.class.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new NoSuchMethodException(name);
    }
}
