package dev.childproof.internal.junit;

import dev.childproof.internal.launch.ProcessDeclaration;

import java.lang.reflect.Field;

/**
 * A declaration read and checked, not yet launched.
 *
 * @param key unique within its scope
 * @param declaration the checked declaration
 * @param field the field to inject, or null for a parameter
 * @param instance the instance owning the field, or null for a static field or a parameter
 */
record PendingProcess(String key, ProcessDeclaration declaration, Field field, Object instance) {

    PendingProcess withInstance(Object owner) {
        return new PendingProcess(key, declaration, field, owner);
    }
}
