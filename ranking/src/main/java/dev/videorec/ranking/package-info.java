/**
 * Stage 2 of the funnel, ranking: score a few hundred candidates with a model much richer than retrieval can
 * afford.
 *
 * <p>ML system design steps: <em>data and features</em> ({@link dev.videorec.ranking.features}, one point-in-time
 * feature path shared by training and serving) and <em>model selection</em> (a smoothed-CTR baseline beside a
 * Deeplearning4j network in {@link dev.videorec.ranking.model}).
 */
package dev.videorec.ranking;
