/** The handle behind {@link dev.childproof.ChildProcess}: state, timeline, exit status, stop delivery. */
package dev.childproof.internal.process;
