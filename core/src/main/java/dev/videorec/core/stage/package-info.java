/**
 * The stage contracts of the funnel. Each interface has a single job and a {@code name()} that appears in traces
 * and in removal reasons:
 * <ol>
 *   <li>{@link dev.videorec.core.stage.CandidateSource}: proposes a few hundred videos out of millions;</li>
 *   <li>{@link dev.videorec.core.stage.Ranker}: scores those candidates with a richer model;</li>
 *   <li>{@link dev.videorec.core.stage.Reranker}: shapes the final list with business rules, built from
 *       {@link dev.videorec.core.stage.CandidateFilter}s, {@link dev.videorec.core.stage.Rescorer}s and
 *       {@link dev.videorec.core.stage.Selector}s, run in that order.</li>
 * </ol>
 * Implementations live in the stage modules ({@code candidate-gen}, {@code ranking}, {@code reranking}); only
 * {@code pipeline-app} wires them together.
 */
package dev.videorec.core.stage;
