/**
 * The machinery behind {@code dev.childproof}. Everything here may change in any release without notice: it
 * carries no compatibility promise, and users should not refer to it.
 */
package dev.childproof.internal;
