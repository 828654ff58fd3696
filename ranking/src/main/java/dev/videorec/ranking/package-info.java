/**
 * Stage 2 of the funnel, ranking: score a few hundred candidates with a model much richer than retrieval can
 * afford.
 *
 * <p>ML system design steps: <em>problem framing</em> (click classification plus watch-time prediction, combined
 * by a {@link dev.videorec.ranking.ValueModel}), <em>data and features</em> ({@link dev.videorec.ranking.features},
 * one point-in-time feature path shared by training and serving), <em>model selection</em> (a smoothed-CTR
 * popularity baseline and {@link dev.videorec.ranking.LogisticRegressionRanker} beside the Deeplearning4j
 * multi-task network in {@link dev.videorec.ranking.model}) and <em>offline evaluation</em>
 * ({@link dev.videorec.ranking.RankingEvaluation}: AUC, log loss, normalised entropy, calibration, GAUC, NDCG, watch
 * error).
 */
package dev.videorec.ranking;
