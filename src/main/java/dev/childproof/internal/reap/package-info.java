/** What was launched, the trees under it, and ending them: registry, tree walk, cookie scan, watchdog client. */
package dev.childproof.internal.reap;
