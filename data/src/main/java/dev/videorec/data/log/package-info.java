/**
 * Any interaction log as a dataset: a CSV or TSV file with a header, its columns named by a mapping
 * ({@link dev.videorec.data.log.LogColumns}), its ids opaque strings mapped to dense ordinals
 * ({@link dev.videorec.data.log.IdMapping}) so that the log's own ids can be spoken back wherever a user sees one.
 */
package dev.videorec.data.log;
