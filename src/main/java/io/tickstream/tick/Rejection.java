package io.tickstream.tick;

/**
 * A record that could not be used: its zero-based position in the input and why.
 */
public record Rejection(int index, String reason) {

}
