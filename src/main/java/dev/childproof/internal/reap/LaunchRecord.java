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

    /** Written out, as {@link #hashCode()} is, for the reason {@link ProcessIdentity#equals} gives. */
    @Override
    public boolean equals(Object other) {
        return other instanceof LaunchRecord that && that.identity.equals(identity) && that.cookie.equals(cookie)
                && that.name.equals(name);
    }

    @Override
    public int hashCode() {
        return (31 * identity.hashCode() + cookie.hashCode()) * 31 + name.hashCode();
    }
}
