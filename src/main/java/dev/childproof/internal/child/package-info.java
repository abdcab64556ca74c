/**
 * The child-side API, used inside JVMs launched by Childproof: stop event, readiness, task launcher. Depends on
 * the JDK only (and the public interfaces it implements), never on JUnit, AssertJ or Awaitility.
 */
package dev.childproof.internal.child;
