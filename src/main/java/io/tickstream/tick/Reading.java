package io.tickstream.tick;

/**
 * How an input's records are read: in which feed's shape, and, for a CSV file without a
 * symbol column, whose records they are.
 *
 * @param feed the feed, or {@link Feed#ANY} to recognise each record's
 * @param symbol the symbol of a CSV file's records where it has no symbol column, or
 * {@code null}
 */
public record Reading(Feed feed, String symbol) {

	/** Each record in whichever shape it has. */
	public static final Reading ANY = new Reading(Feed.ANY, null);

	/** Only the course's shape, as the pipeline writes its own streams. */
	public static final Reading COURSE = new Reading(Feed.COURSE, null);

	public static Reading of(Feed feed) {
		return new Reading(feed, null);
	}

}
