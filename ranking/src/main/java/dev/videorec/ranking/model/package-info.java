/**
 * The deep multi-task ranker: trained with Deeplearning4j, saved with its metadata, served in plain Java. This is
 * the only package of the ranking module that touches ND4J/DL4J types, and none of them appears in a public
 * signature: callers see {@link dev.videorec.ranking.model.MultiTaskTrainer}, the
 * {@link dev.videorec.core.stage.Ranker} it returns, and {@link dev.videorec.ranking.model.RankerFiles}.
 */
package dev.videorec.ranking.model;
