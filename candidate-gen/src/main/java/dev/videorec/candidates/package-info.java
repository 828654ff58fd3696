/**
 * Stage 1 of the funnel, candidate generation: narrow millions of videos down to a few hundred per request, fast.
 *
 * <p>ML system design steps: <em>problem framing</em> (retrieval as extreme multi-class classification),
 * <em>model selection</em> (popularity, then matrix factorization, then a two-tower network with sampling-bias
 * correction), <em>offline evaluation</em> (recall@K on a global temporal split, with a tail slice) and
 * <em>serving</em> (nearest-neighbour search and several sources merged within latency budgets).
 * <ul>
 *   <li>{@link dev.videorec.candidates.embedding}: embeddings, the MF baseline, and the user/video seams;</li>
 *   <li>{@link dev.videorec.candidates.twotower}: the two-tower model, trained in SameDiff, served in plain Java;</li>
 *   <li>{@link dev.videorec.candidates.index}: top-K inner-product search over video embeddings;</li>
 *   <li>{@link dev.videorec.candidates.source}: the candidate sources and the mixer that merges them;</li>
 *   <li>{@link dev.videorec.candidates.eval}: recall@K of each source on a temporal split.</li>
 * </ul>
 */
package dev.videorec.candidates;
