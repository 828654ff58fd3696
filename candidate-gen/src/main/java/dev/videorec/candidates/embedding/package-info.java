/**
 * Learning user and video embeddings from the interaction log, such that the inner product of a user's and a
 * video's vector predicts engagement. {@link dev.videorec.candidates.embedding.ImplicitAlsTrainer} is the
 * baseline: implicit-feedback matrix factorization by weighted alternating least squares.
 */
package dev.videorec.candidates.embedding;
