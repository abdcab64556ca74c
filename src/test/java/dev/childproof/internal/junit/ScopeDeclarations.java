package dev.childproof.internal.junit;

import dev.childproof.SpawnedProcess;
import dev.childproof.internal.config.Settings;
import dev.childproof.internal.launch.DeclarationReader;
import dev.childproof.internal.launch.ProcessDeclaration;

import java.lang.reflect.Field;
import java.util.Optional;

/** Declarations read from a test holder's annotated field, with the default settings, for the scope tests. */
final class ScopeDeclarations {

    private ScopeDeclarations() {
    }

    /**
     * The declaration of a {@code @SpawnedProcess} field.
     *
     * @param holder the class declaring the field
     * @param field the field's name
     * @param name the process's name
     */
    static ProcessDeclaration of(Class<?> holder, String field, String name) throws NoSuchFieldException {
        Field declared = holder.getDeclaredField(field);
        return DeclarationReader.read(declared.getAnnotation(SpawnedProcess.class), Elements.describe(declared), name,
                Optional.empty(), Settings.DEFAULTS);
    }
}
