/** From a declaration (annotation or builder) to a running operating-system process. */
package dev.childproof.internal.launch;
