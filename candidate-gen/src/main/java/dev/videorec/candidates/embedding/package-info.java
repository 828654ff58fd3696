/**
 * Learned user and video embeddings and the two seams retrieval uses them through: a
 * {@link dev.videorec.candidates.embedding.UserEmbedder} (static look-up or per-request computation) and a
 * {@link dev.videorec.candidates.embedding.VideoEmbeddings} table (ordinals to ids, the input of an index).
 * {@link dev.videorec.candidates.embedding.ImplicitAlsTrainer} is the matrix-factorization baseline: implicit
 * feedback, weighted alternating least squares.
 */
package dev.videorec.candidates.embedding;
