/** Configuration parameters under {@code childproof.}, their defaults and their validation. */
package dev.childproof.internal.config;
