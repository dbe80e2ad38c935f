package io.tickstream.window;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One company's high and low in one window.
 *
 * @param name the company's ticker
 * @param start the window's start, in the offset its records were written with
 * @param end the window's end (exclusive)
 * @param high the highest {@code high}, as written
 * @param highTs the earliest timestamp at which it occurs
 * @param low the lowest {@code low}, as written
 * @param lowTs the earliest timestamp at which it occurs
 * @param count how many distinct records fell in the window
 */
public record WindowStats(String name, OffsetDateTime start, OffsetDateTime end, BigDecimal high, OffsetDateTime highTs,
		BigDecimal low, OffsetDateTime lowTs, long count) {
}
