/** Draining, bounded in-memory buffers, log files, line matching and readiness. */
package dev.childproof.internal.output;
