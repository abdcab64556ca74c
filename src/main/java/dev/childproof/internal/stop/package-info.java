/** Stop events, the stop ladder, and the private directory their files live in. */
package dev.childproof.internal.stop;
