/**
 * Ranking features, computed by one code path for training and serving.
 *
 * <p>{@link dev.videorec.ranking.features.PointInTimeFeatures} replays the log in time order: a training example's
 * features are read <em>before</em> the example itself (and everything at its timestamp) is observed, so no
 * feature can contain its own label or anything later. After the replay the same object, frozen, serves requests.
 * Training/serving skew is avoided by construction: there is no second implementation to drift.
 * {@link dev.videorec.ranking.features.TrainingExamples} extracts every model's examples from one replay;
 * {@link dev.videorec.ranking.features.CategoricalIds} maps ids to embedding rows (hashed, with an
 * out-of-vocabulary bucket); {@link dev.videorec.ranking.features.Normalizer} holds the standardisation fitted on
 * the training window.
 */
package dev.videorec.ranking.features;
