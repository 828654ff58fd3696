/**
 * The deep click model, trained and run with Deeplearning4j. This is the only package of the ranking module that
 * touches ND4J/DL4J types, and none of them appears in a public signature: callers see
 * {@link dev.videorec.ranking.model.ClickModelTrainer} and the {@link dev.videorec.core.stage.Ranker} it returns.
 */
package dev.videorec.ranking.model;
