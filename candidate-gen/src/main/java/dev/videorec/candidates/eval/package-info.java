/**
 * Offline evaluation of retrieval: recall@K of each candidate source on a global temporal split, with a slice for
 * the less popular videos (the tail) where sampling bias shows.
 */
package dev.videorec.candidates.eval;
