/**
 * JUnit Jupiter glue behind the package-private extensions of {@code dev.childproof}: finding declarations,
 * scopes in the extension context's store, configuration, failure reports.
 */
package dev.childproof.internal.junit;
