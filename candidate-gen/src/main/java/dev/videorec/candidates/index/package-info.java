/**
 * Vector search. A {@link dev.videorec.candidates.index.VectorIndex} knows only {@code int} ordinals and float
 * vectors; mapping ordinals to video ids is the candidate source's job. {@link
 * dev.videorec.candidates.index.ExactIndex} is the exact brute-force search that every approximate index is
 * measured against.
 */
package dev.videorec.candidates.index;
