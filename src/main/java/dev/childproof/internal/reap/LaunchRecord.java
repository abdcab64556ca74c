package dev.childproof.internal.reap;

import dev.childproof.internal.os.ProcessIdentity;

/**
 * One process the extension launched.
 *
 * @param identity pid and start time
 * @param cookie its {@code CHILDPROOF_COOKIE}
 * @param name its name, for messages
 */
public record LaunchRecord(ProcessIdentity identity, String cookie, String name) {
}
