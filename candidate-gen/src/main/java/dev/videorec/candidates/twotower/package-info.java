/**
 * The two-tower retrieval model (Yi et al., RecSys 2019): a user tower over the recent watch history and the
 * request's context, a video tower over the id, creator and content, both L2-normalised, trained with an in-batch
 * softmax corrected for sampling bias (logQ) by a streaming frequency estimator.
 *
 * <p>{@link dev.videorec.candidates.twotower.TwoTowerTrainer} trains a SameDiff graph and exports it to a plain-Java
 * {@link dev.videorec.candidates.twotower.TwoTowerModel}, so that ND4J stays inside this package and serving runs
 * without it: user vectors per request (dynamic) or in batch (static), video vectors for the index.
 * {@link dev.videorec.candidates.twotower.TwoTowerFiles} saves and loads the exported model.
 */
package dev.videorec.candidates.twotower;
