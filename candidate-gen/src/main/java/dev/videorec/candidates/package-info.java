/**
 * Stage 1 of the funnel, candidate generation: narrow millions of videos down to a few hundred per request, fast.
 *
 * <p>ML system design steps: <em>model selection</em> (a learned embedding baseline, implicit-feedback matrix
 * factorization, beside a popularity baseline it must beat) and <em>serving</em> (nearest-neighbour search over
 * video embeddings on the latency-critical path).
 * <ul>
 *   <li>{@link dev.videorec.candidates.embedding}: learning user and video embeddings from the log;</li>
 *   <li>{@link dev.videorec.candidates.index}: top-K inner-product search over video embeddings;</li>
 *   <li>{@link dev.videorec.candidates.source}: the candidate sources and the mixer that merges them.</li>
 * </ul>
 */
package dev.videorec.candidates;
