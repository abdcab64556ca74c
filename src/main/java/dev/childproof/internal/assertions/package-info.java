/**
 * The failure messages of Childproof's AssertJ assertions, one factory per kind of failure, in AssertJ's style.
 * Loaded only by {@link dev.childproof.ChildproofAssertions} and the assertion classes, so a class path without
 * AssertJ never touches this package. No compatibility promise.
 */
package dev.childproof.internal.assertions;
