package io.tickstream.tick;

/**
 * What {@code ingest} answers: one {@link Tick} for a single record, an
 * {@link IngestReport} for a batch.
 */
public sealed interface IngestResult permits Tick, IngestReport {

}
